/**
 * /metrics after a real drain: the long-running worker (built CLI, METRICS_PORT) takes in the dev
 * corpus from Dovecot and answers through the SMTP sink; an organiser approves and rejects through
 * the JSON API, so confirmations go out too. Then both /metrics (the worker's listener and the web
 * process's route), scraped over HTTP on 127.0.0.1, show messages by kind, items by status and
 * replies by state equal to what the store lists (read here through the store, not the metrics
 * code), the stage durations of what the worker did, no intake lag, and no address anywhere.
 * Both need METRICS_TOKEN. Needs `npm run build` first (as `npm test` does).
 */
import { Queue } from 'bullmq';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { INTAKE_LARGE_QUEUE, INTAKE_QUEUE, REPLY_QUEUE } from '../../src/jobs/queues';
import { createReviewStore } from '../../src/review/store';
import { generateMail } from '../helpers/generate';
import { freePort, waitFor } from '../helpers/ports';
import { parseExposition, type Exposition } from '../helpers/prometheus';
import { cliPath, runCli, spawnCli, startStack, type Stack } from '../helpers/stack';

const corpus = join(__dirname, '../fixtures/corpus');
const labels: { file: string; kind: string }[] = JSON.parse(readFileSync(join(corpus, 'labels.json'), 'utf8'));
const TOKEN = 'metrics-test-token-0123456789';

let stack: Stack;
const children: ChildProcess[] = [];
let redis: Redis;
const queues: Queue[] = [];

beforeAll(async () => {
  if (!existsSync(cliPath())) throw new Error(`${cliPath()} is missing: run npm run build first`);
  stack = await startStack();
}, 60_000);
afterAll(async () => {
  // Teardown only (worker-sigterm.test.ts holds the worker to its stop time): a worker still busy
  // after 20 s on a loaded machine is said and killed, so the stack still stops within the hook.
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      const t = setTimeout(() => {
        process.stderr.write('metrics-worker test: the worker had not stopped 20 s after SIGTERM; killed\n');
        c.kill('SIGKILL');
      }, 20_000);
      await exited;
      clearTimeout(t);
    }
  }
  await Promise.all(queues.map((q) => q.close()));
  redis?.disconnect();
  await stack?.stop();
}, 90_000);

/** True when no queue has a job waiting, active or delayed (read through BullMQ, not our metrics). */
async function drained(): Promise<boolean> {
  for (const q of queues) {
    const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    if (Object.values(c).some((n) => n > 0)) return false;
  }
  return true;
}

function tally<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}
const nonZero = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v > 0));

test('after a drain, the worker\'s and the web process\'s /metrics equal the store\'s counts', async () => {
  const [metricsPort, webPort] = [await freePort(), await freePort()];
  const env = stack.env({ METRICS_PORT: String(metricsPort), METRICS_TOKEN: TOKEN, WEB_PORT: String(webPort), LOG_LEVEL: 'info' });
  const prefix = env.QUEUE_PREFIX!;
  redis = new Redis(stack.redis.url);
  const store = createReviewStore(redis, prefix);
  for (const name of [INTAKE_QUEUE, INTAKE_LARGE_QUEUE, REPLY_QUEUE]) queues.push(new Queue(name, { connection: redis, prefix }));

  await stack.append(labels.map((l) => readFileSync(join(corpus, l.file))));
  const worker = spawnCli(['worker'], env);
  children.push(worker);
  let stderr = '';
  worker.stderr!.on('data', (d) => (stderr += d));
  await waitFor('the worker to take in the corpus', async () => (await redis.zcard(`${prefix}:messages`)) === labels.length && (await drained()), 90_000);
  expect(stderr).toContain('"msg":"metrics on /metrics"');

  // An organiser approves two endorsements and rejects one: confirmations are sent for the approvals.
  expect((await runCli(['users', 'add', 'alice'], env, 'a long enough password\n')).code).toBe(0);
  const apiToken = (await runCli(['users', 'token', 'alice'], env)).stdout.trim();
  const web = spawnCli(['web'], env);
  children.push(web);
  const base = `http://127.0.0.1:${webPort}`;
  await waitFor('the web process', async () => (await fetch(`${base}/healthz`).catch(() => null))?.ok === true);
  const api = (path: string, method = 'GET') => fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${apiToken}` } });
  const pending = (await (await api('/api/endorsements?status=pending')).json()) as { id: string }[];
  expect(pending.length).toBeGreaterThan(3);
  for (const [id, action] of [[pending[0]!.id, 'approve'], [pending[1]!.id, 'approve'], [pending[2]!.id, 'reject']]) {
    expect((await api(`/api/endorsements/${id}/${action}`, 'POST')).status).toBe(200);
  }
  await waitFor('the confirmations', async () => (await drained()) && (await store.listItems({ status: 'approved', history: false })).every((i) => i.reply === 'sent' || i.reply === 'suppressed'), 60_000);

  // Both endpoints refuse a scrape without the token.
  const workerUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const webUrl = `${base}/metrics`;
  expect((await fetch(workerUrl)).status).toBe(401);
  expect((await fetch(webUrl)).status).toBe(401);
  expect((await fetch(webUrl, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);
  const scrape = async (url: string): Promise<{ text: string; m: Exposition }> => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    return { text, m: parseExposition(text) };
  };
  const fromWorker = await scrape(workerUrl);
  const fromWeb = await scrape(webUrl);

  // What the store lists, counted here.
  const [messages, items] = await Promise.all([store.listMessages(), store.listItems({ history: false })]);
  expect(messages).toHaveLength(labels.length);
  const want = {
    kinds: tally(messages, (x) => x.kind),
    statuses: tally(items, (x) => x.status),
    acks: tally(messages, (x) => x.reply),
    itemReplies: tally(items, (x) => x.reply ?? 'none'),
  };
  expect(want.statuses.approved).toBe(2);
  expect(want.acks.sent).toBeGreaterThan(0);
  expect(want.itemReplies.sent).toBe(2);
  for (const { m, text } of [fromWorker, fromWeb]) {
    expect(nonZero(m.by('endorse_messages', 'kind'))).toEqual(want.kinds);
    expect(nonZero(m.by('endorse_items', 'status'))).toEqual(want.statuses);
    expect(nonZero(m.by('endorse_replies', 'state', { type: 'acknowledgement' }))).toEqual(want.acks);
    expect(nonZero(m.by('endorse_replies', 'state', { type: 'item' }))).toEqual(want.itemReplies);
    expect(m.by('endorse_queue_jobs', 'queue', { state: 'waiting' })).toEqual({ [INTAKE_QUEUE]: 0, [INTAKE_LARGE_QUEUE]: 0, [REPLY_QUEUE]: 0 });
    expect(m.value('endorse_connection_state', { connection: 'imap', state: 'ok' })).toBe(1);
    expect(m.value('endorse_connection_state', { connection: 'redis', state: 'ok' })).toBe(1);
    // No address, name or subject: not one '@' in the whole exposition.
    expect(text).not.toContain('@');
    for (const rec of messages.slice(0, 20)) if (rec.subject.length > 20) expect(text).not.toContain(rec.subject);
  }
  // Every reply that reached the SMTP sink was one timed send of the worker; the worker parsed each message once.
  const w = fromWorker.m;
  expect(w.value('endorse_stage_duration_seconds_count', { stage: 'send' })).toBe(stack.smtp.messages.length);
  expect(w.value('endorse_stage_duration_seconds_count', { stage: 'parse' })).toBe(labels.length);
  expect(w.value('endorse_stage_duration_seconds_count', { stage: 'store' })).toBe(labels.length);
  expect(w.value('endorse_stage_duration_seconds_count', { stage: 'fetch' })).toBeGreaterThanOrEqual(1);
  expect(w.value('endorse_connection_state', { connection: 'smtp', state: 'ok' })).toBe(1);
  // The watcher saw UIDs 1..60 and the cursor is at the newest: nothing left behind.
  expect(w.value('endorse_intake_newest_uid', { mailbox: 'INBOX' })).toBe(labels.length);
  expect(w.value('endorse_intake_cursor_uid', { mailbox: 'INBOX' })).toBe(labels.length);
  expect(w.value('endorse_intake_lag_uids', { mailbox: 'INBOX' })).toBe(0);
  // The web process did none of that work: no durations, and no watcher to know the mailbox's head.
  expect(fromWeb.m.value('endorse_stage_duration_seconds_count', { stage: 'parse' })).toBeUndefined();
  expect(fromWeb.m.value('endorse_intake_lag_uids', { mailbox: 'INBOX' })).toBeUndefined();
}, 240_000);

test('durations observed in worker threads are summed into the worker\'s /metrics', async () => {
  const metricsPort = await freePort();
  // A backlog of hundreds of messages and a slow main thread: the extra thread starts and takes a share.
  const env = stack.env({ METRICS_PORT: String(metricsPort), WORKER_THREADS: '1', INTAKE_CONCURRENCY: '1', REPLIES: 'false', LOG_LEVEL: 'info', QUEUE_PREFIX: 'threads' });
  const total = 400;
  const imap = await stack.imap();
  await imap.mailboxCreate('Threads');
  await imap.logout();
  await stack.append(generateMail(total, { seed: 5 }).map((m) => m.raw), { folder: 'Threads' });
  const worker = spawnCli(['worker'], { ...env, IMAP_MAILBOX: 'Threads' });
  children.push(worker);
  let stderr = '';
  worker.stderr!.on('data', (d) => (stderr += d));
  const client = new Redis(stack.redis.url);
  try {
    await waitFor('the worker to take in the backlog', async () => (await client.zcard('threads:messages')) === total, 180_000);
  } finally {
    client.disconnect();
  }
  expect(stderr).toContain('backlog: started extra worker threads');
  const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(res.status).toBe(200);
  const m = parseExposition(await res.text());
  // Each message was stored once, by the main thread or the extra one: the sum is the total.
  expect(m.value('endorse_stage_duration_seconds_count', { stage: 'store' })).toBe(total);
  expect(m.value('endorse_stage_duration_seconds_count', { stage: 'parse' })).toBe(total);
  expect(m.value('endorse_messages', { kind: 'endorsement' })! + m.value('endorse_messages', { kind: 'question' })!).toBeGreaterThan(0);
}, 300_000);
