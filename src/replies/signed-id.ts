/**
 * Our replies' Message-IDs carry an HMAC, so a delivery report can prove it is about a reply we
 * really sent: an ID read from a forged bounce cannot be computed from the incoming Message-ID alone.
 * The secret is REPLY_SECRET, or one made once and kept in Redis. Deterministic for one secret, so
 * the Sent-folder search after an interrupted send still finds the copy.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type Redis from 'ioredis';
import { replyKeys } from './keys';
import type { ReplyType } from './templates';

/** Hex characters of the HMAC kept in the Message-ID: 80 bits, far beyond guessing by mail. */
const SIG_CHARS = 20;

function sign(secret: string, type: ReplyType, id: string): string {
  return createHmac('sha256', secret).update(`${type}.${id}`).digest('hex').slice(0, SIG_CHARS);
}

/** `<type.id.sig@domain>`: the Message-ID of our reply of `type` about `id`. */
export function signedMessageId(secret: string, type: ReplyType, id: string, domain: string): string {
  return `<${type}.${id}.${sign(secret, type, id)}@${domain}>`;
}

/**
 * Whether `sig` is the HMAC of (type, id) under `secret`: compared in constant time, so a forger
 * learns nothing from how fast a wrong one is refused.
 */
export function validSignature(secret: string, type: ReplyType, id: string, sig: string): boolean {
  const want = Buffer.from(sign(secret, type, id));
  const got = Buffer.from(sig.toLowerCase());
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * The secret: `configured` (REPLY_SECRET) when set, else the one in Redis, created once (SET NX, so
 * concurrent workers agree on the first). Keep REPLY_SECRET to recognise old bounces after losing Redis.
 */
export async function replySecret(redis: Redis, prefix: string, configured?: string | null): Promise<string> {
  if (configured) return configured;
  const key = replyKeys(prefix).secret();
  await redis.set(key, randomBytes(32).toString('hex'), 'NX');
  const secret = await redis.get(key);
  if (!secret) throw new Error(`the reply secret ${key} could not be read back from Redis`);
  return secret;
}
