/** The appeal profile reaches understanding and the reply policy: its titles, names and own addresses. */
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { analysisContext } from '../../src/container';

const base = {
  IMAP_HOST: 'imap.example.org', IMAP_USER: 'Inbox@Example.org', IMAP_PASSWORD: 'pw', SMTP_HOST: 'smtp.example.org',
  FROM_ADDRESS: 'Appeal team <info@example.org>',
};

test('with the shipped profile: every title once, short names and keywords, own addresses merged', () => {
  const ctx = analysisContext(loadConfig({ ...base, APPEAL_FILE: join(__dirname, '../../profiles/peace-for-ukraine.json') }));
  expect(ctx.ownAddresses).toEqual(['info@example.org', 'inbox@example.org', 'info@ukraine-solidarity.eu']);
  expect(ctx.ownDomains).toEqual(['example.org']);
  expect(ctx.appeal?.titles).toContain('Stop à la guerre d\'agression russe ! Paix pour l\'Ukraine !');
  expect(ctx.appeal?.titles).toContain('ロシアの侵略戦争を止めよう！ウクライナに平和を！');
  // Bosnian and Croatian share a title: evidence lists it once.
  expect(ctx.appeal?.titles.filter((t) => t === 'Zaustavite ruski agresorski rat! Mir za Ukrajinu!')).toHaveLength(1);
  expect(ctx.appeal?.keywords).toEqual(expect.arrayContaining(['Peace for Ukraine', 'war of aggression']));
});

test('with APPEAL_TITLE alone: that one title, no keywords', () => {
  const ctx = analysisContext(loadConfig({ ...base, APPEAL_TITLE: 'Stop the war' }));
  expect(ctx.appeal).toEqual({ titles: ['Stop the war'], keywords: [] });
  expect(ctx.ownAddresses).toEqual(['info@example.org', 'inbox@example.org']);
});
