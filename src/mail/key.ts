/**
 * The stable identity of a message, used as the BullMQ job id and the review-store key. Two copies of
 * one message (a rescan after UIDVALIDITY changed, a resend of the same message) share a key, so they
 * are taken in once. BullMQ job ids must not contain ':', hence hex only.
 */
import { createHash } from 'node:crypto';

/** Normalise a Message-ID for comparison: angle brackets and surrounding space dropped, case kept on the left part. */
export function normaliseMessageId(id: string | null | undefined): string | null {
  if (!id) return null;
  const m = /<([^<>]+)>/.exec(id);
  const core = (m ? m[1]! : id).trim();
  if (!core || /\s/.test(core)) return null;
  const at = core.lastIndexOf('@');
  return at > 0 ? `${core.slice(0, at)}@${core.slice(at + 1).toLowerCase()}` : core;
}

/**
 * `m` + 32 hex chars of sha256(Message-ID), or `b` + 32 hex of sha256(bytes) for a message without one.
 * @param bytes the raw message, or (for a message too large to download) its header block plus size.
 */
export function messageKey(messageId: string | null | undefined, bytes: Uint8Array): string {
  const id = normaliseMessageId(messageId);
  if (id) return 'm' + createHash('sha256').update(id).digest('hex').slice(0, 32);
  return 'b' + createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/** Extract the Message-ID header value from a raw header block without a full parse (fast path for the watcher). */
export function rawMessageId(headerBytes: Uint8Array): string | null {
  const text = Buffer.from(headerBytes.buffer, headerBytes.byteOffset, Math.min(headerBytes.byteLength, 65536)).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end >= 0 ? text.slice(0, end) : text;
  const m = /^message-id[ \t]*:[ \t]*((?:.*)(?:\r?\n[ \t].*)*)/im.exec(head);
  return m ? normaliseMessageId(m[1]!.replace(/\r?\n[ \t]+/g, ' ')) : null;
}
