/** Aliases (other forms of a signer's name) reach reviewers through the store and the item page, and never the public exports. */
import { publicEndorsement } from '../../src/mail/report';
import { itemData, itemFromHash } from '../../src/review/codec';
import { toCsv, toHtml, toJson } from '../../src/review/export';
import type { EndorsementItem } from '../../src/review/types';
import { itemBody } from '../../src/web/views/item';

const item: EndorsementItem = {
  id: 'm1-0', status: 'pending', signerType: 'organisation', organisation: 'Plateforme Solidarité Ukraine Luxembourg', name: null, country: 'LU',
  website: 'psul.lu', contactName: 'Claude Weber', contactEmail: 'claude@psul.lu', aliases: ['PSUL', 'Plattform Solidaritéit Ukraine'],
  messageId: '<1@psul.lu>', messageKey: 'm1', receivedAt: '2026-01-01T10:00:00.000Z', duplicateOf: null, kind: 'endorsement', language: 'fr',
  evidence: {}, confidence: 0.9, history: [],
};

describe('aliases', () => {
  test('the extract line carries them when the extractor found some, and omits the field otherwise', () => {
    const e = { ...item, evidence: {} };
    expect(publicEndorsement(e).aliases).toEqual(['PSUL', 'Plattform Solidaritéit Ukraine']);
    expect('aliases' in publicEndorsement({ ...e, aliases: [] })).toBe(false);
  });

  test('survive the store codec', () => {
    const back = itemFromHash({ data: itemData(item), status: 'pending' }, []);
    expect(back?.aliases).toEqual(item.aliases);
  });

  test('are never in a public export', () => {
    for (const out of [toJson([item]), toCsv([item]), toHtml([item])]) {
      expect(out).not.toContain('PSUL');
      expect(out).not.toContain('Solidaritéit');
    }
  });

  test('are shown, escaped, on the item page', () => {
    const page = String(itemBody({ ...item, aliases: ['PSUL', '<b>x</b>'] }, null, 'token'));
    expect(page).toContain('<q>PSUL</q>');
    expect(page).toContain('<q>&#60;b&#62;x&#60;/b&#62;</q>');
    expect(page).not.toContain('<b>x</b>');
  });
});
