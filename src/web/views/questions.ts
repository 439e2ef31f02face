/**
 * The questions inbox: the list by state (open, answered, closed) with counts, and one question's
 * page: what the sender asked, the message, the log of notes and answers, assignment, the buttons
 * that move it, and the reply composer with the saved replies that fill it.
 */
import type { QuestionInbox, InboxQuestion, QuestionLogEntry, QuestionState } from '../../questions/inbox';
import { QUESTION_STATES } from '../../questions/inbox';
import type { SavedReply } from '../../questions/saved';
import type { Question } from '../../replies/questions';
import type { SentReply } from '../../replies/sent';
import type { MessageRecord } from '../../review/types';
import { html, href, type Html } from '../html';
import { replyStateText } from './item';
import { csrfField } from './layout';

type Counts = Awaited<ReturnType<QuestionInbox['counts']>>;

const time = (iso: string) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');

/** The list of one state, with the counts of every state, and an "assigned to me" filter. */
export function questionsBody(o: {
  state: QuestionState; counts: Counts; questions: InboxQuestion[]; total: number; page: number; pageSize: number; user: string; mine: boolean;
}): Html {
  const link = (s: QuestionState) => html`<li><a href="${href('/questions', { state: s, mine: o.mine ? '1' : undefined })}"${s === o.state ? html` aria-current="page"` : ''}>${s} (${o.counts[s]})</a></li>`;
  const pages = Math.max(1, Math.ceil(o.total / o.pageSize));
  const pageLink = (n: number, label: string) => html`<a href="${href('/questions', { state: o.state, mine: o.mine ? '1' : undefined, page: n > 1 ? n : undefined })}">${label}</a>`;
  return html`<h1>Questions</h1>
<ul class="counts">${QUESTION_STATES.map(link)}</ul>
<p>${o.mine ? html`Showing those assigned to you. <a href="${href('/questions', { state: o.state })}">Show everyone’s</a>` : html`<a href="${href('/questions', { state: o.state, mine: '1' })}">Only those assigned to me</a>`}</p>
${o.questions.length ? html`<table class="questions"><thead><tr><th>Received</th><th>From</th><th>Subject</th><th>What they ask</th><th>Assigned</th></tr></thead><tbody>
${o.questions.map((q) => html`<tr><td>${time(q.receivedAt)}</td><td>${q.from ?? ''}</td><td><a href="/questions/${encodeURIComponent(q.id)}">${q.subject || '(no subject)'}</a>${q.origin === 'also-asks' ? html` <span class="flag">in an endorsement</span>` : ''}</td>
<td>${q.asked[0] ?? html`<span class="muted">(the whole message)</span>`}</td><td>${q.assignee ?? html`<span class="muted">nobody</span>`}</td></tr>`)}
</tbody></table>` : html`<p class="muted">No ${o.state} questions${o.mine ? ' assigned to you' : ''}.</p>`}
${pages > 1 ? html`<p class="pager">${o.page > 1 ? pageLink(o.page - 1, '← newer page') : ''} page ${o.page} of ${pages} ${o.page < pages ? pageLink(o.page + 1, 'next page →') : ''}</p>` : ''}`;
}

function logEntry(e: QuestionLogEntry): Html {
  const what: Record<QuestionLogEntry['action'], string> = {
    opened: 'opened', note: 'note', answer: 'answered', asked: 'asked the sender', assign: 'assigned to', close: 'closed', reopen: 'reopened',
  };
  const text = e.action === 'assign' ? (e.text ?? 'nobody') : e.action === 'answer' ? '' : e.text;
  return html`<li><span class="muted">${time(e.at)} ${e.by}</span> ${what[e.action]}${e.action === 'note' || e.action === 'asked' ? html`<pre class="mail">${text}</pre>` : text ? html` ${text}` : ''}</li>`;
}

/** The replies we sent in this message's thread: to whom, when, and their words when kept. */
export function sentPart(sent: SentReply[]): Html {
  if (!sent.length) return html`<h2>Replies sent</h2><p class="muted">No reply sent for this message yet.</p>`;
  return html`<h2>Replies sent</h2>
<ul class="sent">${sent.map((s) => html`<li><strong>${s.type}</strong> to ${s.to} <span class="muted">${time(s.at)}</span>${s.subject ? html`<br>Subject: ${s.subject}` : ''}
${s.text ? html`<pre class="mail">${s.text}</pre>` : html`<p class="muted">(the text of this reply was not kept: sent before replies kept their text)</p>`}</li>`)}</ul>`;
}

/** One question's page. */
export function questionBody(o: {
  q: InboxQuestion; msg: MessageRecord | null; log: QuestionLogEntry[]; answers: Question[]; sent: SentReply[]; saved: SavedReply[];
  csrf: string; user: string; notice?: string; draft: string; draftLanguage: string;
}): Html {
  const { q, csrf } = o;
  const base = `/questions/${encodeURIComponent(q.id)}`;
  const button = (action: string, label: string) => html`<form method="post" action="${base}/${action}" class="inline">${csrfField(csrf)}<button type="submit">${label}</button></form>`;
  const languages = [...new Set([o.draftLanguage, ...o.saved.map((s) => s.language), 'en'])];
  return html`<p><a href="${href('/questions', { state: q.state })}">← ${q.state} questions</a></p>
<h1>${q.subject || '(no subject)'}</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
<dl class="fields">
<dt>State</dt><dd><span class="state state-${q.state}" data-state="${q.state}">${q.state}</span>
${q.state !== 'closed' ? button('close', 'Close (no mail sent)') : ''}${q.state !== 'open' ? button('reopen', 'Reopen (no mail sent)') : ''}</dd>
<dt>From</dt><dd>${q.from ?? ''}</dd>
<dt>Received</dt><dd>${time(q.receivedAt)}${q.language ? html`, language ${q.language}` : ''}</dd>
<dt>Where it came from</dt><dd>${q.origin === 'also-asks' ? 'an endorsement that also asks something' : q.origin === 'organiser' ? 'an organiser asked the sender' : 'a question'} · <a href="/messages/${encodeURIComponent(q.messageKey)}">the message</a></dd>
<dt>Assigned to</dt><dd>${q.assignee ?? 'nobody'}
<form method="post" action="${base}/assign" class="inline">${csrfField(csrf)}<label for="assignee" class="visually-hidden">Organiser</label><input id="assignee" name="assignee" value="${q.assignee === o.user ? '' : o.user}" size="12"> <button type="submit">Assign</button></form>
${q.assignee ? html`<form method="post" action="${base}/assign" class="inline">${csrfField(csrf)}<input type="hidden" name="assignee" value=""><button type="submit">Unassign</button></form>` : ''}</dd>
</dl>
<h2>What they ask</h2>
${q.asked.length ? html`<ul class="asked">${q.asked.map((s) => html`<li>${s}</li>`)}</ul>` : html`<p class="muted">No sentence of theirs ends in a question mark: read the whole message.</p>`}
<details${q.origin === 'question' ? html` open` : ''}><summary>The whole message</summary><pre class="mail">${o.msg?.text ?? '(the message record is missing)'}</pre></details>
${answersPart(o.answers)}
<h2>Answer</h2>
<form method="post" action="${base}/answer" id="composer">
${csrfField(csrf)}
<label for="answer-text">Your answer, sent exactly as written (no template around it), in the sender’s thread as “Re: ${o.msg?.subject ?? q.subject}”. Sending marks the question answered.</label>
<textarea id="answer-text" name="text" rows="10" maxlength="5000" required>${o.draft}</textarea>
<label for="answer-language">Language of your answer</label>
<select id="answer-language" name="language">${languages.map((l) => html`<option${l === o.draftLanguage ? html` selected` : ''}>${l}</option>`)}</select>
<p><button type="submit">Send the answer (sends mail)</button></p>
</form>
${savedPart(o.saved, base, csrf, q.language)}
<h2>Notes (internal, never sent)</h2>
<ul class="log">${o.log.map(logEntry)}</ul>
<form method="post" action="${base}/notes">
${csrfField(csrf)}
<label for="note-text">Add a note for the other organisers</label>
<textarea id="note-text" name="text" rows="3" maxlength="5000" required></textarea>
<p><button type="submit">Add the note</button></p>
</form>
${sentPart(o.sent)}`;
}

function answersPart(answers: Question[]): Html {
  if (!answers.length) return html``;
  return html`<h2>Written to the sender</h2><ul class="questions">${answers.map((a) => html`<li><span class="muted">${time(a.at)} by ${a.by} (${a.type === 'answer' ? 'answer' : 'question'}):</span> ${replyStateText(a.reply, a.replyDetail)}<pre class="mail">${a.text}</pre></li>`)}</ul>`;
}

/** Saved replies: the question's language first; "Use" reloads the page with the composer filled (no script needed). */
function savedPart(saved: SavedReply[], base: string, csrf: string, language: string | null): Html {
  const sorted = [...saved].sort((a, b) => Number(b.language === language) - Number(a.language === language));
  return html`<h2>Saved replies</h2>
${sorted.length ? html`<ul class="saved">${sorted.map((s) => html`<li><a href="${href(base, { reply: s.id })}#composer">Use</a> <strong>${s.title}</strong> <span class="muted">(${s.language})</span>
<form method="post" action="/questions/saved/${encodeURIComponent(s.id)}/delete" class="inline">${csrfField(csrf)}<input type="hidden" name="back" value="${base}"><button type="submit">Delete</button></form></li>`)}</ul>` : html`<p class="muted">None yet.</p>`}
<details><summary>Save a reply for later</summary>
<form method="post" action="/questions/saved">
${csrfField(csrf)}<input type="hidden" name="back" value="${base}">
<label for="saved-language">Language (code, e.g. en, de, pt-br)</label><input id="saved-language" name="language" value="${language ?? 'en'}" required maxlength="12">
<label for="saved-title">Title (saving a title again replaces it)</label><input id="saved-title" name="title" required maxlength="120">
<label for="saved-text">Text</label><textarea id="saved-text" name="text" rows="6" maxlength="5000" required></textarea>
<p><button type="submit">Save the reply</button></p>
</form></details>`;
}
