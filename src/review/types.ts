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
  /** Lowest field confidence, for "doubtful first" sorting. */
  confidence: number;
  reason?: string;
  history: HistoryEntry[];
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
  /** Plain-text body for reviewers (capped). */
  text: string;
  attachments: { filename: string | null; contentType: string; size: number }[];
  /** Headers the reply needs for threading. */
  references: string[];
  /** Values of the message's `X-Loop` headers, so the reply policy can spot our own mail coming back. */
  xLoop?: string[];
  /** Values of its `Authentication-Results` headers (RFC 8601), topmost first, for REPLY_REQUIRE_AUTH. */
  authResults?: string[];
}
