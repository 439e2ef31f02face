/**
 * GET /dashboard: the campaign's figures for organisers (views/dashboard.ts), computed on each
 * request from a few bulk reads of the store, run in parallel (review/campaign-stats.ts does the
 * counting). `?tz=Europe/Kyiv` counts days in that time zone; UTC by default.
 */
import type { FastifyInstance } from 'fastify';
import type Redis from 'ioredis';
import { z } from 'zod';
import { createQuestionInbox, QUESTION_STATES } from '../../questions/inbox';
import { replyKeys } from '../../replies/keys';
import type { Question } from '../../replies/questions';
import { campaignStats, isTimeZone, type StatsInput } from '../../review/campaign-stats';
import type { ReviewStore } from '../../review/store';
import type { ReplyWeb } from '../replies';
import { dashboardBody } from '../views/dashboard';
import { layout } from '../views/layout';

const query = z.object({
  tz: z.preprocess((s) => (s === '' ? undefined : s), z.string().max(64).refine(isTimeZone, 'is not a time zone (an IANA name such as Europe/Kyiv, or UTC)').default('UTC')),
});

/**
 * The organisers' questions and answers with their send states. Every message an organiser wrote
 * about has a question in the questions inbox (asking and answering both open one), so only those
 * messages are looked at: two pipelined reads, not one per message.
 */
export async function writtenReplies(redis: Redis, prefix: string): Promise<StatsInput['written']> {
  const inbox = createQuestionInbox(redis, prefix);
  const lists = await Promise.all(QUESTION_STATES.map((state) => inbox.list({ state, limit: Number.MAX_SAFE_INTEGER })));
  const keys = lists.flatMap((l) => l.questions.map((q) => q.messageKey));
  if (keys.length === 0) return [];
  const k = replyKeys(prefix);
  const pipe = redis.pipeline();
  for (const key of keys) pipe.zrange(k.questionsOf(key), '0', '-1');
  const ids = ((await pipe.exec()) ?? []).flatMap(([err, r]) => {
    if (err) throw err;
    return r as string[];
  });
  if (ids.length === 0) return [];
  const raw = await redis.mget(...ids.map((id) => k.question(id)));
  return raw.flatMap((v) => {
    if (!v) return [];
    const q = JSON.parse(v) as Question;
    return [{ type: q.type === 'answer' ? ('answer' as const) : ('needs-information' as const), reply: q.reply }];
  });
}

/** Register GET /dashboard. */
export function dashboardRoutes(app: FastifyInstance, store: ReviewStore, appeal: string, replies: ReplyWeb): void {
  app.get('/dashboard', async (request, reply) => {
    const { tz } = query.parse(request.query ?? {});
    const backend = await replies.backend();
    const [kinds, acks, items, written] = await Promise.all([
      store.messageKindCounts(),
      store.replyStates(),
      store.listItems({ status: 'all', history: false }),
      backend ? writtenReplies(backend.redis, backend.prefix) : [],
    ]);
    const stats = campaignStats({ kinds, acknowledgements: acks.map((a) => a.reply), items, written }, { timeZone: tz });
    const id = request.identity!;
    const page = layout({ title: 'Dashboard', appeal, user: id.user, admin: id.role === 'admin', csrf: id.session?.csrf ?? null, nav: 'dashboard' }, dashboardBody(stats));
    return reply.type('text/html; charset=utf-8').send(page.value);
  });
}
