/**
 * The item page: the extracted fields as an edit form, each with where it came from; the actions
 * its status allows (approve, reject with a reason, withdraw, reopen to undo); the message it came
 * from as escaped text with the evidence marked, its attachments (listed, never opened), the
 * classifier's reasons; and the item's history.
 */
import { TRANSITIONS, type ReviewAction } from '../../review/store';
import { describeChange } from '../../review/errors';
import type { EndorsementItem, HistoryEntry, MessageRecord } from '../../review/types';
import { highlight } from '../highlight';
import { href, html, type Html } from '../html';
import { doubts, narrowingQuery, type QueueNarrowing } from '../queue-model';
import type { Recipient } from '../../replies/policy';
import { when, type Bounce } from '../replies';
import { csrfField } from './layout';
import { signerLabel } from './queue';

const FIELDS: { key: 'organisation' | 'name' | 'country' | 'website' | 'contactName' | 'contactEmail'; label: string }[] = [
  { key: 'organisation', label: 'Organisation' },
  { key: 'name', label: 'Person' },
  { key: 'country', label: 'Country (name in any language, or code)' },
  { key: 'website', label: 'Website' },
  { key: 'contactName', label: 'Contact name' },
  { key: 'contactEmail', label: 'Contact email' },
];

/** Each button says whether it emails the signer: a reply an action sends cannot be taken back after its undo window. */
function labels(sendsMail: boolean): Record<ReviewAction, string> {
  const mail = sendsMail ? 'emails the signer' : 'no mail (replies are off)';
  return { approve: `Approve · ${mail}`, reject: 'Reject · no mail', withdraw: `Withdraw · ${mail}`, reopen: 'Reopen · no mail' };
}

/** What the item page shows besides the item itself; the routes fill it for conflicts, form errors, presence and neighbours. */
export interface ItemPageExtras {
  /** What the organiser typed, by field name (and `reason`), kept after a refused form. */
  typed?: Partial<Record<string, string>>;
  /** Why a typed value was refused, by field name: shown beside the field. */
  errors?: Partial<Record<string, string>>;
  /** The organiser's change was refused because the item changed since they loaded it. */
  conflict?: { yourVersion: number; changes: HistoryEntry[]; wanted: string };
  /** Other organisers with the item open now. */
  others?: string[];
  /** When this page set its presence mark (the page sends it back when it goes away). */
  presenceAt?: number;
  /** The notice of a mail still waiting for its undo window, with its Undo button. */
  undo?: Html;
  /** A withdrawal request's section: the signer it removes, and its one action. */
  withdrawal?: Html;
  /** Replies are on and queued: the action buttons say they email the signer. */
  sendsMail?: boolean;
  /** Who a reply about the message goes to without a contact (ReplyWeb.recipient): shown with its From. */
  recipient?: Recipient;
  /** The queue's filters the item was opened with: previous/next and approve-then-next stay within them. */
  within?: QueueNarrowing;
}

/**
 * A message's From, with its Reply-To when replies go there; a Reply-To the message does not prove
 * is named as passed over, so the page never suggests a reply goes where it does not.
 */
export function fromLine(msg: Pick<MessageRecord, 'from' | 'replyTo'>, recipient: Recipient | null): Html {
  if (!msg.replyTo) return html`${msg.from ?? ''}`;
  if (recipient?.note) return html`${msg.from ?? ''} <span class="muted">(Reply-To ${msg.replyTo} is not proven by the message: replies go to From)</span>`;
  return html`${msg.from ?? ''} (reply to ${msg.replyTo})`;
}

/** The version the page was rendered from: every form states it, so a stale form is refused, not applied. */
const versionInput = (it: EndorsementItem): Html => html`<input type="hidden" name="version" value="${String(it.version ?? 0)}">`;

/** The queue's filters as hidden fields of a form that goes on to the next item. */
function withinFields(within: QueueNarrowing): Html {
  return html`${Object.entries(narrowingQuery(within)).flatMap(([k, v]) => (v ? [html`<input type="hidden" name="${k}" value="${v}">`] : []))}`;
}

function actions(it: EndorsementItem, csrf: string, sendsMail: boolean, typed: ItemPageExtras['typed'] = {}, within: QueueNarrowing = {}): Html {
  const path = `/items/${encodeURIComponent(it.id)}/action`;
  const back = href(`/items/${encodeURIComponent(it.id)}`, narrowingQuery(within));
  const LABELS = labels(sendsMail);
  // A withdrawal request is never approved nor withdrawn by hand (see its section); it can be rejected as not genuine.
  const allowed = (Object.keys(TRANSITIONS) as ReviewAction[]).filter((a) => TRANSITIONS[a].from.includes(it.status) && (it.kind !== 'withdrawal' || a === 'reject'));
  // Approve and reject from the item page go on to the next pending item; the other actions stay here.
  return html`<div class="actions">${allowed.map((a) => html`<form method="post" action="${path}">${csrfField(csrf)}${versionInput(it)}<input type="hidden" name="back" value="${back}">${
    a === 'approve' || a === 'reject' ? html`<input type="hidden" name="next" value="pending">${withinFields(within)}` : ''}${
    a === 'reject' ? html`<input name="reason" placeholder="reason (optional)" maxlength="2000" aria-label="reason for rejecting" value="${typed.reason ?? ''}">` : ''
  }<button type="submit" name="action" value="${a}" class="${a === 'approve' ? 'approve' : a === 'reject' ? 'reject' : ''}">${LABELS[a]}</button></form>`)}</div>`;
}

function duplicateForm(it: EndorsementItem, csrf: string, x: ItemPageExtras): Html {
  const path = `/items/${encodeURIComponent(it.id)}/duplicate`;
  const error = x.errors?.of;
  return html`<div class="actions">
<form method="post" action="${path}">${csrfField(csrf)}${versionInput(it)}<input id="f-of" name="of" placeholder="id of the original" value="${x.typed?.of ?? it.duplicateOf ?? ''}" aria-label="id of the original" size="24"${error ? html` aria-invalid="true" aria-describedby="e-of"` : ''}><button type="submit">Mark as duplicate</button>${error ? html` <span class="field-error" id="e-of">${error}</span>` : ''}</form>
${it.duplicateOf ? html`<form method="post" action="${path}">${csrfField(csrf)}${versionInput(it)}<input type="hidden" name="of" value=""><button type="submit">Not a duplicate</button></form>` : ''}
</div>`;
}

/** The colleague's change to a field since the organiser loaded the page, as shown beside it. */
function changedBy(field: string, conflict: ItemPageExtras['conflict']): Html {
  const h = conflict?.changes.filter((c) => c.changes && field in c.changes).at(-1);
  if (!h) return html``;
  const now = h.changes![field]![1];
  return html`<div class="field-error">${h.by} changed this to “${now === null || now === '' ? 'none' : String(now)}” since you loaded the page; the form keeps what you typed.</div>`;
}

function editForm(it: EndorsementItem, csrf: string, x: ItemPageExtras = {}): Html {
  const evidence = (key: string) => {
    const e = it.evidence[key];
    return e ? html`<div class="evidence">from ${e.source}, confidence ${e.confidence.toFixed(2)}${e.snippet ? html`: “${e.snippet}”` : ''}</div>` : html`<div class="evidence">not found in the message</div>`;
  };
  const typed = x.typed ?? {};
  const field = (f: (typeof FIELDS)[number]) => {
    const error = x.errors?.[f.key];
    return html`<label for="f-${f.key}">${f.label}</label><input id="f-${f.key}" name="${f.key}" value="${typed[f.key] ?? it[f.key] ?? ''}"${
      error ? html` aria-invalid="true" aria-describedby="e-${f.key}"` : ''}>${error ? html`<div class="field-error" id="e-${f.key}" role="alert">${error}</div>` : ''}${changedBy(f.key, x.conflict)}${evidence(f.key)}`;
  };
  const signerType = typed.signerType ?? it.signerType;
  return html`<form method="post" action="/items/${encodeURIComponent(it.id)}/edit" id="edit">
${csrfField(csrf)}${versionInput(it)}
${x.errors?.form ? html`<p class="field-error" role="alert">${x.errors.form}</p>` : ''}
<div class="fields">
<label for="f-signerType">Signer type</label>
<select id="f-signerType" name="signerType">${['organisation', 'individual'].map((t) => html`<option${t === signerType ? html` selected` : ''}>${t}</option>`)}</select>${changedBy('signerType', x.conflict)}
${FIELDS.map(field)}
</div>
${it.aliases?.length ? html`<p class="aliases">Also written in the message as: ${it.aliases.map((a, i) => html`${i ? ', ' : ''}<q>${a}</q>`)} <span class="muted">(for review only, never published)</span></p>` : ''}
<p><button type="submit">Save changes</button></p>
</form>`;
}

function messagePart(msg: MessageRecord | null, it: EndorsementItem, recipient: Recipient | null): Html {
  if (!msg) return html`<p class="muted">The message record is missing.</p>`;
  const snippets = Object.values(it.evidence).map((e) => e?.snippet ?? '').filter(Boolean);
  return html`<h2>The message</h2>
<dl class="fields">
<dt>From</dt><dd>${fromLine(msg, recipient)}</dd>
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

/** The refusal of a stale change: what the colleague did, and that the organiser's input is kept. */
function conflictNotice(it: EndorsementItem, c: ItemPageExtras['conflict']): Html {
  if (!c) return html``;
  return html`<div class="conflict" role="alert"><p><strong>Not saved: this item changed since you opened it</strong> (you saw version ${String(c.yourVersion)}, it is now ${String(it.version ?? 0)}). Your ${c.wanted} was not applied; what you typed is still in the form.</p>
<ul>${c.changes.map((h) => html`<li>${describeChange(h)}</li>`)}</ul>
<p>The page now shows the item as it is. Submit again to apply your change on top of it, or leave it.</p></div>`;
}

/** Who else has the item open; the page's script keeps it fresh. */
function presenceLine(others: string[]): Html {
  return html`<p class="presence" data-presence aria-live="polite">${others.length ? `${others.join(', ')} ${others.length > 1 ? 'are' : 'is'} looking at this item.` : ''}</p>`;
}

function pager(it: EndorsementItem, within: QueueNarrowing): Html {
  const path = `/items/${encodeURIComponent(it.id)}`;
  const q = narrowingQuery(within);
  return html`<p class="pager"><a href="${href('/', q)}">← queue</a> · <a rel="prev" href="${href(`${path}/prev`, q)}">previous (k)</a> · <a rel="next" href="${href(`${path}/next`, q)}">next (j)</a></p>`;
}

/** One history entry's change, field by field, old → new. */
function historyChanges(h: HistoryEntry): Html {
  const fields = Object.entries(h.changes ?? {});
  if (!fields.length) return h.detail ? html` <span class="muted">${h.detail}</span>` : html``;
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? 'none' : String(v));
  return html` <span class="muted">${fields.map(([f, [from, to]], i) => html`${i ? '; ' : ''}${f}: <del>${show(from)}</del> → <ins>${show(to)}</ins>`)}</span>`;
}

/** The item page's body. */
export function itemBody(it: EndorsementItem, msg: MessageRecord | null, csrf: string, notice?: string, bounce: Bounce | null = null, x: ItemPageExtras = {}): Html {
  const flags = doubts(it);
  return html`<div data-item-page data-presence-url="/items/${encodeURIComponent(it.id)}/presence" data-presence-at="${String(x.presenceAt ?? '')}">
${pager(it, x.within ?? {})}
<h1>${signerLabel(it)} <span class="status status-${it.status}">${it.status}</span></h1>
${presenceLine(x.others ?? [])}
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${conflictNotice(it, x.conflict)}
${x.undo ?? ''}
${flags.length ? html`<p>${flags.map((f) => html`<span class="flag">${f}</span>`)}${it.duplicateOf && flags.includes('possible duplicate') ? html` of <a href="/items/${encodeURIComponent(it.duplicateOf)}">${it.duplicateOf}</a>` : ''}</p>` : ''}
${it.kind === 'withdrawal' ? html`<p class="flag">This message asks to be taken off the list.</p>` : ''}
${x.withdrawal ?? ''}
${it.reason ? html`<p>Reason: ${it.reason}</p>` : ''}
${bounce ? html`<p>${bouncingMark(bounce)}</p>` : ''}
${actions(it, csrf, x.sendsMail ?? true, x.typed, x.within ?? {})}
<p class="keys">Keys: <kbd>a</kbd> approve, <kbd>r</kbd> reject (both go on to the next pending item), <kbd>e</kbd> edit, <kbd>j</kbd>/<kbd>k</kbd> next/previous.</p>
<h2>Fields</h2>
${editForm(it, csrf, x)}
<h2>Duplicate</h2>
${duplicateForm(it, csrf, x)}
${repliesPart(it, msg, bounce, csrf)}
${messagePart(msg, it, x.recipient ?? null)}
<h2>History</h2>
<table><thead><tr><th>When</th><th>Who</th><th>What</th></tr></thead><tbody>
${it.history.map((h) => html`<tr><td>${h.at.slice(0, 19).replace('T', ' ')}</td><td>${h.by}</td><td>${h.action}${historyChanges(h)}</td></tr>`)}
</tbody></table>
</div>`;
}
