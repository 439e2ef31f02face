/**
 * Saved replies: answers organisers write once and reuse ("Yes, local groups can sign"), per
 * language, in one Redis hash. Picking one fills the composer; the organiser still reads and sends.
 */
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';

/** One saved reply. */
export interface SavedReply {
  id: string;
  /** ISO 639-1 code (or a regional tag such as pt-br). */
  language: string;
  title: string;
  text: string;
  by: string;
  at: string; // ISO 8601
}

export const SAVED_TITLE_MAX = 120;
export const SAVED_TEXT_MAX = 5000;
/** A language code as templates use them: `en`, `pt-br`. */
export const LANGUAGE_CODE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$/;

/** The id of a saved reply: its language and a hash of its title, so saving a title again replaces it. */
export function savedReplyId(language: string, title: string): string {
  return `${language}-${createHash('sha256').update(title.trim().toLowerCase()).digest('hex').slice(0, 12)}`;
}

/** The saved replies of one appeal. */
export interface SavedReplies {
  /** Every saved reply, by language then title. */
  list(): Promise<SavedReply[]>;
  /**
   * Save a reply (a title already saved in that language is replaced).
   * @throws RangeError for a bad language code, an empty title or text
   */
  save(r: { language: string; title: string; text: string; by: string }): Promise<SavedReply>;
  /** Delete one; false when there was none. */
  remove(id: string): Promise<boolean>;
}

/** Build them over an existing client. */
export function createSavedReplies(redis: Redis, prefix: string): SavedReplies {
  const key = `${prefix}:inbox:saved`;
  return {
    async list() {
      const all = Object.values(await redis.hgetall(key)).map((v) => JSON.parse(v) as SavedReply);
      return all.sort((a, b) => a.language.localeCompare(b.language) || a.title.localeCompare(b.title));
    },
    async save(r) {
      const language = r.language.trim().toLowerCase();
      const title = r.title.trim().slice(0, SAVED_TITLE_MAX);
      const text = r.text.replace(/\r\n/g, '\n').trim().slice(0, SAVED_TEXT_MAX);
      if (!LANGUAGE_CODE.test(language)) throw new RangeError(`not a language code: ${r.language}`);
      if (!title) throw new RangeError('a saved reply needs a title');
      if (!text) throw new RangeError('a saved reply needs some words');
      const saved: SavedReply = { id: savedReplyId(language, title), language, title, text, by: r.by, at: new Date().toISOString() };
      await redis.hset(key, saved.id, JSON.stringify(saved));
      return saved;
    },
    async remove(id) {
      return (await redis.hdel(key, id)) === 1;
    },
  };
}
