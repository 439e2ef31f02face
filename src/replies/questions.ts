/**
 * An organiser's words to a sender, kept in Redis: a question ("needs information", sent inside its
 * template) or an answer (sent as written, from the questions inbox). The review page writes it, the
 * reply worker sends it in the thread and records the outcome on it. Its id is derived from the
 * message and the words, so saving the same words twice (a double click) sends them once.
 */
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import type { ReplyState } from '../review/types';
import { replyKeys } from './keys';

/** One question asked about a message (and, when the reviewer was looking at one, an item). */
export interface Question {
  id: string;
  messageKey: string;
  itemId: string | null;
  /** The organiser's words, sent as written. */
  text: string;
  /** `answer`: sent as written with no template (absent: a needs-information question). */
  type?: 'answer';
  /** The language the organiser wrote in (an answer's Content-Language), when known. */
  language?: string | null;
  by: string;
  at: string; // ISO 8601
  reply: ReplyState;
  /** The server's words for a failed send, or the policy's reason for a suppressed one. */
  replyDetail?: string;
}

/** At most this many characters of a question are kept and sent. */
export const QUESTION_MAX_CHARS = 5000;

/** The id of a question: `q` + 24 hex digits of a hash of the message key and the words. */
export function questionId(messageKey: string, text: string): string {
  return `q${createHash('sha256').update(`${messageKey}\0${text.trim()}`).digest('hex').slice(0, 24)}`;
}

/**
 * Save a question (once: an existing one with the same id is returned unchanged).
 * @throws RangeError for an empty question
 */
export async function saveQuestion(
  redis: Redis, prefix: string, q: { messageKey: string; itemId?: string | null; text: string; by: string },
): Promise<Question> {
  const text = q.text.trim().slice(0, QUESTION_MAX_CHARS);
  if (!text) throw new RangeError('a question needs some words');
  const keys = replyKeys(prefix);
  const question: Question = {
    id: questionId(q.messageKey, text), messageKey: q.messageKey, itemId: q.itemId ?? null, text, by: q.by,
    at: new Date().toISOString(), reply: 'queued',
  };
  const created = await redis.set(keys.question(question.id), JSON.stringify(question), 'NX');
  if (created !== 'OK') return (await getQuestion(redis, prefix, question.id))!;
  await redis.zadd(keys.questionsOf(q.messageKey), String(Date.now()), question.id);
  return question;
}

/** The id of an answer: `a` + 24 hex digits of a hash of the message key and the words. */
export function answerId(messageKey: string, text: string): string {
  return `a${createHash('sha256').update(`answer\0${messageKey}\0${text.trim()}`).digest('hex').slice(0, 24)}`;
}

/**
 * Save an organiser's answer (once: the same words about the same message are one answer), listed
 * with the message's questions.
 * @throws RangeError for an empty answer
 */
export async function saveAnswer(
  redis: Redis, prefix: string, a: { messageKey: string; text: string; by: string; language?: string | null },
): Promise<Question> {
  const text = a.text.replace(/\r\n/g, '\n').trim().slice(0, QUESTION_MAX_CHARS);
  if (!text) throw new RangeError('an answer needs some words');
  const keys = replyKeys(prefix);
  const answer: Question = {
    id: answerId(a.messageKey, text), messageKey: a.messageKey, itemId: null, text, by: a.by, type: 'answer', language: a.language ?? null,
    at: new Date().toISOString(), reply: 'queued',
  };
  const created = await redis.set(keys.question(answer.id), JSON.stringify(answer), 'NX');
  if (created !== 'OK') return (await getQuestion(redis, prefix, answer.id))!;
  await redis.zadd(keys.questionsOf(a.messageKey), String(Date.now()), answer.id);
  return answer;
}

/** One question, or null. */
export async function getQuestion(redis: Redis, prefix: string, id: string): Promise<Question | null> {
  const raw = await redis.get(replyKeys(prefix).question(id));
  return raw ? (JSON.parse(raw) as Question) : null;
}

/** The questions asked and answers given about a message, oldest first. */
export async function listQuestions(redis: Redis, prefix: string, messageKey: string): Promise<Question[]> {
  const ids = await redis.zrange(replyKeys(prefix).questionsOf(messageKey), "0", "-1");
  const all = await Promise.all(ids.map((id) => getQuestion(redis, prefix, id)));
  return all.filter((q): q is Question => q !== null);
}

/** Record how sending a question went. Only the reply worker writes this, one job per question. */
export async function setQuestionReply(redis: Redis, prefix: string, id: string, state: ReplyState, detail?: string): Promise<void> {
  const q = await getQuestion(redis, prefix, id);
  if (!q) return;
  const next: Question = { ...q, reply: state };
  if (detail) next.replyDetail = detail;
  else delete next.replyDetail;
  await redis.set(replyKeys(prefix).question(id), JSON.stringify(next));
}
