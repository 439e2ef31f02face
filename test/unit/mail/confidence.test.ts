/** Public-field confidence: only name, country and type count; the weakest is named with its reason. */
import { publicConfidence } from '../../../src/mail/confidence';
import type { ExtractedEndorsement } from '../../../src/mail/types';

function e(over: Partial<ExtractedEndorsement>): ExtractedEndorsement {
  return {
    signerType: 'organisation', organisation: 'Alba Peace Network', name: null, country: 'GB', website: 'alba.scot',
    contactName: 'Mairi', contactEmail: 'mairi@alba.scot',
    evidence: { organisation: { source: 'body', confidence: 0.85 }, country: { source: 'body', confidence: 0.9, snippet: 'Glasgow, Scotland' } },
    ...over,
  };
}

test('a doubtful contact address or website does not make the item doubtful: they are never published', () => {
  const c = publicConfidence(e({ evidence: {
    organisation: { source: 'body', confidence: 0.85 }, country: { source: 'body', confidence: 0.9 },
    contactEmail: { source: 'from', confidence: 0.1 }, website: { source: 'domain', confidence: 0.2 },
  } }));
  expect(c.confidence).toBe(0.85);
  expect(c.weakest).toEqual({ field: 'name', why: 'name from the text', confidence: 0.85 });
});

test('a country read from a domain names the domain', () => {
  const c = publicConfidence(e({ evidence: { organisation: { source: 'body', confidence: 0.85 }, country: { source: 'domain', confidence: 0.45 } } }));
  expect(c.weakest).toEqual({ field: 'country', why: 'country from the .scot domain', confidence: 0.45 });
  const byMail = publicConfidence(e({ website: null, contactEmail: 'x@verein.at', country: 'AT', evidence: { organisation: { source: 'body', confidence: 0.9 }, country: { source: 'domain', confidence: 0.5 } } }));
  expect(byMail.weakest.why).toBe('country from the .at domain');
});

test('a country from the text quotes where it was read', () => {
  const c = publicConfidence(e({ evidence: { organisation: { source: 'body', confidence: 0.9 }, country: { source: 'body', confidence: 0.55, snippet: 'we are based in\n  Glasgow' } } }));
  expect(c.weakest.why).toBe('country from the text ("we are based in Glasgow")');
});

test('a person\'s name taken from the sender line is the weak field', () => {
  const c = publicConfidence(e({ signerType: 'individual', organisation: null, name: 'Dragan Ilić', evidence: { name: { source: 'from', confidence: 0.3 }, country: { source: 'body', confidence: 0.8 } } }));
  expect(c.weakest).toEqual({ field: 'name', why: 'name from the sender line', confidence: 0.3 });
});

test('no name at all: nothing could be published, confidence 0', () => {
  const c = publicConfidence(e({ organisation: null, name: null, evidence: {} }));
  expect(c.confidence).toBe(0);
  expect(c.weakest.field).toBe('name');
});

test('a missing country weighs as the extractor\'s doubt, not as an error', () => {
  const c = publicConfidence(e({ country: null, evidence: { organisation: { source: 'body', confidence: 0.9 }, country: { source: 'body', confidence: 0.6 } } }));
  expect(c.weakest).toEqual({ field: 'country', why: 'country not found', confidence: 0.6 });
});

test('fields without evidence were entered by hand: sure', () => {
  expect(publicConfidence(e({ evidence: {} })).confidence).toBe(1);
});
