/**
 * The item page: the extracted fields as an edit form, each with where it came from; the actions
 * its status allows (approve, reject with a reason, withdraw, reopen to undo); the message it came
 * from as escaped text with the evidence marked, its attachments (listed, never opened), the
 * classifier's reasons; and the item's history.
 */
import { TRANSITIONS, type ReviewAction } from '../../review/store';
import type { EndorsementItem, MessageRecord } from '../../review/types';
import { highlight } from '../highlight';
import { html, type Html } from '../html';
import { doubts } from '../queue-model';
import { when, type Bounce } from '../replies';
import { csrfField } from './layout';
import { signerLabel } from './queue';

const FIELDS: { key: 'organisation' | 'name' | 'country' | 'website' | 'contactName' | 'contactEmail'; label: string }[] = [
  { key: 'organisation', label: 'Organisation' },
  { key: 'name', label: 'Person' },
  { key: 'country', label: 'Country (ISO code)' },
  { key: 'website', label: 'Website' },
  { key: 'contactName', label: 'Contact name' },
  { key: 'contactEmail', label: 'Contact email' },
];

/** Each button says whether it emails the signer: a reply an action sends cannot be taken back after its undo window. */
function labels(sendsMail: boolean): Record<ReviewAction, string> {
  const mail = sendsMail ? 'emails the signer' : 'no mail (replies are off)';
  return { approve: `Approve · ${mail}`, reject: 'Reject · no mail', withdraw: `Withdraw · ${mail}`, reopen: 'Reopen · no mail' };
}

function actions(it: EndorsementItem, csrf: string, sendsMail: boolean): Html {
  const path = `/items/${encodeURIComponent(it.id)}/action`;
  const LABELS = labels(sendsMail);
  // A withdrawal request is never approved nor withdrawn by hand (see its section); it can be rejected as not genuine.
  const allowed = (Object.keys(TRANSITIONS) as ReviewAction[]).filter((a) => TRANSITIONS[a].from.includes(it.status) && (it.kind !== 'withdrawal' || a === 'reject'));
  return html`<div class="actions">${allowed.map((a) => html`<form method="post" action="${path}">${csrfField(csrf)}<input type="hidden" name="back" value="/items/${encodeURIComponent(it.id)}">${
    a === 'reject' ? html`<input name="reason" placeholder="reason (optional)" maxlength="2000" aria-label="reason for rejecting">` : ''
  }<button type="submit" name="action" value="${a}" class="${a === 'approve' ? 'approve' : a === 'reject' ? 'reject' : ''}">${LABELS[a]}</button></form>`)}</div>`;
}

function duplicateForm(it: EndorsementItem, csrf: string): Html {
  const path = `/items/${encodeURIComponent(it.id)}/duplicate`;
  return html`<div class="actions">
<form method="post" action="${path}">${csrfField(csrf)}<input name="of" placeholder="id of the original" value="${it.duplicateOf ?? ''}" aria-label="id of the original" size="24"><button type="submit">Mark as duplicate</button></form>
${it.duplicateOf ? html`<form method="post" action="${path}">${csrfField(csrf)}<input type="hidden" name="of" value=""><button type="submit">Not a duplicate</button></form>` : ''}
</div>`;
}

function editForm(it: EndorsementItem, csrf: string): Html {
  const evidence = (key: string) => {
    const e = it.evidence[key];
    return e ? html`<div class="evidence">from ${e.source}, confidence ${e.confidence.toFixed(2)}${e.snippet ? html`: “${e.snippet}”` : ''}</div>` : html`<div class="evidence">not found in the message</div>`;
  };
  return html`<form method="post" action="/items/${encodeURIComponent(it.id)}/edit" id="edit">
${csrfField(csrf)}
<div class="fields">
<label for="f-signerType">Signer type</label>
<select id="f-signerType" name="signerType">${['organisation', 'individual'].map((t) => html`<option${t === it.signerType ? html` selected` : ''}>${t}</option>`)}</select>
${FIELDS.map((f) => html`<label for="f-${f.key}">${f.label}</label><input id="f-${f.key}" name="${f.key}" value="${it[f.key] ?? ''}">${evidence(f.key)}`)}
</div>
${it.aliases?.length ? html`<p class="aliases">Also written in the message as: ${it.aliases.map((a, i) => html`${i ? ', ' : ''}<q>${a}</q>`)} <span class="muted">(for review only, never published)</span></p>` : ''}
<p><button type="submit">Save changes</button></p>
</form>`;
}

function messagePart(msg: MessageRecord | null, it: EndorsementItem): Html {
  if (!msg) return html`<p class="muted">The message record is missing.</p>`;
  const snippets = Object.values(it.evidence).map((e) => e?.snippet ?? '').filter(Boolean);
  return html`<h2>The message</h2>
<dl class="fields">
<dt>From</dt><dd>${msg.from ?? ''}${msg.replyTo ? html` (reply to ${msg.replyTo})` : ''}</dd>
<dt>Subject</dt><dd>${msg.subject}</dd>
<dt>Received</dt><dd>${msg.receivedAt}</dd>
<dt>Kind</dt><dd>${msg.kind}${msg.language ? html`, language ${msg.language}` : ''}</dd>
<dt>Message</dt><dd><a href="/messages/${encodeURIComponent(msg.key)}">all about this message</a>${msg.endorsementIds.length > 1 ? html` · ${msg.endorsementIds.length} signers in it` : ''}</dd>
</dl>
${whyPart(msg)}
${attachments(msg)}
<h2>Text</h2>
<pre class="mail">${highlight(msg.text, snippets)}</pre>`;
}

/** A reply's state as the page shows it: the state, and the policy's reason or the server's words. */
export function replyStateText(state: string | undefined, detail: string | undefined): Html {
  const st = state ?? 'none';
  return html`<span class="reply reply-${st}">${st}</span>${detail ? html`: <span class="${st === 'failed' ? 'error' : 'muted'}">${detail}</span>` : ''}`;
}

/** The mark for an address our replies bounced from. */
export function bouncingMark(b: Bounce | null, csrf?: string, back?: string): Html {
  if (!b) return html``;
  const clear = csrf ? html` <form method="post" action="/bounces/clear" class="inline">${csrfField(csrf)}<input type="hidden" name="address" value="${b.address}">${back ? html`<input type="hidden" name="back" value="${back}">` : ''}<button type="submit">Clear the mark</button></form>` : '';
  return html` <span class="flag">bouncing</span> <span class="muted">${b.address} since ${when(b.at)}: ${b.detail}</span>${clear}`;
}

/** The resend button (a POST form with the CSRF token) for a failed reply to an address that does not bounce. */
export function resendForm(state: string | undefined, bounce: Bounce | null, action: string, csrf: string): Html {
  if (state !== 'failed' || bounce) return html``;
  return html` <form method="post" action="${action}" class="inline">${csrfField(csrf)}<button type="submit">Resend</button></form>`;
}

function repliesPart(it: EndorsementItem, msg: MessageRecord | null, bounce: Bounce | null, csrf: string): Html {
  const label = it.status === 'withdrawn' || it.kind === 'withdrawal' ? 'Withdrawal reply' : 'Confirmation reply';
  return html`<h2>Replies</h2>
<dl class="fields">
<dt>Acknowledgement</dt><dd>${msg ? html`${replyStateText(msg.acknowledged ? 'sent' : msg.reply, msg.replyDetail)}${msg.reply === 'failed' ? html` <a href="/messages/${encodeURIComponent(msg.key)}">resend from the message</a>` : ''}` : 'unknown (the message record is missing)'}</dd>
<dt>${label}</dt><dd>${replyStateText(it.reply, it.replyDetail)}${resendForm(it.reply, bounce, `/items/${encodeURIComponent(it.id)}/resend`, csrf)}</dd>
<dt>Contact address</dt><dd>${bounce ? bouncingMark(bounce, csrf, `/items/${encodeURIComponent(it.id)}`) : html`<span class="muted">not bouncing</span>`}</dd>
</dl>`;
}

/** The classifier's reasons and notes, and the weighed signals behind them when intent was scored. */
export function whyPart(m: MessageRecord): Html {
  const signals = m.signals ?? [];
  return html`<h2>Why the classifier thinks so</h2>
<ul>${m.reasons.map((r) => html`<li>${r}</li>`)}${m.notes.map((n) => html`<li class="muted">${n}</li>`)}</ul>
${signals.length ? html`<table class="signals"><caption>Evidence weighed (positive: towards endorsing or withdrawing)</caption><thead><tr><th>signal</th><th>weight</th><th>words</th></tr></thead><tbody>${signals.map((g) => html`<tr><td>${g.name}</td><td>${g.weight > 0 ? `+${g.weight}` : String(g.weight)}</td><td>${g.text ?? ''}</td></tr>`)}</tbody></table>` : ''}`;
}

/** The attachments as a list: name, type and size only; none is ever opened or served. */
export function attachments(msg: MessageRecord): Html {
  if (!msg.attachments.length) return html``;
  return html`<h2>Attachments (not opened)</h2><ul>${msg.attachments.map((a) => html`<li>${a.filename ?? '(no name)'} <span class="muted">${a.contentType}, ${a.size} bytes</span></li>`)}</ul>`;
}

/** What the item page shows beyond the item: the undo notice, a request's withdrawal section, whether actions send mail. */
export interface ItemExtras {
  undo?: Html;
  withdrawal?: Html;
  /** Replies are on and queued: the action buttons say they email the signer. */
  sendsMail?: boolean;
}

/** The item page's body. */
export function itemBody(it: EndorsementItem, msg: MessageRecord | null, csrf: string, notice?: string, bounce: Bounce | null = null, extras: ItemExtras = {}): Html {
  const flags = doubts(it);
  return html`<div data-item-page>
<p><a href="/">← queue</a></p>
<h1>${signerLabel(it)} <span class="status status-${it.status}">${it.status}</span></h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${extras.undo ?? ''}
${flags.length ? html`<p>${flags.map((f) => html`<span class="flag">${f}</span>`)}${it.duplicateOf && flags.includes('possible duplicate') ? html` of <a href="/items/${encodeURIComponent(it.duplicateOf)}">${it.duplicateOf}</a>` : ''}</p>` : ''}
${it.kind === 'withdrawal' ? html`<p class="flag">This message asks to be taken off the list.</p>` : ''}
${extras.withdrawal ?? ''}
${it.reason ? html`<p>Reason: ${it.reason}</p>` : ''}
${bounce ? html`<p>${bouncingMark(bounce)}</p>` : ''}
${actions(it, csrf, extras.sendsMail ?? true)}
<p class="keys">Keys: <kbd>a</kbd> approve, <kbd>r</kbd> reject, <kbd>e</kbd> edit.</p>
<h2>Fields</h2>
${editForm(it, csrf)}
<h2>Duplicate</h2>
${duplicateForm(it, csrf)}
${repliesPart(it, msg, bounce, csrf)}
${messagePart(msg, it)}
<h2>History</h2>
<table><thead><tr><th>When</th><th>Who</th><th>What</th></tr></thead><tbody>
${it.history.map((h) => html`<tr><td>${h.at.slice(0, 19).replace('T', ' ')}</td><td>${h.by}</td><td>${h.action}${h.detail ? html` <span class="muted">${h.detail}</span>` : ''}</td></tr>`)}
</tbody></table>
</div>`;
}
