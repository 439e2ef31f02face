/**
 * How sure we are of what would be published: only the public fields (the name, the country, the
 * signer type) count, since a doubtful contact address or website never reaches the public list.
 * The weakest public field is named with the reason, so a reviewer knows what to check ("country
 * from the .scot domain") instead of reading "low confidence" on half the queue.
 */
import type { ExtractedEndorsement, FieldEvidence, FieldSource } from './types';

/** The public field a reviewer should check, and why. */
export interface Doubt {
  field: 'name' | 'country' | 'type';
  /** One short phrase, e.g. "country from the .scot domain". */
  why: string;
  confidence: number;
}

/** How sure the public fields are: the weakest one's confidence, and that field when it is weak. */
export interface PublicConfidence {
  confidence: number;
  /** The weakest public field, always set (the queue decides from `confidence` whether to show it). */
  weakest: Doubt;
}

const FROM_WHERE: Record<FieldSource, string> = {
  body: 'the text', signature: 'the signature', subject: 'the subject', from: 'the sender line', 'reply-to': 'the Reply-To line',
  attachment: 'an attachment', domain: 'the web address', header: 'a header', forwarded: 'a forwarded message',
};

/** The last label of a domain or address, for "country from the .scot domain". */
function topLevel(e: ExtractedEndorsement): string | null {
  const host = e.website ?? e.contactEmail?.split('@')[1] ?? null;
  const tld = host?.toLowerCase().replace(/\.$/, '').split('.').at(-1);
  return tld && /^[a-z]{2,}$/.test(tld) ? tld : null;
}

function nameDoubt(e: ExtractedEndorsement): Doubt {
  const name = e.signerType === 'organisation' ? e.organisation ?? e.name : e.name ?? e.organisation;
  const ev: FieldEvidence | undefined = e.signerType === 'organisation' ? e.evidence.organisation ?? e.evidence.name : e.evidence.name ?? e.evidence.organisation;
  if (!name) return { field: 'name', why: 'no name found', confidence: 0 };
  if (!ev) return { field: 'name', why: 'name entered by hand', confidence: 1 };
  return { field: 'name', why: `name from ${FROM_WHERE[ev.source]}`, confidence: ev.confidence };
}

function countryDoubt(e: ExtractedEndorsement): Doubt {
  const ev = e.evidence.country;
  if (!e.country) return { field: 'country', why: 'country not found', confidence: ev?.confidence ?? 0.5 };
  if (!ev) return { field: 'country', why: 'country entered by hand', confidence: 1 };
  if (ev.source === 'domain') {
    const tld = topLevel(e);
    return { field: 'country', why: tld ? `country from the .${tld} domain` : 'country from the web address', confidence: ev.confidence };
  }
  const said = ev.snippet ? ` ("${ev.snippet.replace(/\s+/g, ' ').slice(0, 40)}")` : '';
  return { field: 'country', why: `country from ${FROM_WHERE[ev.source]}${said}`, confidence: ev.confidence };
}

/**
 * The signer type has no evidence of its own: it is doubtful only when the name it hangs on is
 * missing, or when a person's name stands where the message names no organisation at all.
 */
function typeDoubt(e: ExtractedEndorsement): Doubt {
  if (!e.organisation && !e.name) return { field: 'type', why: 'no name to tell an organisation from a person', confidence: 0 };
  return { field: 'type', why: e.signerType === 'individual' ? 'signs as a person' : 'signs as an organisation', confidence: 1 };
}

/**
 * The public fields' confidence: the lowest of name, country and type, with that field named.
 * A missing country is a gap, not an error (the list shows "country not given"), so it weighs only
 * as much as the extractor's own doubt about there being none.
 */
export function publicConfidence(e: ExtractedEndorsement): PublicConfidence {
  const doubts = [nameDoubt(e), countryDoubt(e), typeDoubt(e)];
  const weakest = doubts.reduce((a, b) => (b.confidence < a.confidence ? b : a));
  return { confidence: weakest.confidence, weakest };
}
