/**
 * The organiser's two levers on the reply side: releasing replies held past the daily or per-domain
 * limit (POST /replies/release), and lifting an address's bouncing mark (POST /bounces/clear) when a
 * bounce was wrong or the mailbox works again. Both are recorded in the log with who did it.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ReplyWeb } from '../replies';
import { withDone } from './queue';

const clearForm = z.object({
  address: z.string().trim().toLowerCase().min(3).max(320),
  back: z.string().max(2000).optional(),
}).passthrough();

/** Register POST /replies/release and POST /bounces/clear. */
export function replyControlRoutes(app: FastifyInstance, replies: ReplyWeb): void {
  app.post('/replies/release', async (request, reply) => {
    const lifted = await replies.release();
    request.log.info({ by: request.identity!.user, holds: lifted.length }, 'held replies released');
    return reply.redirect(withDone('/', 'released'), 303);
  });

  app.post('/bounces/clear', async (request, reply) => {
    const form = clearForm.parse(request.body ?? {});
    const had = await replies.clearBounce(form.address);
    request.log.info({ by: request.identity!.user, had }, 'bouncing mark cleared');
    return reply.redirect(withDone(app.localPath(form.back), 'bounceCleared'), 303);
  });
}
