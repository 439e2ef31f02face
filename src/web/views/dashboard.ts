/**
 * The campaign dashboard for organisers: endorsements per day, by country, messages by kind, the
 * funnel from mail to the public list, and the replies' outcomes, each as an SVG chart with its
 * numbers in a table beside it (screen readers, print, and anyone who wants the figures).
 */
import type { CampaignStats, ReplyOutcome } from '../../review/campaign-stats';
import { REPLY_OUTCOMES } from '../../review/campaign-stats';
import { html, type Html } from '../html';
import { columnBars, horizontalBars } from './svg-charts';

const KIND_LABELS: Record<string, string> = {
  endorsement: 'Endorsement', withdrawal: 'Withdrawal', question: 'Question', auto_reply: 'Auto-reply', bounce: 'Bounce', bulk: 'Bulk', spam: 'Spam',
};
const REPLY_LABELS: Record<string, string> = {
  acknowledgement: 'Acknowledgement', confirmation: 'Confirmation', withdrawal: 'Withdrawal note', 'needs-information': 'Question to the sender', answer: 'Answer',
};
const OUTCOME_CLASS: Record<ReplyOutcome, string> = { sent: 'chart-ok', suppressed: 'chart-muted', failed: 'chart-bad', queued: 'chart-warn' };

const percent = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '–');

/**
 * A chart and its table, side by side when there is room. Each sits in a box that scrolls on its own
 * (focusable, so a keyboard can scroll it too), so a narrow screen never scrolls the page sideways.
 */
function figure(id: string, title: string, note: Html | string, chart: Html, table: Html, tableLabel = `${title}: numbers`): Html {
  return html`<section class="dash-card" id="${id}-card" aria-labelledby="${id}-h">
<h2 id="${id}-h">${title}</h2>
<p class="muted">${note}</p>
<div class="dash-pair">
<figure class="dash-figure" id="${id}">
<div class="chart-scroll" tabindex="0" role="region" aria-label="${title}: chart">${chart}</div>
<figcaption class="visually-hidden">${title}: the numbers are in the table that follows.</figcaption>
</figure>
<div class="dash-table-box" tabindex="0" role="region" aria-label="${tableLabel}">${table}</div>
</div>
</section>`;
}

function dayFigure(s: CampaignStats): Html {
  const chart = columnBars(s.days.map((d) => ({
    label: d.day,
    segments: [{ value: d.received, cls: 'chart-received', name: 'received' }, { value: d.approved, cls: 'chart-approved', name: 'approved' }],
  })), { label: `Endorsements per day in ${s.timeZone}: ${s.totals.received} received, ${s.totals.approved} approved, over ${s.days.length} days`, columnLabel: (d) => d.slice(5) });
  const table = html`
<table class="dash-table" id="days-table"><caption>Endorsements per day (${s.timeZone})</caption>
<thead><tr><th scope="col">Day</th><th scope="col" class="num">Received</th><th scope="col" class="num">Approved</th></tr></thead>
<tbody>
${s.earlier ? html`<tr data-day="earlier"><th scope="row">before ${s.earlier.before}</th><td class="num">${s.earlier.received}</td><td class="num">${s.earlier.approved}</td></tr>` : ''}
${s.days.map((d) => html`<tr data-day="${d.day}"><th scope="row">${d.day}</th><td class="num">${d.received}</td><td class="num">${d.approved}</td></tr>`)}
</tbody>
<tfoot><tr><th scope="row">Total</th><td class="num">${s.totals.received}</td><td class="num">${s.totals.approved}</td></tr></tfoot>
</table>`;
  const legend = html`<span class="legend"><span class="swatch chart-received"></span> received</span> <span class="legend"><span class="swatch chart-approved"></span> approved (of those received that day)</span>`;
  return figure('per-day', 'Endorsements per day', html`Days in ${s.timeZone}, by the day the mail arrived. ${legend}`, s.days.length ? chart : html`<p>No endorsements yet.</p>`, table,
    `Numbers by day (${s.days.length} days)`);
}

function countryFigure(s: CampaignStats): Html {
  const chart = horizontalBars(s.countries.map((c) => ({
    label: c.label,
    segments: [{ value: c.received, cls: 'chart-received', name: 'received' }, { value: c.approved, cls: 'chart-approved', name: 'approved' }],
  })), { label: `Endorsements by country: ${s.countries.length} rows, largest first` });
  const table = html`<table class="dash-table" id="countries-table"><caption>Endorsements by country</caption>
<thead><tr><th scope="col">Country</th><th scope="col" class="num">Received</th><th scope="col" class="num">Approved</th></tr></thead>
<tbody>${s.countries.map((c) => html`<tr data-country="${c.code}"><th scope="row">${c.label}</th><td class="num">${c.received}</td><td class="num">${c.approved}</td></tr>`)}</tbody>
</table>`;
  return figure('by-country', 'By country', 'Signers of endorsement mail, any status, largest first; the smallest countries are summed as other countries.', s.countries.length ? chart : html`<p>No endorsements yet.</p>`, table);
}

function kindFigure(s: CampaignStats): Html {
  const all = s.kinds.reduce((n, k) => n + k.count, 0);
  const chart = horizontalBars(s.kinds.map((k) => ({ label: KIND_LABELS[k.kind] ?? k.kind, segments: [{ value: k.count, cls: 'chart-bar', name: 'messages' }] })),
    { label: `Messages by kind: ${all} messages` });
  const table = html`<table class="dash-table" id="kinds-table"><caption>Messages by kind</caption>
<thead><tr><th scope="col">Kind</th><th scope="col" class="num">Messages</th><th scope="col" class="num">Share</th></tr></thead>
<tbody>${s.kinds.map((k) => html`<tr data-kind="${k.kind}"><th scope="row">${KIND_LABELS[k.kind] ?? k.kind}</th><td class="num">${k.count}</td><td class="num">${percent(k.count, all)}</td></tr>`)}</tbody>
</table>`;
  return figure('by-kind', 'Messages by kind', 'Every message taken in, as it was understood.', chart, table);
}

function funnelFigure(s: CampaignStats): Html {
  const first = s.funnel[0]?.count ?? 0;
  const chart = horizontalBars(s.funnel.map((f) => ({ label: f.label, segments: [{ value: f.count, cls: 'chart-bar', name: '' }] })), { label: `Funnel: ${s.funnel.map((f) => `${f.label} ${f.count}`).join(', ')}` });
  const table = html`<table class="dash-table" id="funnel-table"><caption>From mail to the public list</caption>
<thead><tr><th scope="col">Step</th><th scope="col" class="num">Count</th><th scope="col" class="num">Of the step before</th></tr></thead>
<tbody>${s.funnel.map((f, i) => html`<tr data-step="${f.step}"><th scope="row">${f.label}</th><td class="num">${f.count}</td><td class="num">${i === 0 ? '' : percent(f.count, s.funnel[i - 1]!.count)}</td></tr>`)}</tbody>
</table>`;
  return figure('funnel', 'Funnel', html`Mail taken in (${first}) → mail understood as an endorsement → the signers found in it → approved → on the public list (approved, repeats of the same name and country once, as <a href="/export">Publish</a> shows it).`, chart, table);
}

function replyFigure(s: CampaignStats): Html {
  const chart = horizontalBars(s.replies.map((r) => ({
    label: REPLY_LABELS[r.type] ?? r.type,
    segments: REPLY_OUTCOMES.map((o) => ({ value: r.counts[o], cls: OUTCOME_CLASS[o], name: o })),
  })), { label: 'Replies by type: sent, suppressed, failed, queued', mode: 'stack' });
  const legend = REPLY_OUTCOMES.map((o) => html`<span class="legend"><span class="swatch ${OUTCOME_CLASS[o]}"></span> ${o}</span> `);
  const table = html`<table class="dash-table" id="replies-table"><caption>Replies by type and outcome</caption>
<thead><tr><th scope="col">Reply</th>${REPLY_OUTCOMES.map((o) => html`<th scope="col" class="num">${o[0]!.toUpperCase() + o.slice(1)}</th>`)}</tr></thead>
<tbody>${s.replies.map((r) => html`<tr data-reply="${r.type}"><th scope="row">${REPLY_LABELS[r.type] ?? r.type}</th>${REPLY_OUTCOMES.map((o) => html`<td class="num" data-outcome="${o}">${r.counts[o]}</td>`)}</tr>`)}</tbody>
</table>`;
  return figure('replies', 'Replies', html`Suppressed: the policy sent nothing (a machine, a limit, too old…); failed: the server refused or it bounced. ${legend}`, chart, table);
}

/** The dashboard page's body. */
export function dashboardBody(s: CampaignStats): Html {
  const t = s.totals;
  return html`<h1>Campaign dashboard</h1>
<form method="get" action="/dashboard" class="filters dash-tz"><label>Time zone for days <input name="tz" value="${s.timeZone}" size="22" maxlength="64" list="dash-zones"></label>
<datalist id="dash-zones"><option value="UTC"><option value="Europe/Kyiv"><option value="Europe/Berlin"><option value="Europe/London"><option value="America/New_York"></datalist>
<button type="submit">Show</button></form>
<ul class="counts dash-totals">
<li><strong>${t.received}</strong> signers found</li><li><strong>${t.approved}</strong> approved</li>
<li><strong>${t.pending}</strong> <a href="/">pending review</a></li><li><strong>${t.rejected}</strong> rejected</li><li><strong>${t.withdrawn}</strong> withdrawn</li>
</ul>
${dayFigure(s)}
${countryFigure(s)}
${funnelFigure(s)}
${kindFigure(s)}
${replyFigure(s)}`;
}
