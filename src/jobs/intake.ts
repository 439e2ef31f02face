/**
 * Taking one message in: understood (understand.ts) -> review store (message record, pending items,
 * duplicate flags, a filing request) -> acknowledgement job, and a questions-inbox entry when the
 * sender asks something. The watcher's sink stores what it understood right after the fetch
 * (`storeUnderstood`); `processIntake` does the same for bytes staged in Redis (`endorse import`, an
 * intake job). Idempotent by message key: a message taken in twice (a crash, a re-delivery) finds its
 * record and only makes sure the reply job that is due exists.
 */
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { AnalysisContext } from '../mail/types';
import { timeStage } from '../metrics/timers';
import { createQuestionInbox } from '../questions/inbox';
import { recordBounceAmong } from '../replies/bounces';
import type { ReviewStore } from '../review/store';
import type { MessageRecord } from '../review/types';
import type { Folders } from './filing';
import type { UnderstandOptions, Understood } from './understand';
import { understandInline } from './understand-inline';
import { rawKey, replyJobId, replyJobOptions, type IntakePayload, type ReplyPayload } from './queues';

export interface IntakeDeps {
  redis: Redis;
  prefix: string;
  store: ReviewStore;
  replyQueue: Queue<ReplyPayload>;
  context: AnalysisContext;
  folders: Folders;
  repliesEnabled: boolean;
  maxMessageBytes: number;
  /** An address our replies bounced from is marked for this many days after the last bounce (default 30). */
  bounceMarkDays?: number;
  /** False: every message stays where it is (history imported without `--file`). Default true. */
  filing?: boolean;
}

/** Raw bytes of a message that failed or could not be read are kept this long, for a person to look at. */
const KEEP_FAILED_RAW_SECONDS = 30 * 24 * 3600;

export type IntakeOutcome = 'created' | 'exists';

/** Process one intake job (staged bytes). Throws only on infrastructure failure (Redis down): BullMQ retries. */
export async function processIntake(job: IntakePayload, deps: IntakeDeps): Promise<IntakeOutcome> {
  const existing = await deps.store.getMessage(job.key);
  if (existing) {
    await afterRecorded(existing, deps);
    await releaseRaw(existing, deps);
    return 'exists';
  }
  const raw = await deps.redis.getBuffer(rawKey(deps.prefix, job.key));
  const { created, record } = await storeUnderstood(await understandInline(raw, job, understandOptions(deps)), deps);
  await releaseRaw(record, deps);
  return created ? 'created' : 'exists';
}

/** What understanding needs, from the intake dependencies. */
export function understandOptions(deps: IntakeDeps): UnderstandOptions {
  return { context: deps.context, folders: deps.folders, filing: deps.filing !== false, maxMessageBytes: deps.maxMessageBytes };
}

/**
 * Put an understood message in the store (one Lua script: record, items, dedupe flags, filing
 * request), then make sure what is due follows: the acknowledgement job and the questions-inbox
 * entry. Idempotent: a message already stored only gets what is due checked again.
 * @returns whether this call created the record, and the record as stored
 */
export async function storeUnderstood(u: Understood, deps: IntakeDeps): Promise<{ created: boolean; record: MessageRecord }> {
  // A bounce of one of our replies marks that address as bouncing. Before recordMessage, so a retry
  // repeats it (it is idempotent).
  if (u.bounce) {
    await recordBounceAmong(u.bounce.replies, u.bounce.detail, {
      redis: deps.redis, prefix: deps.prefix, store: deps.store, ownDomains: deps.context.ownDomains,
      ...(deps.bounceMarkDays ? { markDays: deps.bounceMarkDays } : {}),
    });
  }
  const { created } = await timeStage('store', () => deps.store.recordMessage(u.record, u.items, u.dedupe, u.filing));
  const record = created ? u.record : ((await deps.store.getMessage(u.record.key)) ?? u.record);
  await afterRecorded(record, deps);
  return { created, record };
}

/**
 * What must follow a stored message, checked again on every repeat: its acknowledgement job and,
 * when the sender asks something, its place in the questions inbox (both idempotent).
 */
export async function afterRecorded(record: MessageRecord, deps: IntakeDeps): Promise<void> {
  await ensureReplyQueued(record, deps);
  await createQuestionInbox(deps.redis, deps.prefix).openFor(record);
}

/**
 * The store has the message: its staged bytes are no longer needed (the mailbox keeps the message
 * and filing works by UID), so they leave Redis at once; under `noeviction` 30 days of 25 MB
 * messages would fill it and stop all intake. A message that failed or could not be read keeps them,
 * for a person, for 30 days.
 */
async function releaseRaw(record: MessageRecord, deps: IntakeDeps): Promise<void> {
  const key = rawKey(deps.prefix, record.key);
  if (record.error) await deps.redis.expire(key, KEEP_FAILED_RAW_SECONDS);
  else await deps.redis.del(key);
}

/** Add the acknowledgement job when one is due and not yet done; the job id makes repeats no-ops. */
async function ensureReplyQueued(record: MessageRecord, deps: IntakeDeps): Promise<void> {
  if (!deps.repliesEnabled || !record.acknowledgeDue) return;
  if (record.reply === 'sent' || record.reply === 'suppressed' || record.reply === 'failed') return;
  const payload: ReplyPayload = { type: 'acknowledgement', id: record.key };
  await deps.replyQueue.add('acknowledgement', payload, { ...replyJobOptions, jobId: replyJobId(payload) });
}
