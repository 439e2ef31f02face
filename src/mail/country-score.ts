/**
 * Weighs the country evidence for one signer: a place written with its name, places inside the name,
 * the signature's address lines, places in the prose, and the domain's ccTLD. Named weights, because
 * the topic countries (Ukraine, Russia, Belarus) appear in nearly every message and prove little.
 */
import { TOPIC_COUNTRIES, countryFromDomain, findPlaces, type PlaceHit } from './country';
import type { Gathered } from './gather';
import { placeLine, signaturePerson } from './signature-lines';
import { blankAppealTitles } from './signers';
import type { FieldEvidence } from './types';

/** Evidence weights; a country needs at least `THRESHOLD`. Ties go to the stronger kind of evidence. */
const WEIGHT = { entryPlace: 3, inName: 1.5, demonymInName: 1, addressLine: 2, prose: 1, domain: 1.05 } as const;
const THRESHOLD = 1;

export interface CountryScore {
  code: string | null;
  confidence: number;
  source: FieldEvidence['source'];
  snippet?: string;
}

export interface CountryQuery {
  /** The signer's name and other forms of it. */
  name: string;
  aliases: string[];
  /** A place written with the name ("(Sverige)", ", Kyiv"). */
  place: string | null;
  g: Gathered;
  /** The organisation's own domain (not a mail provider's), for its ccTLD. */
  domain: string | null;
  /** Lines that belong to other signers (a coalition's members) and so say nothing about this one. */
  excludeLines?: string[];
  /** Whether message-wide evidence (prose, address lines, domain) applies. Default true. */
  messageWide?: boolean;
}

interface Tally {
  score: number;
  source: FieldEvidence['source'];
  snippet: string;
  best: number;
}

/** Places in prose count unless they are topic countries named as countries ("solidarity with Ukraine"). */
function counts(h: PlaceHit): boolean {
  return h.kind === 'city' || (h.kind === 'country' && !TOPIC_COUNTRIES.has(h.code));
}

/** Words just before a place by which the sender locates themself: "we are a union in", "based in", "ми з". */
const SELF_BEFORE_RE = new RegExp(
  [
    "\\b(?:we are|we're) (?:a|an|the) (?:[\\p{L}'-]+ ){0,5}(?:in|from)",
    "\\b(?:hello|greetings|writing(?: to you)?|i'm|i am|we're|we are|i live|we live|here) (?:from|in)",
    '\\b(?:grüße|ich wohne|wir wohnen|wir leben) (?:aus|in)', '\\b(?:je vis|nous vivons|salutations) (?:à|en|de|depuis)', '\\b(?:vivo|vivimos|saludos) (?:en|desde)',
    '\\b(?:based|located|registered) in',
    "nous sommes (?:une?|les?) (?:[\\p{L}'-]+ ){0,5}(?:en|au|aux|à|de|d')",
    "wir sind (?:eine?|die|der) (?:[\\p{L}'-]+ ){0,5}(?:in|aus)",
    "somos (?:una?|el|la) (?:[\\p{L}'-]+ ){0,5}(?:en|de|desde)",
    "siamo (?:una?|il|la) (?:[\\p{L}'-]+ ){0,5}(?:in|di|da)",
    "jesteśmy (?:[\\p{L}'-]+ ){0,4}(?:z|ze|w)",
    "(?:ми|мы) (?:[\\p{L}'-]+ ){0,4}(?:з|із|из|в|у|ў)",
  ].join('|') + '\\s*$',
  'iu',
);
/** ...unless they say where they come from as exiles: then the country named is the one they left. */
const EXILE_RE = /exile|emigr|émigr|refugee|réfugi|flücht|geflüchtet|refugiad|rifugiat|uchodź|uprchl|біжен|беженц|эмігр|эмигр|емігр|diaspora|діаспор|диаспор/iu;

/** A topic country counts where the sender places themself there and is not an exile. */
function selfPlaced(prose: string, h: PlaceHit): boolean {
  const before = prose.slice(Math.max(0, h.start - 90), h.start).replace(/\s+/g, ' ');
  return SELF_BEFORE_RE.test(before) && !EXILE_RE.test(before);
}

/** The best-supported country for a signer, or null when the evidence is below threshold. */
export function scoreCountry(q: CountryQuery): CountryScore {
  const tally = new Map<string, Tally>();
  const add = (code: string, w: number, source: FieldEvidence['source'], snippet: string): void => {
    const t = tally.get(code);
    if (!t) tally.set(code, { score: w, source, snippet, best: w });
    else {
      t.score += w;
      if (w > t.best) Object.assign(t, { source, snippet, best: w });
    }
  };
  if (q.place) {
    const hits = findPlaces(q.place).filter((h) => h.kind !== 'demonym');
    const country = hits.find((h) => h.kind === 'country') ?? hits[0];
    if (country) add(country.code, WEIGHT.entryPlace, 'body', q.place);
  }
  const seen = new Set<string>();
  for (const n of [q.name, ...q.aliases]) {
    for (const h of findPlaces(n)) {
      if (seen.has(h.code)) continue;
      if (h.kind === 'demonym' && !TOPIC_COUNTRIES.has(h.code)) add(h.code, WEIGHT.demonymInName, 'body', n);
      else if (counts(h)) add(h.code, WEIGHT.inName, 'body', n);
      else continue;
      seen.add(h.code);
    }
  }
  if (q.messageWide !== false) {
    const lineSeen = new Set<string>();
    const others = new Set((q.excludeLines ?? []).map((l) => l.trim()));
    for (const line of q.g.closingLines) {
      const pl = others.has(line.trim()) ? null : placeLine(line);
      if (!pl) continue;
      const hits = findPlaces(pl).filter((h) => h.kind !== 'demonym');
      const h = hits.find((x) => x.kind === 'country') ?? hits[0];
      if (h && !lineSeen.has(h.code)) {
        lineSeen.add(h.code);
        add(h.code, WEIGHT.addressLine, 'signature', line);
      }
    }
    // A writer's own name can be a place ("Maria do Rosário"): lines that are a person's name say nothing.
    let prose = blankAppealTitles(`${q.g.proseText}\n${q.g.closing}`).split('\n').filter((l) => !signaturePerson(l.trim())).join('\n');
    for (const l of q.excludeLines ?? []) if (l.trim()) prose = prose.split(l).join(' ');
    const proseSeen = new Set<string>();
    for (const h of findPlaces(prose)) {
      if (h.kind === 'demonym' || proseSeen.has(h.code) || (!counts(h) && !selfPlaced(prose, h))) continue;
      proseSeen.add(h.code);
      // "Hello from Cleveland": where the sender places themself outweighs a place merely mentioned.
      add(h.code, WEIGHT.prose + (selfPlaced(prose, h) ? WEIGHT.prose : 0), 'body', prose.slice(Math.max(0, h.start - 40), h.end + 20));
    }
    const cc = countryFromDomain(q.domain);
    if (cc) add(cc, WEIGHT.domain, 'domain', q.domain!);
  }
  const ranked = [...tally.entries()].sort((a, b) => b[1].score - a[1].score || b[1].best - a[1].best);
  const top = ranked[0];
  if (!top || top[1].score < THRESHOLD) return { code: null, confidence: ranked.length ? 0.4 : 0.6, source: 'body' };
  const margin = top[1].score - (ranked[1]?.[1].score ?? 0);
  const confidence = Math.min(0.95, 0.35 + 0.12 * top[1].score + 0.08 * margin);
  return { code: top[0], confidence: Math.round(confidence * 100) / 100, source: top[1].source, snippet: top[1].snippet.trim() };
}
