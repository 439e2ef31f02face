/**
 * The queue page: counts per status, filters and search, and the table an organiser triages with
 * the keyboard (j/k, a, r, e, x). Row buttons submit the surrounding bulk form to the item's action
 * URL (formaction), so one form with one CSRF token serves the row actions and bulk approval.
 */
import { TRANSITIONS } from '../../review/store';
import type { PauseState } from '../../replies/breaker';
import { STATUSES, type EndorsementItem } from '../../review/types';
import { html, href, type Html } from '../html';
import { doubts, narrowingQuery, type QueueFilters, type QueueNarrowing, type QueueView } from '../queue-model';
import { when } from '../replies';
import { csrfField } from './layout';

const KINDS = ['endorsement', 'withdrawal'];

/** The signer as a reviewer names it: organisation, else the person, else a placeholder. */
export function signerLabel(it: EndorsementItem): string {
  return it.organisation ?? it.name ?? '(no name found)';
}

function options(values: string[], selected: string | undefined, all: string): Html {
  return html`<option value="">${all}</option>${values.map((v) => html`<option${v === selected ? html` selected` : ''}>${v}</option>`)}`;
}

function row(it: EndorsementItem, n: QueueNarrowing): Html {
  const flags = doubts(it);
  // A withdrawal request has one action, on its item page (link, then remove from the list); here it can only be rejected.
  const request = it.kind === 'withdrawal';
  const can = (a: keyof typeof TRANSITIONS) => TRANSITIONS[a].from.includes(it.status) && (!request || a === 'reject');
  // The version in the URL: the row buttons share the bulk form, so it cannot be a field of their own.
  const action = href(`/items/${encodeURIComponent(it.id)}/action`, { version: it.version ?? 0 });
  // Opened from here, the item page keeps the queue's filters for its previous/next.
  const open = href(`/items/${encodeURIComponent(it.id)}`, narrowingQuery(n));
  return html`<tr data-id="${it.id}">
<td><input type="checkbox" name="id" value="${it.id}" aria-label="select ${signerLabel(it)}"${it.status === 'pending' && !request ? '' : html` disabled`}><input type="hidden" name="v:${it.id}" value="${String(it.version ?? 0)}"></td>
<td><a class="open" href="${open}">${signerLabel(it)}</a>
  ${it.signerType === 'individual' ? html` <span class="muted">(person)</span>` : ''}
  ${flags.map((f) => html`<span class="flag">${f}</span>`)}${it.kind === 'withdrawal' ? html`<span class="flag">withdrawal</span>` : ''}
  <div class="muted hide-narrow">${it.contactEmail ?? ''}</div></td>
<td>${it.country ?? ''}</td>
<td class="hide-narrow">${it.language ?? ''}</td>
<td class="hide-narrow">${it.receivedAt.slice(0, 16).replace('T', ' ')}</td>
<td><span class="status status-${it.status}">${it.status}</span></td>
<td class="row-actions">
  ${can('approve') ? html`<button class="approve" formaction="${action}" name="action" value="approve" title="approve (a): emails the signer a confirmation after the undo window">Approve ✉</button>` : ''}
  ${request && it.status === 'pending' ? html`<a class="button" href="${open}#withdrawal" title="link to the signer and remove it from the list">Remove…</a>` : ''}
  ${can('reject') ? html`<button class="reject" formaction="${action}" name="action" value="reject" title="reject (r): no mail">Reject</button>` : ''}
  ${can('reopen') ? html`<button formaction="${action}" name="action" value="reopen" title="back to pending: no mail">Reopen</button>` : ''}
  <a class="edit button" href="${open}#edit" title="edit (e)">Edit</a>
</td>
</tr>`;
}

/** The banner while the circuit breaker holds replies back; nothing otherwise. */
export function pausedBanner(p: PauseState, csrf: string): Html {
  if (!p.paused) return html``;
  if (p.held?.length) {
    // Past the daily or per-domain limit nothing goes out until a person looks: a flood of forged mail
    // must not reach strangers an hour later.
    const what = p.held.map((h) => (h.domain ? `${h.domain}: ${h.reason}` : h.reason)).join('; ');
    return html`<div class="error" role="alert" data-replies-held><p>Replies are held until an organiser releases them (${what}). Check the recent messages for a flood of forged or unwanted mail before you release.</p>
<form method="post" action="/replies/release" class="inline">${csrfField(csrf)}<button type="submit">Release held replies (sends mail)</button></form></div>`;
  }
  // A quota or rate refusal from the provider says why in its own words; our hourly breaker, in numbers.
  if (p.reason) return html`<p class="error" role="alert" data-replies-paused>Replies are paused until ${when(p.until)}: ${p.reason}. They go out by themselves then; nothing is lost.</p>`;
  return html`<p class="error" role="alert" data-replies-paused>Replies are paused by the circuit breaker until ${when(p.until)} (${p.sentLastHour} sent in the last hour, limit ${p.maxPerHour ?? '?'})</p>`;
}

/** The queue page's body. `back` is this page's URL, where actions return; `banner` goes above all. */
export function queueBody(v: QueueView, f: QueueFilters, csrf: string, back: string, notice?: string, banner?: Html, undo?: Html): Html {
  const link = (status: string) => href('/', { ...f, status, page: undefined });
  return html`<h1>Review queue</h1>
${banner ?? ''}
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${undo ?? ''}
<ul class="counts">${[...STATUSES, 'all' as const].map((s) =>
    html`<li><a href="${link(s)}"${f.status === s ? html` aria-current="page"` : ''}>${s} (${v.counts[s]})</a></li>`)}</ul>
<form class="filters" method="get" action="/">
  <label>Status <select name="status">${[...STATUSES, 'all'].map((s) => html`<option${s === f.status ? html` selected` : ''}>${s}</option>`)}</select></label>
  <label>Kind <select name="kind">${options(KINDS, f.kind, 'any')}</select></label>
  <label>Country <select name="country">${options(v.countries, f.country, 'any')}</select></label>
  <label>Language <select name="language">${options(v.languages, f.language, 'any')}</select></label>
  <label>Search <input type="search" name="q" value="${f.q ?? ''}" placeholder="name, email, website, id"></label>
  <button type="submit">Filter</button>
</form>
<p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>a</kbd> approve, <kbd>r</kbd> reject, <kbd>e</kbd> edit, <kbd>o</kbd> open, <kbd>x</kbd> select. ✉ emails the signer once the undo window has passed.</p>
<form method="post" action="/bulk/approve" id="bulk">
${csrfField(csrf)}
<input type="hidden" name="back" value="${back}">
<input type="hidden" name="reason" value="">
<div class="bulkbar"><button type="submit" class="approve" title="emails each signer a confirmation after the undo window">Approve selected ✉</button>
<span class="muted">${v.total} item(s)${v.pages > 1 ? html`, page ${v.page} of ${v.pages}` : ''}</span></div>
<table class="queue">
<thead><tr><th><input type="checkbox" id="select-all" aria-label="select all"></th><th>Signer</th><th>Country</th><th class="hide-narrow">Lang</th><th class="hide-narrow">Received</th><th>Status</th><th></th></tr></thead>
<tbody>
${v.items.length ? v.items.map((it) => row(it, f)) : html`<tr><td colspan="7" class="muted">Nothing here.</td></tr>`}
</tbody>
</table>
</form>
${v.pages > 1 ? html`<p>${v.page > 1 ? html`<a href="${href('/', { ...f, page: v.page - 1 })}">← previous</a> ` : ''}${v.page < v.pages ? html`<a href="${href('/', { ...f, page: v.page + 1 })}">next →</a>` : ''}</p>` : ''}`;
}
