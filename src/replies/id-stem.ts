/**
 * What stays the same in our reply Message-IDs whatever secret signed them: `<type.id.sig@domain>`
 * keeps `<type.id.` and `@domain>`. After Redis loses the secret (kept there unless REPLY_SECRET is
 * set), a new secret signs new IDs, so proof of an earlier send is searched by this stem instead.
 */

/** Hex characters of the signature part (see signed-id.ts). */
const SIG = /^[0-9a-f]{20}$/;

/** The unsigned parts of one of our reply Message-IDs. */
export interface ReplyIdStem {
  /** `<type.id.`: a substring search for it (IMAP SEARCH HEADER) finds the reply under any secret. */
  stem: string;
  /** `@domain>`, compared without regard to case. */
  tail: string;
}

/** The stem of `<type.id.sig@domain>`, or null for an ID not of that shape. */
export function replyIdStem(messageId: string): ReplyIdStem | null {
  const at = messageId.lastIndexOf('@');
  if (!messageId.startsWith('<') || !messageId.endsWith('>') || at < 0) return null;
  const local = messageId.slice(0, at);
  const dot = local.lastIndexOf('.');
  // `<type.` at least before the id: the type has no dot, so the id starts after the first one.
  if (dot <= local.indexOf('.') || !SIG.test(local.slice(dot + 1))) return null;
  return { stem: local.slice(0, dot + 1), tail: messageId.slice(at) };
}

/**
 * True when `candidate` is our reply of the same type about the same subject as `messageId`,
 * whatever secret signed either: same stem, a signature of the same shape, same domain. A substring
 * match alone is not enough (the stem could sit inside another ID), so every hit is checked with this.
 */
export function sameReply(candidate: string, messageId: string): boolean {
  const want = replyIdStem(messageId);
  const got = replyIdStem(candidate.trim());
  return want !== null && got !== null && got.stem === want.stem && got.tail.toLowerCase() === want.tail.toLowerCase();
}
