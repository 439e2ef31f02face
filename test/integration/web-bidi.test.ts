/**
 * Bidirectional control characters in what senders control (organisation, person, From, subject,
 * body, attachment names) cannot reorder what the reviewer sees: every page shows them as visible
 * markers and sends none of them to the browser. Real Redis, real routes.
 */
import { closeAll, item, login, message, seed, world, type Login, type World } from './web-world';

afterAll(closeAll);

const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

let w: World;
let l: Login;
beforeAll(async () => {
  w = await world();
  await seed(w, message('m1', '2026-01-01T00:00:00.000Z', {
    from: 'Jane \u2067Doe\u2069 <jane@example.net>',
    subject: 'We endorse \u202Bthe appeal\u202C',
    text: 'Dear team,\nAcme\u202E krowteN ecaeP endorses the appeal.\u200F\nJane',
    attachments: [{ filename: 'statement\u202Efdp.exe', contentType: 'application/octet-stream', size: 1200 }],
  }), [item({ organisation: 'Acme\u202E krowteN ecaeP', contactName: 'Jane \u2066Doe\u061C', evidence: { organisation: { source: 'body', confidence: 0.9, snippet: 'Acme\u202E krowteN ecaeP' } } })]);
  l = await login(w);
});

test.each(['/items/m1-0', '/messages/m1', '/', '/messages', '/?status=all&q=acme'])('%s shows bidi controls as markers and sends none', async (url) => {
  const res = await w.app.inject({ method: 'GET', url, cookies: { sid: l.cookie } });
  expect(res.statusCode).toBe(200);
  expect(res.body).not.toMatch(BIDI);
  expect(res.body).toMatch(/⟨(RLO|RLI|RLE)⟩/);
});

test('the item page names each control where it was: organisation, contact, evidence', async () => {
  const body = (await w.app.inject({ method: 'GET', url: '/items/m1-0', cookies: { sid: l.cookie } })).body;
  expect(body).toContain('Acme⟨RLO⟩ krowteN ecaeP');
  expect(body).toContain('Jane ⟨LRI⟩Doe⟨ALM⟩');
  expect(body).toContain('statement⟨RLO⟩fdp.exe');
});

test('the message page shows the attachment name, the From and the subject with markers', async () => {
  const body = (await w.app.inject({ method: 'GET', url: '/messages/m1', cookies: { sid: l.cookie } })).body;
  expect(body).toContain('statement⟨RLO⟩fdp.exe');
  expect(body).toContain('Jane ⟨RLI⟩Doe⟨PDI⟩');
  expect(body).toContain('We endorse ⟨RLE⟩the appeal⟨PDF⟩');
  expect(body).toContain('endorses the appeal.⟨RLM⟩');
});

test('the stored data is unchanged: only the page shows markers (the API gives what was extracted)', async () => {
  const res = await w.app.inject({ method: 'GET', url: '/api/endorsements/m1-0', cookies: { sid: l.cookie } });
  expect(res.json().organisation).toBe('Acme\u202E krowteN ecaeP');
});
