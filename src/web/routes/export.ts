/**
 * Publishing: the export page and the downloads it links to, the same CSV, JSON and HTML fragment
 * as `endorse export` (review/export.ts), offered as attachments so a browser never renders them.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toCsv, toHtml, toJson } from '../../review/export';
import { listLanguage } from '../../review/publish';
import type { ReviewStore } from '../../review/store';
import { STATUSES } from '../../review/types';
import { html, href } from '../html';
import { layout } from '../views/layout';

const exportQuery = z.object({
  status: z.preprocess((s) => (s === '' ? undefined : s), z.enum([...STATUSES, 'all']).default('approved')),
  language: z.string().max(35).optional().catch(undefined),
});
const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', render: toCsv },
  json: { type: 'application/json; charset=utf-8', render: toJson },
  html: { type: 'text/html; charset=utf-8', render: (items: Parameters<typeof toHtml>[0], language?: string) => toHtml(items, { language: listLanguage(language) }) },
} as const;

/** Register GET /export and GET /export/endorsements.{csv,json,html}. */
export function exportRoutes(app: FastifyInstance, store: ReviewStore, appeal: string): void {
  app.get('/export', async (request, reply) => {
    const { language: asked } = exportQuery.parse(request.query ?? {});
    const language = listLanguage(asked);
    const items = await store.listItems({ status: 'approved', history: false });
    const fragment = toHtml(items, { language });
    const body = html`<h1>Publish</h1>
<p>${items.length} approved signer(s). Downloads (approved only):
<a href="/export/endorsements.csv">CSV</a> · <a href="/export/endorsements.json">JSON</a> · <a href="/export/endorsements.html">HTML fragment</a></p>
<p class="muted">Every status: <a href="${href('/export/endorsements.csv', { status: 'all' })}">CSV</a> · <a href="${href('/export/endorsements.json', { status: 'all' })}">JSON</a></p>
<h2>For the appeal's website</h2>
<p>Always current, no login, any site may embed or fetch them (cached for a minute):
<a href="${href('/public/signatories.html', { language })}">/public/signatories.html</a> ·
<a href="${href('/public/signatories.json', { language })}">/public/signatories.json</a> (add <code>?language=de</code> for German headings and country names).</p>
<h2>HTML fragment</h2>
<form method="get" action="/export" class="inline"><label>Language <input name="language" value="${language}" size="6" maxlength="35"></label> <button type="submit">Show</button></form>
<p class="muted">Public fields only (organisation or name, country): organisations and individuals apart, grouped by country with counts. <a href="${href('/export/endorsements.html', { language })}">Download</a></p>
<pre class="mail">${fragment}</pre>`;
    const page = layout({ title: 'Publish', appeal, user: request.identity!.user, admin: request.identity!.role === 'admin', csrf: request.identity!.session?.csrf ?? null, nav: 'export' }, body);
    return reply.type('text/html; charset=utf-8').send(page.value);
  });

  for (const [ext, f] of Object.entries(FORMATS)) {
    app.get(`/export/endorsements.${ext}`, async (request, reply) => {
      const { status, language } = exportQuery.parse(request.query ?? {});
      const out = f.render(await store.listItems({ status, history: false }), language);
      return reply.type(f.type).header('Content-Disposition', `attachment; filename="endorsements-${status}.${ext}"`).send(out.endsWith('\n') ? out : out + '\n');
    });
  }
}
