/**
 * The messages page (every message taken in, searchable and filtered by kind, reply state and date,
 * a page at a time, so an organiser can check what was put aside as automatic or spam) and one
 * message's page: headers, reasons, attachments listed, text escaped, and the replies we sent.
 */
import { KINDS, type Kind } from '../../mail/types';
import { questionDue } from '../../questions/due';
import type { SentReply } from '../../replies/sent';
import type { MessagePage } from '../../review/message-page';
import type { MessageRecord, ReplyState } from '../../review/types';
import { html, href, type Html } from '../html';
import type { Question } from '../../replies/questions';
import type { Recipient } from '../../replies/policy';
import type { Bounce } from '../replies';
import { attachments, bouncingMark, fromLine, replyStateText, resendForm, whyPart } from './item';
import { csrfField } from './layout';
import { sentPart } from './questions';

/** The bare address in a From header value, for the contact field's default. */
function addressOf(from: string | null): string {
  return (from && (/<([^<>@\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? (/^[^\s@<>]+@[^\s@<>]+$/.test(from.trim()) ? from.trim() : ''))) || '';
}

/** Add a signer by hand: for a message the classifier put aside, or a signer the extractor missed. */
function addSignerForm(m: MessageRecord, csrf: string, recipient: Recipient | null): Html {
  const field = (name: string, label: string, value = '') => html`<label for="a-${name}">${label}</label><input id="a-${name}" name="${name}" value="${value}">`;
  return html`<h2>Add a signer by hand</h2>
<form method="post" action="/messages/${encodeURIComponent(m.key)}/signers">
${csrfField(csrf)}
<div class="fields">
<label for="a-signerType">Signer type</label><select id="a-signerType" name="signerType"><option>organisation</option><option>individual</option></select>
${field('organisation', 'Organisation')}${field('name', 'Person')}${field('country', 'Country (ISO code)')}${field('website', 'Website')}
${field('contactName', 'Contact name')}${field('contactEmail', 'Contact email', recipient?.address ?? (addressOf(m.replyTo) || addressOf(m.from)))}
</div>
<p><button type="submit">Add signer (pending review)</button></p>
</form>`;
}

/** The questions asked so far, and the form to ask the sender another (sent in the thread). */
function questionsPart(m: MessageRecord, csrf: string, questions: Question[]): Html {
  return html`<h2>Ask the sender</h2>
${questions.length ? html`<ul class="questions">${questions.map((q) => html`<li><span class="muted">${q.at.slice(0, 16).replace('T', ' ')} by ${q.by}:</span> ${replyStateText(q.reply, q.replyDetail)}<pre class="mail">${q.text}</pre></li>`)}</ul>` : html`<p class="muted">No questions asked yet.</p>`}
<form method="post" action="/messages/${encodeURIComponent(m.key)}/questions">
${csrfField(csrf)}
<label for="q-text">Your question, sent as written in the sender's thread</label>
<textarea id="q-text" name="text" rows="5" maxlength="5000" required></textarea>
<p><button type="submit">Send the question</button></p>
</form>`;
}

/** The list's filters, as the query string carries them. */
export interface MessageFilters {
  q?: string;
  kind?: Kind;
  reply?: ReplyState;
  since?: string;
  until?: string;
  after?: string;
}

const REPLY_CHOICES: readonly ReplyState[] = ['none', 'queued', 'sent', 'suppressed', 'failed'];

/** The search and filter form (a GET form: the URL of a result is shareable). */
function searchForm(f: MessageFilters): Html {
  const option = (value: string, current: string | undefined, label = value) => html`<option value="${value}"${value === (current ?? '') ? html` selected` : ''}>${label}</option>`;
  return html`<form method="get" action="/messages" class="search" role="search">
<label for="m-q">Search sender, subject and text</label> <input id="m-q" name="q" type="search" value="${f.q ?? ''}" maxlength="200">
<label for="m-kind">Kind</label> <select id="m-kind" name="kind">${option('', f.kind, 'any')}${KINDS.map((k) => option(k, f.kind))}</select>
<label for="m-reply">Reply</label> <select id="m-reply" name="reply">${option('', f.reply, 'any')}${REPLY_CHOICES.map((r) => option(r, f.reply))}</select>
<label for="m-since">From</label> <input id="m-since" name="since" type="date" value="${f.since ?? ''}">
<label for="m-until">to</label> <input id="m-until" name="until" type="date" value="${f.until ?? ''}">
<button type="submit">Search</button> <a href="/messages">Clear</a>
</form>`;
}

/** One page of the list, with counts per kind (of every message) and the link to the next page. */
export function messagesBody(page: MessagePage, counts: Record<Kind, number>, f: MessageFilters): Html {
  const total = KINDS.reduce((n, k) => n + counts[k], 0);
  const { after: _a, ...filters } = f;
  const shown = page.messages;
  return html`<h1>Messages</h1>
<ul class="counts"><li><a href="/messages"${f.kind ? '' : html` aria-current="page"`}>all (${total})</a></li>${KINDS.map((k) =>
    html`<li><a href="${href('/messages', { kind: k })}"${k === f.kind ? html` aria-current="page"` : ''}>${k} (${counts[k]})</a></li>`)}</ul>
${searchForm(f)}
${shown.length ? '' : html`<p class="muted">No message ${f.after ? 'further back ' : ''}matches.</p>`}
<table><thead><tr><th>Received</th><th>Kind</th><th>From</th><th>Subject</th><th class="hide-narrow">Reply</th><th class="hide-narrow">Folder</th></tr></thead><tbody>
${shown.map((m) => html`<tr><td>${m.receivedAt.slice(0, 16).replace('T', ' ')}</td><td>${m.kind}${m.error ? html` <span class="flag">error</span>` : ''}</td><td>${m.from ?? ''}</td>
<td><a href="/messages/${encodeURIComponent(m.key)}">${m.subject || '(no subject)'}</a></td><td class="hide-narrow">${m.acknowledged ? 'acknowledged' : m.reply}</td><td class="hide-narrow">${m.folder ?? '(inbox)'}</td></tr>`)}
</tbody></table>
<p class="pager">${f.after ? html`<a href="${href('/messages', { ...filters })}">← newest</a> ` : ''}${page.next ? html`<a href="${href('/messages', { ...filters, after: page.next })}" rel="next">older messages →</a>` : html`<span class="muted">no older messages</span>`}</p>`;
}

/** One message, with the form to add a signer to it. */
export function messageBody(m: MessageRecord, csrf: string, notice?: string, bounce: Bounce | null = null, questions: Question[] = [], sent: SentReply[] = [], recipient: Recipient | null = null): Html {
  return html`<p><a href="/messages">← messages</a></p>
<h1>${m.subject || '(no subject)'}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<dl class="fields">
<dt>From</dt><dd>${fromLine(m, recipient)}</dd>
<dt>Message-ID</dt><dd>${m.messageId ?? '(none)'}</dd>
<dt>Received</dt><dd>${m.receivedAt}</dd>
<dt>Kind</dt><dd>${m.kind}${m.language ? html`, language ${m.language}` : ''}</dd>
<dt>Acknowledgement</dt><dd>${replyStateText(m.acknowledged ? 'sent' : m.reply, m.replyDetail)}${resendForm(m.reply, bounce, `/messages/${encodeURIComponent(m.key)}/resend`, csrf)}${bouncingMark(bounce, csrf, `/messages/${encodeURIComponent(m.key)}`)}</dd>
<dt>Filed in</dt><dd>${m.folder ?? '(inbox)'}${m.filingError ? html` <span class="error">(filing failed: ${m.filingError})</span>` : ''}</dd>
<dt>Size</dt><dd>${m.size} bytes${m.oversized ? ' (too large: only headers kept)' : ''}</dd>
${m.error ? html`<dt>Error</dt><dd class="error">${m.error}</dd>` : ''}
${questionDue(m) ? html`<dt>Asks</dt><dd>${m.asked?.join(' · ') ?? ''} <a href="/questions/${encodeURIComponent(m.key)}">in the questions inbox</a></dd>` : ''}
<dt>Signers</dt><dd>${m.endorsementIds.length ? m.endorsementIds.map((id) => html`<a href="/items/${encodeURIComponent(id)}">${id}</a> `) : 'none'}</dd>
</dl>
${whyPart(m)}
${attachments(m)}
<h2>Text</h2>
<pre class="mail">${m.text}</pre>
${sentPart(sent)}
${questionsPart(m, csrf, questions)}
${addSignerForm(m, csrf, recipient)}`;
}
