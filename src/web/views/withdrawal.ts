/**
 * The parts of the review pages about mail an action sends and about withdrawal requests: the undo
 * notice ("Confirmation to anna@example.org in 60 s — Undo"), and a request's section on its item
 * page: the signer it is linked to, the suggested match, a search for another, and its one action.
 */
import type { PendingUndo } from '../../review/undo';
import type { Candidate } from '../../review/withdrawal-match';
import type { EndorsementItem } from '../../review/types';
import { html, type Html } from '../html';
import { csrfField } from './layout';
import { signerLabel } from './queue';

const REPLY_NAMES: Record<PendingUndo['reply'], string> = { confirmation: 'Confirmation', withdrawal: 'Withdrawal confirmation' };

/** What the pending mail is, to whom, and when, in words: "Confirmation to anna@example.org in 60 s". */
export function pendingMailText(u: PendingUndo, now = Date.now()): string {
  if (!u.jobId) return 'No mail is sent (replies are off)';
  const left = Math.ceil((Date.parse(u.until) - now) / 1000);
  return `${REPLY_NAMES[u.reply]} to ${u.to ?? 'the sender'} ${left > 0 ? `in ${left} s` : 'is due now'}`;
}

/** The undo notice with its button (a POST form); `back` is where the form returns. */
export function undoNotice(u: PendingUndo, csrf: string, back: string, now = Date.now()): Html {
  return html`<div class="notice undo-notice" role="status" data-undo="${u.id}"><span class="undo-text">${pendingMailText(u, now)}</span> — <form method="post" action="/items/${encodeURIComponent(u.id)}/undo" class="inline">${csrfField(csrf)}<input type="hidden" name="back" value="${back}"><button type="submit" class="undo">Undo</button></form></div>`;
}

function candidateRow(req: EndorsementItem, c: Candidate, csrf: string, linked: boolean): Html {
  const it = c.item;
  return html`<li data-candidate="${it.id}"><a href="/items/${encodeURIComponent(it.id)}">${signerLabel(it)}</a> <span class="status status-${it.status}">${it.status}</span>
<span class="muted">${[it.country, it.website, it.contactEmail].filter(Boolean).join(' · ')} — ${c.why.join(', ')}</span>
${linked ? html`<strong>linked</strong>` : html`<form method="post" action="/items/${encodeURIComponent(req.id)}/link" class="inline">${csrfField(csrf)}<input type="hidden" name="version" value="${String(req.version ?? 0)}"><input type="hidden" name="of" value="${it.id}"><button type="submit">Link to this signer</button></form>`}</li>`;
}

/** The withdrawal section of a request's item page. */
export function withdrawalSection(req: EndorsementItem, p: {
  linked: EndorsementItem | null; suggestion: Candidate | null; candidates: Candidate[]; query: string; csrf: string; sendsMail: boolean;
}): Html {
  const path = `/items/${encodeURIComponent(req.id)}`;
  const open = req.status === 'pending';
  const link = p.linked
    ? html`<p>Asks to remove: <a href="/items/${encodeURIComponent(p.linked.id)}" data-linked="${p.linked.id}">${signerLabel(p.linked)}</a> <span class="status status-${p.linked.status}">${p.linked.status}</span>${open ? html` <form method="post" action="${path}/link" class="inline">${csrfField(p.csrf)}<input type="hidden" name="version" value="${String(req.version ?? 0)}"><input type="hidden" name="of" value=""><button type="submit">Unlink</button></form>` : ''}</p>`
    : html`<p class="flag">Not linked yet: confirm the match or pick the signer this request is about.</p>`;
  const suggestion = !p.linked && p.suggestion && open
    ? html`<p>Suggested match (${p.suggestion.why.join(', ')}): <a href="/items/${encodeURIComponent(p.suggestion.item.id)}">${signerLabel(p.suggestion.item)}</a> <span class="status status-${p.suggestion.item.status}">${p.suggestion.item.status}</span>
<form method="post" action="${path}/link" class="inline">${csrfField(p.csrf)}<input type="hidden" name="version" value="${String(req.version ?? 0)}"><input type="hidden" name="of" value="${p.suggestion.item.id}"><button type="submit" data-confirm-match>Confirm this match</button></form></p>`
    : '';
  const remove = open && p.linked
    ? html`<form method="post" action="${path}/remove" class="inline">${csrfField(p.csrf)}<input type="hidden" name="version" value="${String(req.version ?? 0)}"><button type="submit" class="reject" data-remove>Remove from the list${p.sendsMail ? ' · emails the requester' : ' · no mail (replies are off)'}</button></form>`
    : '';
  return html`<section id="withdrawal" data-withdrawal>
<h2>Withdrawal request</h2>
${link}
${suggestion}
${open ? html`<div class="actions">${remove}</div>
<form method="get" action="${path}" class="filters"><label>Find the signer <input type="search" name="find" value="${p.query}" placeholder="name, domain or email"></label><button type="submit">Find</button></form>
${p.candidates.length ? html`<ul class="candidates">${p.candidates.map((c) => candidateRow(req, c, p.csrf, c.item.id === p.linked?.id))}</ul>` : html`<p class="muted">${p.query ? html`Nothing matches “${p.query}”.` : 'No signer on record shares its name, email or domain.'}</p>`}` : ''}
</section>`;
}
