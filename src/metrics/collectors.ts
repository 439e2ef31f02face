/**
 * The metrics read from Redis at scrape time: what the store holds (messages by kind, items by
 * status, reply states, suppressions), the queues, the intake lag and the connection states. Read
 * from Redis rather than counted in memory, so they survive restarts, agree across processes and
 * threads, and equal what the review page and the export show. No label carries personal data:
 * kinds, statuses, states, reasons, queue and mailbox names are fixed sets or configuration.
 */
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { Gauge, Registry } from 'prom-client';
import { readCursor } from '../intake/cursor';
import { KINDS } from '../mail/types';
import type { ReviewStore } from '../review/store';
import { STATUSES } from '../review/types';
import type { ConnectionState } from '../status/classify';
import { readStatuses } from '../status/store';
import { mailboxHeads } from './intake-lag';
import { REPLY_STATES, storeReplyCounts } from '../review/reply-counts';

/** What the store metrics are read from. */
export interface StoreMetricsDeps {
  redis: Redis;
  prefix: string;
  store: Pick<ReviewStore, 'messageKindCounts' | 'pendingFilingCount'>;
  /** The BullMQ queues whose depths and ages are shown. */
  queues: Queue[];
  /** A scrape gives up on Redis after this long and reports it unreachable (default 5 s). */
  timeoutMs?: number;
  now?: () => number;
}

/** The metrics, and the read that fills them; `refresh` before each exposition. */
export interface StoreMetrics {
  registry: Registry;
  refresh(): Promise<void>;
}

const CONNECTION_STATES: readonly (ConnectionState | 'unknown')[] = ['ok', 'auth_failed', 'unreachable', 'tls_error', 'unknown'];
const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis gave no answer within ${ms} ms`)), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Build the gauges in their own registry; nothing is read until `refresh`. */
export function createStoreMetrics(deps: StoreMetricsDeps): StoreMetrics {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const messages = gauge('endorse_messages', 'Messages taken in and held in the review store, by kind.', ['kind']);
  const items = gauge('endorse_items', 'Endorsements (items) in the review store, by review status.', ['status']);
  const replies = gauge('endorse_replies', 'Replies by type (acknowledgement: on the message; item: an item\'s confirmation or withdrawal notice, the latest) and state.', ['type', 'state']);
  const suppressed = gauge('endorse_replies_suppressed', 'Suppressed replies by type and the policy\'s reason.', ['type', 'reason']);
  const filing = gauge('endorse_filing_pending', 'Processed messages waiting to be filed in the mailbox.', []);
  const jobs = gauge('endorse_queue_jobs', 'Jobs in each BullMQ queue by state.', ['queue', 'state']);
  const oldest = gauge('endorse_queue_oldest_waiting_age_seconds', 'Age of the oldest waiting job of each queue (0 when none waits).', ['queue']);
  const newest = gauge('endorse_intake_newest_uid', 'Newest UID the watcher saw in the mailbox at its last sync.', ['mailbox']);
  const cursor = gauge('endorse_intake_cursor_uid', 'Highest UID handed to intake (the cursor in Redis).', ['mailbox']);
  const lag = gauge('endorse_intake_lag_uids', 'UIDs between the newest seen in the mailbox and the cursor: mail not yet taken in.', ['mailbox']);
  const connection = gauge('endorse_connection_state', 'Connection state as last reported (1 for the current state): IMAP and SMTP by the worker, Redis by this process\'s own ping.', ['connection', 'state']);
  const readSeconds = gauge('endorse_metrics_read_seconds', 'How long this scrape took to read the store, queues and states from Redis.', []);
  const timeoutMs = deps.timeoutMs ?? 5000;
  const now = deps.now ?? Date.now;

  const setConnection = (name: string, state: string) => {
    for (const s of CONNECTION_STATES) connection.set({ connection: name, state: s }, s === state ? 1 : 0);
  };

  /** Read everything, then return the step that sets the gauges (so a read that times out sets nothing). */
  async function read(): Promise<() => void> {
    const { redis, prefix, store } = deps;
    const [kinds, itemCounts, replyCounts, pendingFiling, statuses, queueStats, lags] = await Promise.all([
      store.messageKindCounts(),
      Promise.all(STATUSES.map(async (s) => [s, await redis.zcard(`${prefix}:items:${s}`)] as const)),
      storeReplyCounts(redis, prefix),
      store.pendingFilingCount(),
      readStatuses(redis, prefix),
      Promise.all(deps.queues.map(async (q) => {
        const [counts, first] = await Promise.all([q.getJobCounts(...JOB_STATES), q.getJobs(['wait'], 0, 0, true)]);
        return { name: q.name, counts, oldest: first[0]?.timestamp ?? null };
      })),
      Promise.all(mailboxHeads().map(async (h) => ({ ...h, cursor: await readCursor(redis, prefix, h.mailbox, h.uidValidity) }))),
    ]);
    return () => {
      for (const k of KINDS) messages.set({ kind: k }, kinds[k] ?? 0);
      for (const [s, n] of itemCounts) items.set({ status: s }, n);
      for (const [type, c] of Object.entries(replyCounts)) {
        for (const s of REPLY_STATES) replies.set({ type, state: s }, c.states[s]);
        for (const [reason, n] of Object.entries(c.suppressed)) suppressed.set({ type, reason }, n);
      }
      filing.set(pendingFiling);
      for (const q of queueStats) {
        for (const s of JOB_STATES) jobs.set({ queue: q.name, state: s }, q.counts[s] ?? 0);
        oldest.set({ queue: q.name }, q.oldest === null ? 0 : Math.max(0, (now() - q.oldest) / 1000));
      }
      for (const h of lags) {
        const top = Math.max(h.newest, h.cursor);
        newest.set({ mailbox: h.mailbox }, top);
        cursor.set({ mailbox: h.mailbox }, h.cursor);
        lag.set({ mailbox: h.mailbox }, top - h.cursor);
      }
      setConnection('imap', statuses.imap?.state ?? 'unknown');
      setConnection('smtp', statuses.smtp?.state ?? 'unknown');
      setConnection('redis', 'ok');
    };
  }

  let running: Promise<void> | null = null;
  /** One read at a time: a scrape arriving meanwhile shares it instead of reading again. */
  async function refresh(): Promise<void> {
    running ??= (async () => {
      const started = process.hrtime.bigint();
      try {
        const apply = await withTimeout(read(), timeoutMs);
        // Label sets that vanished (a reason no longer seen) must not linger from an earlier scrape.
        registry.resetMetrics();
        apply();
      } catch {
        // Redis down or slow: what was not read is left out, and the Redis state says why.
        registry.resetMetrics();
        setConnection('redis', 'unreachable');
      }
      readSeconds.set(Number(process.hrtime.bigint() - started) / 1e9);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return { registry, refresh };
}
