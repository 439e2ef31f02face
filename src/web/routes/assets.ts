/**
 * The stylesheet and the keyboard script, served from our own origin, so the pages need no inline
 * code and the CSP can stay `'self'` only. Public: they hold nothing private.
 */
import type { FastifyInstance } from 'fastify';
import { APP_JS } from '../assets/script';
import { APP_CSS } from '../assets/styles';

/** Register GET /assets/app.css and /assets/app.js. */
export function assetRoutes(app: FastifyInstance): void {
  const files = [
    { name: 'app.css', type: 'text/css; charset=utf-8', body: APP_CSS },
    { name: 'app.js', type: 'text/javascript; charset=utf-8', body: APP_JS },
  ];
  for (const f of files) {
    app.get(`/assets/${f.name}`, { config: { public: true } }, async (_request, reply) =>
      reply.type(f.type).header('Cache-Control', 'public, max-age=300').send(f.body));
  }
}
