/**
 * The questions inbox in Redis: one record per message that needs a person's answer (see due.ts),
 * with a state (open -> answered -> closed, and back to open), an assignee, and a log of internal
 * notes, answers and state changes. One sorted set per state, scored by the time the mail arrived,
 * gives the lists and their counts without reading the records. State changes are Lua scripts, so
 * two organisers pressing buttons at once cannot leave a record in two lists.
 */
import type Redis from 'ioredis';
import { luaScript } from '../review/lua';
import type { MessageRecord } from '../review/types';
import { questionDue, type QuestionOrigin } from './due';

export const QUESTION_STATES = ['open', 'answered', 'closed'] as const;
export type QuestionState = (typeof QUESTION_STATES)[number];

/** What an organiser can do to a question, the states it may start from and the state it leads to. */
export const QUESTION_MOVES = {
  answer: { from: ['open', 'answered'], to: 'answered' },
  close: { from: ['open', 'answered'], to: 'closed' },
  reopen: { from: ['answered', 'closed'], to: 'open' },
} as const satisfies Record<string, { from: readonly QuestionState[]; to: QuestionState }>;
export type QuestionMove = keyof typeof QUESTION_MOVES;

/** One entry of a question's log: a note, an answer sent, an assignment or a state change. */
export interface QuestionLogEntry {
  at: string; // ISO 8601
  by: string;
  action: 'opened' | 'note' | 'answer' | 'asked' | 'assign' | QuestionMove;
  text?: string;
}

/** One question of the inbox. Its id is the message key: one question per message. */
export interface InboxQuestion {
  id: string;
  messageKey: string;
  origin: QuestionOrigin | 'organiser';
  /** The asking sentences of the sender's own words (may be empty: then the whole message is the question). */
  asked: string[];
  from: string | null;
  subject: string;
  language: string | null;
  receivedAt: string;
  state: QuestionState;
  assignee: string | null;
  updatedAt: string;
}

/** The move is not allowed from the question's current state. */
export class QuestionStateError extends Error {
  override name = 'QuestionStateError';
  constructor(readonly id: string, readonly move: QuestionMove, readonly state: QuestionState) {
    super(`question ${id} is ${state}: it cannot be ${move === 'answer' ? 'answered' : `${move}d`}`);
  }
}

/** No question with this id. */
export class UnknownQuestionError extends Error {
  override name = 'UnknownQuestionError';
  constructor(readonly id: string) {
    super(`no question ${id}`);
  }
}

/** ARGV: prefix, id, score, log entry, then field/value pairs. Returns 1 when created, 0 when it existed. */
const OPEN = luaScript(`
local q = ARGV[1] .. ':inbox:q:' .. ARGV[2]
if redis.call('EXISTS', q) == 1 then return 0 end
local fields = {}
for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', q, unpack(fields))
redis.call('ZADD', ARGV[1] .. ':inbox:open', ARGV[3], ARGV[2])
redis.call('RPUSH', q .. ':log', ARGV[4])
return 1
`);

/** ARGV: prefix, id, allowed states (comma separated), new state, log entry, time. Returns {'ok'|'unknown'|'illegal', state}. */
const MOVE = luaScript(`
local q = ARGV[1] .. ':inbox:q:' .. ARGV[2]
local cur = redis.call('HGET', q, 'state')
if not cur then return {'unknown', ''} end
local allowed = false
for s in string.gmatch(ARGV[3], '[^,]+') do if s == cur then allowed = true end end
if not allowed then return {'illegal', cur} end
local score = redis.call('ZSCORE', ARGV[1] .. ':inbox:' .. cur, ARGV[2]) or redis.call('HGET', q, 'score')
redis.call('ZREM', ARGV[1] .. ':inbox:' .. cur, ARGV[2])
redis.call('ZADD', ARGV[1] .. ':inbox:' .. ARGV[4], score, ARGV[2])
redis.call('HSET', q, 'state', ARGV[4], 'updatedAt', ARGV[6])
redis.call('RPUSH', q .. ':log', ARGV[5])
return {'ok', cur}
`);

/** ARGV: prefix, id, log entry, time, then field/value pairs to set. Returns 0 for an unknown question. */
const UPDATE = luaScript(`
local q = ARGV[1] .. ':inbox:q:' .. ARGV[2]
if redis.call('EXISTS', q) == 0 then return 0 end
for i = 5, #ARGV, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', q, ARGV[i]) else redis.call('HSET', q, ARGV[i], ARGV[i + 1]) end
end
redis.call('HSET', q, 'updatedAt', ARGV[4])
redis.call('RPUSH', q .. ':log', ARGV[3])
return 1
`);

/** The inbox as the intake job, the pages and the tests use it. */
export interface QuestionInbox {
  /**
   * Open the question a message brings, if it brings one (questionDue) and has none yet. Idempotent:
   * returns the question (new or existing), or null when the message needs no answer.
   */
  openFor(rec: MessageRecord): Promise<InboxQuestion | null>;
  /** Open a question for a message an organiser wrote to (Ask the sender), whatever its kind; idempotent. */
  ensure(rec: MessageRecord, by: string): Promise<InboxQuestion>;
  get(id: string): Promise<InboxQuestion | null>;
  /** The log of a question, oldest first. */
  log(id: string): Promise<QuestionLogEntry[]>;
  /**
   * One page of questions in a state: open ones oldest first (the longest waiting on top), the
   * others newest first. `assignee` keeps only those assigned to that organiser ('' for nobody).
   */
  list(opts: { state: QuestionState; assignee?: string; offset?: number; limit?: number }): Promise<{ questions: InboxQuestion[]; total: number }>;
  /** How many questions are in each state (three ZCARDs: cheap on every page). */
  counts(): Promise<Record<QuestionState, number>>;
  /**
   * Move a question (answer, close, reopen), logging who did it and `text` (an answer's id).
   * @throws UnknownQuestionError, QuestionStateError
   */
  move(id: string, move: QuestionMove, by: string, text?: string): Promise<InboxQuestion>;
  /** Assign to an organiser (null: to nobody). @throws UnknownQuestionError */
  assign(id: string, assignee: string | null, by: string): Promise<InboxQuestion>;
  /** Add an internal note (never sent). @throws UnknownQuestionError, RangeError for an empty note */
  note(id: string, text: string, by: string): Promise<void>;
  /** Log that an organiser asked the sender something (Ask the sender). @throws UnknownQuestionError */
  logAsked(id: string, text: string, by: string): Promise<void>;
}

/** Notes are cut to this many characters. */
export const NOTE_MAX_CHARS = 5000;

/** Build the inbox over an existing client (nothing is sent until a method is called). */
export function createQuestionInbox(redis: Redis, prefix: string): QuestionInbox {
  const qKey = (id: string) => `${prefix}:inbox:q:${id}`;
  const stateKey = (s: QuestionState) => `${prefix}:inbox:${s}`;
  const entry = (by: string, action: QuestionLogEntry['action'], text?: string) =>
    JSON.stringify({ at: new Date().toISOString(), by, action, ...(text ? { text } : {}) } satisfies QuestionLogEntry);

  function fromHash(id: string, h: Record<string, string>): InboxQuestion | null {
    if (!h.state) return null;
    return {
      id, messageKey: h.messageKey ?? id, origin: (h.origin ?? 'question') as InboxQuestion['origin'], asked: h.asked ? (JSON.parse(h.asked) as string[]) : [],
      from: h.from || null, subject: h.subject ?? '', language: h.language || null, receivedAt: h.receivedAt ?? '',
      state: h.state as QuestionState, assignee: h.assignee || null, updatedAt: h.updatedAt ?? '',
    };
  }

  async function load(ids: string[]): Promise<InboxQuestion[]> {
    if (ids.length === 0) return [];
    const pipe = redis.pipeline();
    for (const id of ids) pipe.hgetall(qKey(id));
    const res = (await pipe.exec()) ?? [];
    const out: InboxQuestion[] = [];
    res.forEach(([err, h], i) => {
      if (err) throw err;
      const q = fromHash(ids[i]!, h as Record<string, string>);
      if (q) out.push(q);
    });
    return out;
  }

  async function must(id: string): Promise<InboxQuestion> {
    const q = (await load([id]))[0];
    if (!q) throw new UnknownQuestionError(id);
    return q;
  }

  async function open(rec: MessageRecord, origin: InboxQuestion['origin'], asked: string[], by: string): Promise<InboxQuestion> {
    const score = Date.parse(rec.receivedAt);
    const now = new Date().toISOString();
    await OPEN.run(redis, [], [
      prefix, rec.key, Number.isFinite(score) ? score : Date.now(), entry(by, 'opened'),
      'messageKey', rec.key, 'origin', origin, 'asked', JSON.stringify(asked), 'from', rec.from ?? '', 'subject', rec.subject,
      'language', rec.language ?? '', 'receivedAt', rec.receivedAt, 'state', 'open', 'updatedAt', now, 'score', Number.isFinite(score) ? score : Date.now(),
    ]);
    return must(rec.key);
  }

  async function update(id: string, log: string, fields: string[]): Promise<void> {
    if ((await UPDATE.run(redis, [], [prefix, id, log, new Date().toISOString(), ...fields])) !== 1) throw new UnknownQuestionError(id);
  }

  return {
    async openFor(rec) {
      const due = questionDue(rec);
      return due ? open(rec, due.origin, due.asked, 'intake') : null;
    },

    async ensure(rec, by) {
      const due = questionDue(rec);
      return open(rec, due?.origin ?? 'organiser', due?.asked ?? [], by);
    },

    get: async (id) => (await load([id]))[0] ?? null,

    async log(id) {
      return (await redis.lrange(`${qKey(id)}:log`, 0, -1)).map((e) => JSON.parse(e) as QuestionLogEntry);
    },

    async list({ state, assignee, offset = 0, limit = 100 }) {
      const key = stateKey(state);
      const oldestFirst = state === 'open';
      if (assignee === undefined) {
        const [ids, total] = await Promise.all([
          oldestFirst ? redis.zrange(key, String(offset), String(offset + limit - 1)) : redis.zrevrange(key, String(offset), String(offset + limit - 1)),
          redis.zcard(key),
        ]);
        return { questions: await load(ids), total };
      }
      // Filtering by assignee reads the whole state list's records: fine for the hundreds an inbox holds.
      const ids = oldestFirst ? await redis.zrange(key, "0", "-1") : await redis.zrevrange(key, "0", "-1");
      const mine = (await load(ids)).filter((q) => (q.assignee ?? '') === assignee);
      return { questions: mine.slice(offset, offset + limit), total: mine.length };
    },

    async counts() {
      const [open, answered, closed] = await Promise.all(QUESTION_STATES.map((s) => redis.zcard(stateKey(s))));
      return { open: open!, answered: answered!, closed: closed! };
    },

    async move(id, move, by, text) {
      const rule = QUESTION_MOVES[move];
      const [res, cur] = (await MOVE.run(redis, [], [prefix, id, rule.from.join(','), rule.to, entry(by, move, text), new Date().toISOString()])) as [string, string];
      if (res === 'unknown') throw new UnknownQuestionError(id);
      if (res === 'illegal') throw new QuestionStateError(id, move, cur as QuestionState);
      return must(id);
    },

    async assign(id, assignee, by) {
      await update(id, entry(by, 'assign', assignee ?? undefined), ['assignee', assignee ?? '']);
      return must(id);
    },

    async note(id, text, by) {
      const t = text.trim().slice(0, NOTE_MAX_CHARS);
      if (!t) throw new RangeError('a note needs some words');
      await update(id, entry(by, 'note', t), []);
    },

    async logAsked(id, text, by) {
      await update(id, entry(by, 'asked', text), []);
    },
  };
}
