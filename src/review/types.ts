/**
 * Records of the review store: one per message taken in, one per endorsement found in it. These are
 * the shapes CONTRACT.md's `export` and `messages` print (plus fields of ours).
 */
import type { FieldEvidence, Kind, PublicEndorsement, Signal } from '../mail/types';

export const STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];

export interface HistoryEntry {
  at: string; // ISO 8601
  by: string;
  action: string;
  detail?: string;
  /** The item's version this change produced; absent on entries written before versions existed. */
  version?: number;
  /** What the change did, field by field: `[old, new]` (status, reason, edited fields, duplicateOf). */
  changes?: Record<string, [unknown, unknown]>;
}

/** One endorsement (a signer, with the fields `extract` prints) awaiting or past review. */
export interface EndorsementItem extends PublicEndorsement {
  /** `<message key>-<index>`: deterministic, so re-processing a message cannot create a second item. */
  id: string;
  status: Status;
  messageId: string | null;
  messageKey: string;
  receivedAt: string; // ISO 8601
  duplicateOf: string | null;
  /** The message's kind: `endorsement`, or `withdrawal` for a request to be removed. */
  kind: Kind;
  language: string | null;
  evidence: Partial<Record<string, FieldEvidence>>;
  /** Confidence of the public fields (name, country, type): the weakest one's, for "doubtful first". */
  confidence: number;
  /** That weakest public field and why it is weak ("country from the .scot domain"); absent on older items. */
  weakest?: { field: 'name' | 'country' | 'type'; why: string };
  reason?: string;
  history: HistoryEntry[];
  /**
   * Incremented atomically on every review change (transition, edit, duplicate marking), so a writer
   * can state the version it saw and be refused when someone changed the item since. Items stored
   * before versions existed read as 0. Set by the store; absent on items not yet stored.
   */
  version?: number;
  /** State of the confirmation reply for this item (set by the reply service); absent means none yet. */
  reply?: ReplyState;
  /** The SMTP server's words for a failed reply, or the policy's reason for a suppressed one. */
  replyDetail?: string;
  /** For a withdrawal request: the id of the item (the signer) it asks to remove, once linked. */
  withdraws?: string;
}

export type ReplyState = 'none' | 'queued' | 'sent' | 'suppressed' | 'failed';

/** One message taken in. */
export interface MessageRecord {
  key: string;
  messageId: string | null;
  mailbox: string;
  uidValidity: string;
  uid: number;
  receivedAt: string; // ISO 8601
  from: string | null;
  replyTo: string | null;
  subject: string;
  kind: Kind;
  language: string | null;
  /** What the core decided: an acknowledgement is due. */
  acknowledgeDue: boolean;
  /** True once an acknowledgement was sent for it. */
  acknowledged: boolean;
  reply: ReplyState;
  replyDetail?: string;
  reasons: string[];
  /** The weighed evidence behind the kind (intent scoring), strongest first, for the reviewer. */
  signals?: Signal[];
  notes: string[];
  error?: string;
  size: number;
  oversized: boolean;
  endorsementIds: string[];
  /** Folder it was filed in, or null (not filed / left in place). */
  folder: string | null;
  /** Why filing failed (the message stayed where it was), naming the folder; absent when it did not. */
  filingError?: string;
  /** Where filing put it, when the server told or a search found it: the folder's UIDVALIDITY and the UID there. */
  filedUid?: { uidValidity: string; uid: number };
  /** Plain-text body for reviewers (capped). */
  text: string;
  attachments: { filename: string | null; contentType: string; size: number }[];
  /** Headers the reply needs for threading. */
  references: string[];
  /** The sentences of the sender's own words that ask something (intake keeps them for the questions inbox). */
  asked?: string[];
  /** Values of the message's `X-Loop` headers, so the reply policy can spot our own mail coming back. */
  xLoop?: string[];
  /** Values of its `Authentication-Results` headers (RFC 8601), topmost first, for REPLY_REQUIRE_AUTH. */
  authResults?: string[];
  /** Its Date header (ISO 8601) when valid: REPLY_MAX_AGE_DAYS counts from it when it is before receivedAt. */
  sentAt?: string;
  /** Taken in from the mailbox's history by `endorse import`: never acknowledged. */
  imported?: boolean;
}
