/**
 * The public list of signatories for the appeal's website: `GET /public/signatories.json` and
 * `.html`, no login, open to every origin (CORS `*`, embeddable in a frame), approved public fields
 * only. Every request would otherwise read the whole store, so one rendering per language is cached
 * for a minute (and concurrent misses share one read); browsers and CDNs may cache as long and
 * revalidate with the ETag.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listLanguage, publicHtml, publicJson, publicList } from '../../review/publish';
import type { ReviewStore } from '../../review/store';

/** Seconds a rendering is reused, here and by browsers and shared caches. */
export const PUBLIC_MAX_AGE_SECONDS = 60;

const query = z.object({ language: z.string().max(35).optional().catch(undefined) });

interface Rendering { json: string; html: string; etag: string }

/** Distinct languages kept at once: any valid tag is accepted, so a stranger could ask for many. */
const MAX_CACHED_LANGUAGES = 64;

/** Register the public routes; `now` is the clock of the cache (tests move it). */
export function publicRoutes(app: FastifyInstance, store: ReviewStore, now: () => number = Date.now): void {
  const cache = new Map<string, { at: number; rendering: Promise<Rendering> }>();

  function rendering(language: string): Promise<Rendering> {
    const hit = cache.get(language);
    if (hit && now() - hit.at < PUBLIC_MAX_AGE_SECONDS * 1000) return hit.rendering;
    const p = (async (): Promise<Rendering> => {
      const list = publicList(await store.listItems({ status: 'approved', history: false }), { language });
      const json = JSON.stringify(publicJson(list), null, 2) + '\n';
      return { json, html: publicHtml(list), etag: createHash('sha256').update(json).digest('base64url').slice(0, 27) };
    })();
    cache.delete(language);
    if (cache.size >= MAX_CACHED_LANGUAGES) cache.delete(cache.keys().next().value!);
    cache.set(language, { at: now(), rendering: p });
    // A failed read is not kept: the next request tries again.
    p.catch(() => cache.get(language)?.rendering === p && cache.delete(language));
    return p;
  }

  for (const ext of ['json', 'html'] as const) {
    app.get(`/public/signatories.${ext}`, { config: { public: true } }, async (request, reply) => {
      const language = listLanguage(query.parse(request.query ?? {}).language);
      const r = await rendering(language);
      const etag = `"${ext}-${r.etag}"`;
      reply
        .header('Access-Control-Allow-Origin', '*')
        .header('Cache-Control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`)
        .header('ETag', etag)
        .header('Vary', 'Accept-Encoding');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type(ext === 'json' ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8').send(ext === 'json' ? r.json : r.html);
    });
  }
}
