/**
 * `node dist/scripts/bench-web.js [--items 10000] [--runs 30] [--only PATH]`: the review queue page with many
 * items, an item page (an endorsement, and a withdrawal request with its candidates), and the
 * messages and questions pages with as many messages (a tenth of them questions in
 * the questions inbox), and the campaign dashboard. Seeds a private Redis through the review store, serves the app on
 * 127.0.0.1, and times each page over HTTP with a logged-in session: median, p95 and max latency.
 * Not a test: figures for a person to read (the issue asks for under 200 ms with 10,000 items).
 */
import Redis from 'ioredis';
import { createQuestionInbox } from '../src/questions/inbox';
import { messageCursor } from '../src/review/message-page';
import { createReviewStore } from '../src/review/store';
import type { EndorsementItem, MessageRecord } from '../src/review/types';
import { createUsers } from '../src/users';
import { buildApp } from '../src/web/app';
import { startRedis } from '../test/helpers/redis';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

const COUNTRIES = ['GB', 'DE', 'FR', 'UA', 'PL', 'IT', 'ES', 'NL', 'SE', 'CZ', null];
const LANGUAGES = ['en', 'de', 'fr', 'uk', 'pl', 'it', 'es'];

function record(i: number): { rec: MessageRecord; item: EndorsementItem } {
  const key = `m${String(i).padStart(32, '0')}`;
  const receivedAt = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  const org = `Organisation number ${i} for peace`;
  const rec: MessageRecord = {
    key, messageId: `<${i}@bench.example>`, mailbox: 'INBOX', uidValidity: '1', uid: i + 1, receivedAt,
    from: `Contact ${i} <c${i}@bench.example>`, replyTo: null, subject: `We endorse (${i})`, kind: 'endorsement', language: LANGUAGES[i % LANGUAGES.length]!,
    acknowledgeDue: true, acknowledged: true, reply: 'sent', reasons: ['says "we endorse"'], notes: [], size: 2000, oversized: false,
    endorsementIds: [], folder: 'Endorsements', text: `Dear team,\n${org} endorses the appeal.\nRegards, Contact ${i}`, attachments: [], references: [],
  };
  // Every tenth message asks something: a question in the questions inbox.
  if (i % 10 === 5) Object.assign(rec, { kind: 'question', subject: `A question (${i})`, text: `Dear team,\ncan local group ${i} sign too?\nContact ${i}`, asked: [`can local group ${i} sign too?`] });
  const item: EndorsementItem = {
    id: key, status: 'pending', signerType: 'organisation', organisation: org, name: null, country: COUNTRIES[i % COUNTRIES.length]!,
    website: `org${i}.example`, contactName: `Contact ${i}`, contactEmail: `c${i}@bench.example`, messageId: rec.messageId, messageKey: key,
    receivedAt, duplicateOf: null, kind: i % 50 === 0 ? 'withdrawal' : 'endorsement', language: rec.language,
    evidence: { organisation: { source: 'body', confidence: 0.9, snippet: `${org} endorses` } }, confidence: i % 7 === 0 ? 0.4 : 0.9, history: [],
  };
  return { rec, item };
}

async function main(): Promise<void> {
  const count = arg('items', 10_000);
  const runs = arg('runs', 30);
  // `--only /dashboard`: time only the pages whose path contains this.
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const server = await startRedis();
  const redis = new Redis(server.url, { maxRetriesPerRequest: 3 });
  try {
    const prefix = 'bench';
    const store = createReviewStore(redis, prefix);
    const users = createUsers(redis, prefix);
    const t0 = Date.now();
    for (let start = 0; start < count; start += 200) {
      await Promise.all(Array.from({ length: Math.min(200, count - start) }, (_, j) => {
        const { rec, item } = record(start + j);
        // Every tenth shares a dedupe key with its predecessor: flagged as a possible duplicate.
        const dedupe = [(start + j) % 10 === 0 && start + j > 0 ? `k${start + j - 1}` : `k${start + j}`];
        return store.recordMessage(rec, [item], [dedupe], { key: rec.key, mailbox: 'INBOX', uidValidity: '1', uid: rec.uid, folder: 'Endorsements' });
      }));
    }
    // A tenth already reviewed, so the counts and the status filter have something to do.
    const all = await store.listItems();
    // (Withdrawal requests are never approved: they are removed, once linked.)
    for (const it of all.slice(0, Math.floor(count / 10)).filter((i) => i.kind !== 'withdrawal')) await store.transition(it.id, 'approve', 'bench');
    // The questions inbox: a third of the questions answered, a third closed.
    const inbox = createQuestionInbox(redis, prefix);
    for (let i = 5; i < count; i += 10) {
      const q = await inbox.openFor(record(i).rec);
      if (q && i % 30 === 15) await inbox.move(q.id, 'answer', 'bench');
      if (q && i % 30 === 25) await inbox.move(q.id, 'close', 'bench');
    }
    const pageBack = (await store.pageMessages({ limit: 500 })).messages.at(-1)!;
    process.stderr.write(`seeded ${count} items in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

    const app = await buildApp({ store, users, redis, prefix, config: { APPEAL_TITLE: 'Bench Appeal', REPLIES: false } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    // A session counts only for an existing account (a deleted user's sessions are void): without one,
    // every page would time the login form.
    await users.accounts.add('bench', 'bench password for the bench only');
    const { id } = await users.sessions.create('bench');
    const headers = { cookie: `sid=${id}` };

    const results: Record<string, string> = {};
    const oneMessage = record(Math.floor(count / 2) + 5).rec.key;
    const paths = [
      '/', '/?status=all', '/?status=all&q=number%2042', '/?country=UA&language=uk', '/?status=all&page=50',
      '/messages', `/messages?after=${encodeURIComponent(messageCursor(pageBack))}`, '/messages?kind=question', '/messages?q=number%2042',
      '/messages?q=no%20such%20words', '/messages?since=2026-01-03&until=2026-01-03', `/messages/${oneMessage}`,
      '/questions', '/questions?state=closed', '/questions?state=open&page=5', `/questions/${oneMessage}`,
      `/items/${record(Math.floor(count / 2)).rec.key}-0`, `/items/${record(Math.floor(count / 2)).rec.key}-0/next`,
      `/items/${record(51).rec.key}-0`, `/items/${record(50).rec.key}-0`, '/public/signatories.json',
      '/dashboard', '/dashboard?tz=Europe%2FKyiv',
    ].filter((p) => !only || p.includes(only));
    for (const path of paths) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < runs + 5; i++) {
        const s = process.hrtime.bigint();
        const res = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
        const body = await res.text();
        if (res.status !== 200 && !(res.status === 303 && path.endsWith('/next'))) throw new Error(`${path}: HTTP ${res.status}`);
        const ms = Number(process.hrtime.bigint() - s) / 1e6;
        if (i >= 5) times.push(ms);
        bytes = body.length;
      }
      times.sort((a, b) => a - b);
      const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
      results[path] = `median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${times.at(-1)!.toFixed(1)} ms, ${(bytes / 1024).toFixed(0)} KiB`;
    }
    await app.close();
    process.stdout.write(`${count} items and ${count} messages (${Math.ceil((count - 5) / 10)} questions), ${runs} runs each (after 5 warm-up):\n`);
    for (const [path, line] of Object.entries(results)) process.stdout.write(`  GET ${(path.length > 44 ? `${path.slice(0, 41)}...` : path).padEnd(44)} ${line}\n`);
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
