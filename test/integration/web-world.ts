/**
 * What the web route tests share: a private Redis, a store and users under a fresh prefix, a real
 * BullMQ reply queue, the app (driven by inject(), never listening), sample records, and a login
 * that returns the session cookie and the CSRF token read from the page as a browser would.
 */
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { REPLY_QUEUE } from '../../src/jobs/queues';
import type { Logger } from '../../src/log';
import { createReviewStore, type ReviewStore } from '../../src/review/store';
import type { EndorsementItem, MessageRecord } from '../../src/review/types';
import { createUsers, type LoginLimits, type Users } from '../../src/users';
import { buildApp } from '../../src/web/app';
import type { RecipientRule } from '../../src/replies/policy';
import { startRedis, type RedisServer } from '../helpers/redis';

export interface World {
  redis: Redis;
  prefix: string;
  store: ReviewStore;
  users: Users;
  replyQueue: Queue;
  app: FastifyInstance;
  close(): Promise<void>;
}

let server: RedisServer | null = null;
const opened: World[] = [];

/** Start (once per test file) Redis; build a world with its own key prefix. */
export async function world(opts: { limits?: LoginLimits; replies?: boolean; trustProxy?: boolean | string; publicUrl?: string; log?: Logger; undoSeconds?: number; recipients?: RecipientRule } = {}): Promise<World> {
  server ??= await startRedis();
  const redis = new Redis(server.url, { maxRetriesPerRequest: 3 });
  const prefix = `w${randomUUID().slice(0, 8)}`;
  const store = createReviewStore(redis, prefix);
  // Cheaper scrypt than production (same code path) so the many logins of a test file stay fast.
  const users = createUsers(redis, prefix, { limits: opts.limits, scrypt: { N: 2 ** 12, r: 8, p: 1 } });
  const replyQueue = new Queue(REPLY_QUEUE, { connection: redis, prefix });
  const app = await buildApp({ store, users, replyQueue, queues: [replyQueue], config: { APPEAL_TITLE: 'Peace Appeal', REPLIES: opts.replies ?? true, REVIEW_UNDO_SECONDS: opts.undoSeconds },
    trustProxy: opts.trustProxy, publicUrl: opts.publicUrl, log: opts.log, ...(opts.recipients ? { recipients: opts.recipients } : {}) });
  const w: World = {
    redis, prefix, store, users, replyQueue, app,
    async close() {
      await Promise.allSettled([app.close(), replyQueue.close()]);
      redis.disconnect();
    },
  };
  opened.push(w);
  return w;
}

/** Close every world and stop Redis (call from afterAll). */
export async function closeAll(): Promise<void> {
  await Promise.all(opened.splice(0).map((w) => w.close()));
  await server?.stop();
  server = null;
}

/** A message record with sensible defaults. */
export function message(key: string, receivedAt: string, over: Partial<MessageRecord> = {}): MessageRecord {
  return {
    key, messageId: `<${key}@example.net>`, mailbox: 'INBOX', uidValidity: '7', uid: 1, receivedAt,
    from: 'Jane Doe <jane@example.net>', replyTo: null, subject: 'We endorse the appeal', kind: 'endorsement', language: 'en',
    acknowledgeDue: true, acknowledged: false, reply: 'queued', reasons: ['says "we endorse"'], notes: [],
    size: 100, oversized: false, endorsementIds: [], folder: null, text: 'Dear team,\nAcme Peace Network endorses the appeal.\nJane Doe',
    attachments: [], references: [],
    ...over,
  };
}

/** An extracted item with sensible defaults (id, key and time are set by the store). */
export function item(over: Partial<EndorsementItem> = {}): EndorsementItem {
  return {
    id: 'x', status: 'pending', signerType: 'organisation', organisation: 'Acme Peace Network', name: null, country: 'GB',
    website: 'acme.example', contactName: 'Jane Doe', contactEmail: 'jane@example.net', messageId: null, messageKey: 'x',
    receivedAt: '2000-01-01T00:00:00.000Z', duplicateOf: null, kind: 'endorsement', language: 'en',
    evidence: { organisation: { source: 'body', confidence: 0.9, snippet: 'Acme Peace Network endorses' } }, confidence: 0.9, history: [],
    ...over,
  };
}

/** Record one message with its items (carrying its Message-ID, as intake does); returns the item ids. */
export async function seed(w: World, rec: MessageRecord, items: EndorsementItem[]): Promise<string[]> {
  await w.store.recordMessage(rec, items.map((it) => ({ ...it, messageId: rec.messageId })), items.map((_, i) => [`k:${rec.key}:${i}`]), { key: rec.key, mailbox: 'INBOX', uidValidity: '7', uid: 1, folder: null });
  return items.map((_, i) => `${rec.key}-${i}`);
}

/** Cookies from a response's Set-Cookie headers, as name -> value. */
export function cookiesOf(res: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
}

/** The CSRF token in a page's first `_csrf` field. */
export function csrfIn(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!m) throw new Error('no _csrf field in the page');
  return m[1]!;
}

export interface Login {
  cookie: string;
  csrf: string;
}

/** Create the account (if needed) and log in through the form; returns the session cookie and CSRF token. */
export async function login(w: World, user = 'alice', password = 'correct horse battery'): Promise<Login> {
  if (!(await w.users.accounts.exists(user))) await w.users.accounts.add(user, password);
  const form = await w.app.inject({ method: 'GET', url: '/login' });
  const pre = cookiesOf(form).login_csrf!;
  const res = await w.app.inject({
    method: 'POST', url: '/login', cookies: { login_csrf: pre },
    payload: { _csrf: csrfIn(form.body), user, password, next: '/' },
  });
  if (res.statusCode !== 303) throw new Error(`login failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
  const sid = cookiesOf(res).sid!;
  const page = await w.app.inject({ method: 'GET', url: '/', cookies: { sid } });
  return { cookie: sid, csrf: csrfIn(page.body) };
}
