/**
 * Understanding one fetched message, without I/O: raw bytes -> the message record, its pending
 * items, their dedupe keys, its filing request and (for a delivery report) the replies of ours it
 * quotes. Pure so it runs in a worker thread (understand-thread.ts) or inline, and the Redis side
 * (store.ts) gets a compact, ready-to-write result instead of the whole parsed mail.
 */
import type { FilingRequest } from '../intake/types';
import { analyzeMail } from '../mail/analyze';
import { publicConfidence } from '../mail/confidence';
import { dedupeKeys } from '../mail/dedupe';
import { parseMail } from '../mail/parse';
import { publicEndorsement } from '../mail/report';
import type { Analysis, AnalysisContext, InboundMail } from '../mail/types';
import { bounceDetail, ourReplyMessageIds, type OurReply } from '../replies/bounce-match';
import { IMPORTED_DETAIL } from '../replies/policy';
import type { EndorsementItem, MessageRecord } from '../review/types';
import { folderFor, type Folders } from './filing';
import { timeStage, timeStageSync } from '../metrics/timers';

/** Where a message is and what the server said about it: an intake job's payload, or a fetched message's. */
export interface MessageAt {
  key: string;
  mailbox: string;
  uidValidity: string;
  uid: number;
  size: number;
  /** INTERNALDATE, ISO 8601. */
  receivedAt: string;
  oversized: boolean;
  /** Taken in by `endorse import` (history): recorded as imported, never acknowledged. */
  imported?: boolean;
}

/** What understanding needs besides the message: the same for every message of a process. */
export interface UnderstandOptions {
  context: AnalysisContext;
  folders: Folders;
  /** False: every message stays where it is. Default true. */
  filing?: boolean;
  maxMessageBytes: number;
}

/** One understood message, ready for the store. Plain data: it crosses thread boundaries. */
export interface Understood {
  record: MessageRecord;
  items: EndorsementItem[];
  /** Dedupe keys per item, same order. */
  dedupe: string[][];
  filing: FilingRequest;
  /** For a delivery report: the replies of ours it quotes and why it bounced. */
  bounce?: { replies: OurReply[]; detail: string };
}

/** Characters of body text kept on the record for reviewers. */
const TEXT_CAP = 100_000;
/** Signals kept with a record: the reviewer reads the strongest; a long mail can fire hundreds. */
const MAX_SIGNALS = 30;

/**
 * Understand one message. Never throws: bytes that are gone, a message over the size cap, or an
 * understanding that failed all give a record with `error` set (kept for a person, never answered),
 * so one bad message cannot stop intake behind it.
 * @param raw the message's bytes (headers only when oversized); null when they are gone
 * @param failed why the message could not be understood before (its thread ran out of memory, say):
 *   only its header block is read, and it is recorded with this reason
 */
export async function understandMessage(raw: Buffer | null, at: MessageAt, opts: UnderstandOptions, failed?: string): Promise<Understood> {
  const { mail, analysis } = failed ? { mail: await parseMail(raw ? headerBlock(raw) : Buffer.alloc(0)), analysis: unreadable(failed) } : await read(raw, at, opts);
  const record = toRecord(at, mail, analysis);
  const items = analysis.endorsements.map((e, i): EndorsementItem => {
    const sure = publicConfidence(e);
    return {
      id: `${at.key}-${i}`,
      status: 'pending',
      ...publicEndorsement(e),
      messageId: mail.messageId,
      messageKey: at.key,
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
  const folder = opts.filing === false ? null : folderFor(analysis.kind, opts.folders, Boolean(analysis.error));
  return {
    record,
    items,
    dedupe: analysis.endorsements.map((e) => dedupeKeys(e)),
    filing: { key: at.key, mailbox: at.mailbox, uidValidity: at.uidValidity, uid: at.uid, folder },
    // From the raw bytes too: the returned message's headers are there, and the parser skips them.
    ...(analysis.kind === 'bounce' && raw ? { bounce: { replies: ourReplyMessageIds(mail, opts.context.ownDomains, raw), detail: bounceDetail(mail) } } : {}),
  };
}

async function read(raw: Buffer | null, at: MessageAt, opts: UnderstandOptions): Promise<{ mail: InboundMail; analysis: Analysis }> {
  if (!raw) {
    // The staged bytes are gone (expired, or Redis lost them): keep the message visible with the reason.
    const mail = await parseMail(Buffer.alloc(0));
    return { mail, analysis: unreadable(`the message bytes were not found in Redis (uid ${at.uid} in ${at.mailbox}); open it in the mailbox`) };
  }
  const mail = await timeStage('parse', () => parseMail(raw));
  if (at.oversized) {
    const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
    return { mail, analysis: unreadable(`message of ${mb(at.size)} is over the ${mb(opts.maxMessageBytes)} limit: only its headers were downloaded; read it in the mailbox`) };
  }
  try {
    return { mail, analysis: timeStageSync('understand', () => analyzeMail(mail, opts.context)) };
  } catch (err) {
    // A defect of ours, not of the mail: the message waits for a person rather than blocking intake.
    return { mail, analysis: unreadable(`the message could not be understood (${err instanceof Error ? err.message : String(err)}); read it in the mailbox`) };
  }
}

/** The header block of a message and the blank line after it (the first 256 KB at most). */
function headerBlock(raw: Buffer): Buffer {
  const head = raw.subarray(0, 256_000);
  const ends = [head.indexOf('\r\n\r\n'), head.indexOf('\n\n')].filter((i) => i >= 0);
  return ends.length ? head.subarray(0, Math.min(...ends)) : head;
}

/** A message recorded for a person: a question, never answered, with the reason. */
export function unreadable(reason: string): Analysis {
  return { kind: 'question', acknowledge: false, language: null, endorsements: [], reasons: [reason], error: reason, notes: [] };
}

function toRecord(at: MessageAt, mail: InboundMail, analysis: Analysis): MessageRecord {
  const fmt = (a: { name: string; address: string } | null) => (a ? (a.name ? `${a.name} <${a.address}>` : a.address) : null);
  const error = analysis.error ?? mail.parseError;
  return {
    key: at.key,
    messageId: mail.messageId,
    mailbox: at.mailbox,
    uidValidity: at.uidValidity,
    uid: at.uid,
    // INTERNALDATE, not the Date header: senders' clocks and forged headers don't reorder the queue.
    receivedAt: new Date(at.receivedAt).toISOString(),
    from: fmt(mail.from),
    replyTo: fmt(mail.replyTo),
    subject: mail.subject,
    kind: analysis.kind,
    language: analysis.language,
    acknowledgeDue: analysis.acknowledge,
    acknowledged: false,
    // History is never acknowledged: recorded as the policy would decide, so no reply job is queued for it.
    ...(at.imported && analysis.acknowledge ? { reply: 'suppressed' as const, replyDetail: `imported: ${IMPORTED_DETAIL}` } : { reply: 'none' as const }),
    // A header cut to its cap is a fact the reviewer should see beside the verdict.
    reasons: [...analysis.reasons, ...(mail.capped ?? [])],
    ...(analysis.signals?.length ? { signals: analysis.signals.slice(0, MAX_SIGNALS) } : {}),
    notes: analysis.notes,
    ...(analysis.asked?.length ? { asked: analysis.asked } : {}),
    ...(error ? { error } : {}),
    size: at.size,
    oversized: at.oversized,
    endorsementIds: [],
    folder: null,
    text: mail.text.length > TEXT_CAP ? mail.text.slice(0, TEXT_CAP) : mail.text,
    attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
    references: [...mail.references, ...(mail.messageId ? [mail.messageId] : [])],
    xLoop: mail.headers['x-loop'] ?? [],
    authResults: mail.headers['authentication-results'] ?? [],
    ...(mail.date ? { sentAt: mail.date.toISOString() } : {}),
    ...(at.imported ? { imported: true } : {}),
  };
}
