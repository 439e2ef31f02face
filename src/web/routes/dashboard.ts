/**
 * GET /dashboard: the campaign's figures for organisers (views/dashboard.ts), computed on each
 * request from a few bulk reads run in parallel: the items and kinds through the store, the reply
 * states counted inside Redis (review/campaign-stats.ts does the rest). `?tz=Europe/Kyiv` counts
 * days in that time zone; UTC by default.
 */
import type { FastifyInstance } from 'fastify';
import type Redis from 'ioredis';
import { z } from 'zod';
import { QUESTION_STATES } from '../../questions/inbox';
import { replyKeys } from '../../replies/keys';
import { acknowledgementCounts } from '../../review/campaign-reads';
import { campaignStats, isTimeZone, type StateCounts, type StatsInput } from '../../review/campaign-stats';
import { luaScript } from '../../review/lua';
import type { ReviewStore } from '../../review/store';
import type { ReplyState } from '../../review/types';
import type { ReplyWeb } from '../replies';
import { dashboardBody } from '../views/dashboard';
import { layout } from '../views/layout';

const query = z.object({
  tz: z.preprocess((s) => (s === '' ? undefined : s), z.string().max(64).refine(isTimeZone, 'is not a time zone (an IANA name such as Europe/Kyiv, or UTC)').default('UTC')),
});

/**
 * Count the organisers' questions and answers by type and send state, inside Redis. Every message an
 * organiser wrote about has a question in the questions inbox (asking and answering both open one;
 * its id is the message key), so only those messages are looked at. ARGV: the inbox's state sets
 * (CONTRACT.md), then the key prefixes of a message's questions and of one question (replies/keys.ts).
 * Returns a flat list of "type:state", count.
 */
const COUNT_WRITTEN = luaScript(`
local counts = {}
for s = 1, 3 do
  local ids = redis.call('ZRANGE', ARGV[s], 0, -1)
  for i = 1, #ids do
    local qids = redis.call('ZRANGE', ARGV[4] .. ids[i], 0, -1)
    for j = 1, #qids do
      local raw = redis.call('GET', ARGV[5] .. qids[j])
      if raw then
        local ok, q = pcall(cjson.decode, raw)
        if ok and type(q) == 'table' then
          local k = (q.type == 'answer' and 'answer' or 'needs-information') .. ':' .. tostring(q.reply)
          counts[k] = (counts[k] or 0) + 1
        end
      end
    end
  end
end
local out = {}
for k, n in pairs(counts) do
  out[#out + 1] = k
  out[#out + 1] = n
end
return out
`);

/** The organisers' questions and answers, counted by type and send state (one round trip). */
export async function writtenReplies(redis: Redis, prefix: string): Promise<StatsInput['written']> {
  const k = replyKeys(prefix);
  const flat = (await COUNT_WRITTEN.run(redis, [], [...QUESTION_STATES.map((s) => `${prefix}:inbox:${s}`), k.questionsOf(''), k.question('')])) as (string | number)[];
  const out: Record<'needs-information' | 'answer', StateCounts> = { 'needs-information': {}, answer: {} };
  for (let i = 0; i < flat.length; i += 2) {
    const [type, state] = String(flat[i]).split(':') as ['needs-information' | 'answer', ReplyState];
    out[type][state] = Number(flat[i + 1]);
  }
  return out;
}

/** The acknowledgement states through the store's own list, for an app without a Redis of its own. */
async function countStates(store: ReviewStore): Promise<StateCounts> {
  const counts: StateCounts = {};
  for (const { reply } of await store.replyStates()) counts[reply] = (counts[reply] ?? 0) + 1;
  return counts;
}

/** Register GET /dashboard. */
export function dashboardRoutes(app: FastifyInstance, store: ReviewStore, appeal: string, replies: ReplyWeb): void {
  app.get('/dashboard', async (request, reply) => {
    const { tz } = query.parse(request.query ?? {});
    const backend = await replies.backend();
    const [kinds, acknowledgements, items, written] = await Promise.all([
      store.messageKindCounts(),
      backend ? acknowledgementCounts(backend.redis, backend.prefix) : countStates(store),
      store.listItems({ status: 'all', history: false }),
      backend ? writtenReplies(backend.redis, backend.prefix) : { 'needs-information': {}, answer: {} },
    ]);
    const stats = campaignStats({ kinds, acknowledgements, items, written }, { timeZone: tz });
    const id = request.identity!;
    const page = layout({ title: 'Dashboard', appeal, user: id.user, admin: id.role === 'admin', csrf: id.session?.csrf ?? null, nav: 'dashboard' }, dashboardBody(stats));
    return reply.type('text/html; charset=utf-8').send(page.value);
  });
}
