/**
 * The intake job: staged bytes -> parse -> analyse -> review store (message record, pending items,
 * duplicate flags, a filing request) -> acknowledgement job, and a questions-inbox entry when the
 * sender asks something. Idempotent by message key: a job run
 * twice (a crash, a stalled job, a re-delivery) finds the record and only makes sure the reply job
 * that is due exists.
 */
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { analyzeMail } from '../mail/analyze';
import { publicConfidence } from '../mail/confidence';
import { dedupeKeys } from '../mail/dedupe';
import { parseMail } from '../mail/parse';
import { publicEndorsement } from '../mail/report';
import type { Analysis, AnalysisContext, InboundMail } from '../mail/types';
import { timeStage, timeStageSync } from '../metrics/timers';
import { createQuestionInbox } from '../questions/inbox';
import { recordBounceOfOurReply } from '../replies/bounces';
import type { ReviewStore } from '../review/store';
import type { EndorsementItem, MessageRecord } from '../review/types';
import { folderFor, type Folders } from './filing';
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

/** Characters of body text kept on the record for reviewers. */
const TEXT_CAP = 100_000;
/** Signals kept with a record: the reviewer reads the strongest; a long mail can fire hundreds. */
const MAX_SIGNALS = 30;

export type IntakeOutcome = 'created' | 'exists';

/** Process one intake job. Throws only on infrastructure failure (Redis down): BullMQ retries. */
export async function processIntake(job: IntakePayload, deps: IntakeDeps): Promise<IntakeOutcome> {
  const existing = await deps.store.getMessage(job.key);
  if (existing) {
    await ensureReplyQueued(existing, deps);
    await createQuestionInbox(deps.redis, deps.prefix).openFor(existing);
    await releaseRaw(existing, deps);
    return 'exists';
  }
  const raw = await deps.redis.getBuffer(rawKey(deps.prefix, job.key));
  const { mail, analysis } = await understand(raw, job, deps);
  // A bounce of one of our replies marks that address as bouncing. Before recordMessage, so a retried
  // job repeats it (it is idempotent); from the raw bytes, where the returned message's ID is.
  if (analysis.kind === 'bounce' && raw) {
    await recordBounceOfOurReply(mail, raw, {
      redis: deps.redis, prefix: deps.prefix, store: deps.store, ownDomains: deps.context.ownDomains,
      ...(deps.bounceMarkDays ? { markDays: deps.bounceMarkDays } : {}),
    });
  }
  const record = toRecord(job, mail, analysis);
  const items = analysis.endorsements.map((e, i): EndorsementItem => {
    const sure = publicConfidence(e);
    return {
      id: `${job.key}-${i}`,
      status: 'pending',
      ...publicEndorsement(e),
      messageId: mail.messageId,
      messageKey: job.key,
      receivedAt: record.receivedAt,
      duplicateOf: null,
      kind: analysis.kind,
      language: analysis.language,
      evidence: e.evidence,
      confidence: sure.confidence,
      weakest: { field: sure.weakest.field, why: sure.weakest.why },
      history: [{ at: new Date().toISOString(), by: 'intake', action: 'extracted' }],
    };
  });
  record.endorsementIds = items.map((i) => i.id);
  const dedupe = analysis.endorsements.map((e) => dedupeKeys(e));
  const folder = deps.filing === false ? null : folderFor(analysis.kind, deps.folders, Boolean(analysis.error));
  const { created } = await timeStage('store', () => deps.store.recordMessage(record, items, dedupe, {
    key: job.key, mailbox: job.mailbox, uidValidity: job.uidValidity, uid: job.uid, folder,
  }));
  const stored = created ? record : ((await deps.store.getMessage(job.key)) ?? record);
  await ensureReplyQueued(stored, deps);
  // A question (or an endorsement that also asks) gets its place in the questions inbox; idempotent.
  await createQuestionInbox(deps.redis, deps.prefix).openFor(stored);
  await releaseRaw(stored, deps);
  return created ? 'created' : 'exists';
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

async function understand(raw: Buffer | null, job: IntakePayload, deps: IntakeDeps): Promise<{ mail: InboundMail; analysis: Analysis }> {
  if (!raw) {
    // The staged bytes are gone (expired, or Redis lost them): keep the message visible with the reason.
    const mail = await parseMail(Buffer.alloc(0));
    return { mail, analysis: unreadable(`the message bytes were not found in Redis (uid ${job.uid} in ${job.mailbox}); open it in the mailbox`) };
  }
  const mail = await timeStage('parse', () => parseMail(raw));
  if (job.oversized) {
    const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
    return { mail, analysis: unreadable(`message of ${mb(job.size)} is over the ${mb(deps.maxMessageBytes)} limit: only its headers were downloaded; read it in the mailbox`) };
  }
  return { mail, analysis: timeStageSync('understand', () => analyzeMail(mail, deps.context)) };
}

function unreadable(reason: string): Analysis {
  return { kind: 'question', acknowledge: false, language: null, endorsements: [], reasons: [reason], error: reason, notes: [] };
}

function toRecord(job: IntakePayload, mail: InboundMail, analysis: Analysis): MessageRecord {
  const fmt = (a: { name: string; address: string } | null) => (a ? (a.name ? `${a.name} <${a.address}>` : a.address) : null);
  const error = analysis.error ?? mail.parseError;
  return {
    key: job.key,
    messageId: mail.messageId,
    mailbox: job.mailbox,
    uidValidity: job.uidValidity,
    uid: job.uid,
    // INTERNALDATE, not the Date header: senders' clocks and forged headers don't reorder the queue.
    receivedAt: new Date(job.receivedAt).toISOString(),
    from: fmt(mail.from),
    replyTo: fmt(mail.replyTo),
    subject: mail.subject,
    kind: analysis.kind,
    language: analysis.language,
    acknowledgeDue: analysis.acknowledge,
    acknowledged: false,
    reply: 'none',
    // A header cut to its cap is a fact the reviewer should see beside the verdict.
    reasons: [...analysis.reasons, ...(mail.capped ?? [])],
    ...(analysis.signals?.length ? { signals: analysis.signals.slice(0, MAX_SIGNALS) } : {}),
    notes: analysis.notes,
    ...(analysis.asked?.length ? { asked: analysis.asked } : {}),
    ...(error ? { error } : {}),
    size: job.size,
    oversized: job.oversized,
    endorsementIds: [],
    folder: null,
    text: mail.text.length > TEXT_CAP ? mail.text.slice(0, TEXT_CAP) : mail.text,
    attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
    references: [...mail.references, ...(mail.messageId ? [mail.messageId] : [])],
    xLoop: mail.headers['x-loop'] ?? [],
    authResults: mail.headers['authentication-results'] ?? [],
    ...(mail.date ? { sentAt: mail.date.toISOString() } : {}),
    ...(job.imported ? { imported: true } : {}),
  };
}

/** Add the acknowledgement job when one is due and not yet done; the job id makes repeats no-ops. */
async function ensureReplyQueued(record: MessageRecord, deps: IntakeDeps): Promise<void> {
  if (!deps.repliesEnabled || !record.acknowledgeDue) return;
  if (record.reply === 'sent' || record.reply === 'suppressed' || record.reply === 'failed') return;
  const payload: ReplyPayload = { type: 'acknowledgement', id: record.key };
  await deps.replyQueue.add('acknowledgement', payload, { ...replyJobOptions, jobId: replyJobId(payload) });
}
