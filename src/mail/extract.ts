/**
 * Turns an endorsement (or withdrawal) into the signers it names, each with country, website and
 * contact, and per-field evidence so the review page can highlight values and sort doubtful items
 * first. Pure and synchronous; any failure inside yields a low-confidence entry, never an exception.
 */
import { countryFromDomain, findPlaces, placeOf } from './country';
import { scoreCountry } from './country-score';
import { normaliseOrgName } from './dedupe';
import { isDepartment, isNonLatin, looksLikePerson, splitDisplayName, stripTitles, tidyName } from './names';
import { gatherText, isIndividual, type Gathered } from './gather';
import {
  RANK, candidate, explicitCandidates, peelParen, sentenceCandidates, standaloneCandidates, type Candidate,
} from './signers';
import { signatureOrg, signaturePerson } from './signature-lines';
import { memberListCandidates } from './member-lists';
import { readable } from './relays';
import { parseAddress } from './text';
import type { Address, ExtractInput, ExtractedEndorsement, FieldEvidence } from './types';
import { domainOf, findWebsites, isProviderDomain, registrableDomain } from './website';

/**
 * Every signer named in an endorsement or withdrawal: one organisation or individual, plus each
 * member organisation a coalition lists. Never throws.
 */
export function extractEndorsements(input: ExtractInput): ExtractedEndorsement[] {
  try {
    return extract(input);
  } catch {
    return [fallbackEntry(input)];
  }
}

function contact(input: ExtractInput): { email: string | null; source: FieldEvidence['source'] } {
  const fwd = input.forwarded?.from?.address;
  if (fwd) return { email: fwd.toLowerCase(), source: 'forwarded' };
  if (input.mail.replyTo?.address) return { email: input.mail.replyTo.address.toLowerCase(), source: 'reply-to' };
  // A list that rewrites From ("'X' via Group", DMARC mitigation) keeps the writer in X-Original-From.
  const original = input.mail.headers?.['x-original-from']?.[0];
  const rewritten = /\svia\s/i.test(input.mail.from?.name ?? '') ? (original ? parseAddress(original) : null) : null;
  if (rewritten) return { email: rewritten.address, source: 'header' };
  return { email: input.mail.from?.address?.toLowerCase() ?? null, source: 'from' };
}

/** The person who wrote: the sender's display name or the signature's name line, whichever is fuller. */
function contactPerson(g: Gathered, sender: Address | null, orgKeys: Set<string>): { name: string; source: FieldEvidence['source'] } | null {
  const display = splitDisplayName(sender?.name).person;
  // "Red Mexicana" is the start of "Red Mexicana de Solidaridad", not a person.
  const partOfOrg = (n: string) => [...orgKeys].some((k) => ` ${k} `.includes(` ${normaliseOrgName(n)} `));
  const displayOk = display && !partOfOrg(display) ? display : null;
  let sig: string | null = null;
  for (const line of g.closingLines) {
    sig = signaturePerson(line);
    if (sig || signatureOrg(line) || isDepartment(line)) break;
  }
  if (sig && partOfOrg(sig)) sig = null;
  if (!displayOk) return sig ? { name: sig, source: 'signature' } : null;
  if (!sig) return { name: displayOk, source: 'from' };
  const squash = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  if (squash(sig) === squash(displayOk)) return { name: sig, source: 'signature' };
  const dw = displayOk.split(/\s+/).length;
  const sw = sig.split(/\s+/).length;
  return sw > dw ? { name: sig, source: 'signature' } : { name: displayOk, source: 'from' };
}

/** Words equal but for an inflection ending: "linke"/"linkes", "madrilena"/"madrilenas". */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  return s.length >= 4 && l.length - s.length <= 2 && l.startsWith(s.slice(0, -1)) && (l.startsWith(s) || l.length - s.length <= 1);
}

/** Same words in the same order, allowing inflection endings: "das Linke Forum" / "Linkes Forum". */
export function inflectedSame(a: string, b: string): boolean {
  const x = normaliseOrgName(a).split(' ');
  const y = normaliseOrgName(b).split(' ');
  return x.length === y.length && x.length >= 2 && x.every((w, i) => sameWord(w, y[i]!));
}

function sameSigner(a: string, b: string): boolean {
  const x = normaliseOrgName(a);
  const y = normaliseOrgName(b);
  if (!x || !y) return false;
  if (x === y || inflectedSame(a, b)) return true;
  const [s, l] = x.length < y.length ? [x, y] : [y, x];
  if (s.split(' ').length >= 2 && ` ${l} `.includes(` ${s} `)) return true;
  // An acronym of the other: "PUSP" / "Partido Unidade Socialista Popular".
  const initials = l.split(' ').filter((w) => w.length > 3).map((w) => w[0]).join('');
  return !s.includes(' ') && s.length >= 2 && (initials === s || ` ${l} `.includes(` ${s} `));
}

/** How well a domain fits a name: the share of its words in the domain, or 1 when it holds the initials. */
export function domainFit(name: string, domain: string | null): number {
  if (!domain) return 0;
  const label = domain.split('.')[0]!.replace(/[^a-z0-9]/g, '');
  // Domains spell umlauts out ("bruecken"), names fold them ("brucken"): try both.
  const spelt = name.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue');
  if (spelt !== name) return Math.max(fitOf(normaliseOrgName(name), label), fitOf(normaliseOrgName(spelt), label));
  return fitOf(normaliseOrgName(name), label);
}

const SMALL_WORDS = new Set(['de', 'des', 'du', 'of', 'the', 'and', 'la', 'le', 'les', 'di', 'del', 'della', 'y', 'e', 'et', 'und', 'fur', 'van', 'for', 'en', 'i', 'z', 'na']);

function fitOf(norm: string, label: string): number {
  const ws = norm.split(' ').filter(Boolean);
  // Initials with or without the small words: "Union des Jeunes Solidaires" -> "udjs" / "ujs".
  const initials = ws.filter((w) => w.length > 2).map((w) => w[0]).join('');
  const content = ws.filter((w) => !SMALL_WORDS.has(w)).map((w) => w[0]).join('');
  if ([initials, content].some((i) => i.length >= 3 && label.includes(i))) return 1;
  const long = ws.filter((w) => w.length >= 3);
  return long.length ? long.filter((w) => label.includes(w)).length / long.length : 0;
}

interface Cluster {
  best: Candidate;
  members: Candidate[];
}

/** Same signer under any of the forms each candidate carries (its name, its acronym, its translation). */
function sameCandidate(a: Candidate, b: Candidate): boolean {
  return [a.name, ...(a.aliases ?? [])].some((x) => [b.name, ...(b.aliases ?? [])].some((y) => sameSigner(x, y)));
}

function clusterCandidates(cands: Candidate[]): Cluster[] {
  const clusters: Cluster[] = [];
  for (const c of cands) {
    const hit = clusters.find((k) => k.members.some((m) => sameCandidate(m, c)));
    if (hit) {
      hit.members.push(c);
      if (c.rank > hit.best.rank) hit.best = c;
    } else clusters.push({ best: c, members: [c] });
  }
  return clusters;
}

function evidence(source: FieldEvidence['source'], confidence: number, snippet?: string): FieldEvidence {
  return snippet ? { source, confidence: Math.round(confidence * 100) / 100, snippet: snippet.slice(0, 200) } : { source, confidence };
}

function extract(original: ExtractInput): ExtractedEndorsement[] {
  const { input, form } = readable(original);
  const g = gatherText(input);
  const sender = input.forwarded?.from ?? input.mail.from;
  const { email, source: emailSource } = contact(input);
  const senderDomain = domainOf(email) ?? domainOf(sender?.address);
  const ownDomain = senderDomain && !isProviderDomain(senderDomain) ? registrableDomain(senderDomain) : null;
  const exclude = new Set(input.mail.to.map((a) => domainOf(a.address)).filter((d): d is string => !!d));

  const base = {
    contactEmail: email,
    evidence: { contactEmail: evidence(emailSource, email ? 0.98 : 0) } as ExtractedEndorsement['evidence'],
  };

  // "List us as Petr Dvořák and Lenka Dvořáková, Olomouc": several people, each a signer.
  const people = g.prose.flatMap((p) => explicitCandidates(p.text, p.source)).map((c) => personsIn(c.name)).find((ps) => ps.length >= 2);
  if (people) {
    return people.map(({ name, place }) => {
      const cs = scoreCountry({ name: '', aliases: [], place, g, domain: ownDomain });
      return {
        signerType: 'individual' as const, organisation: null, name, country: cs.code, website: null, contactName: null, contactEmail: base.contactEmail,
        evidence: { ...base.evidence, name: evidence('body', 0.8, name), country: evidence(cs.source, cs.confidence, cs.snippet) },
      };
    });
  }
  if (isIndividual(g)) return [individualEntry(input, g, sender, ownDomain, base)];

  // Candidates from every place a name can stand.
  const members: Candidate[] = [];
  const cands: Candidate[] = [];
  for (const p of g.prose) {
    const list = memberListCandidates(p.text, p.source);
    members.push(...list.members);
    const sentences = sentenceCandidates(p.text, p.source);
    members.push(...sentences.filter((c) => c.coordinated));
    cands.push(...explicitCandidates(p.text, p.source), ...sentences.filter((c) => !c.coordinated), ...standaloneCandidates(p.text, p.source, list.lines));
  }
  // A signature left in the body (no sign-off the splitter knew) is still a signature.
  const closingSet = new Set(g.closingLines);
  for (const c of cands) if (c.source === 'body' && closingSet.has(c.snippet.trim())) c.source = 'signature';
  cands.push(...explicitCandidates(g.closing, 'signature'));
  const sigOrgs: Candidate[] = [];
  for (const line of g.closingLines) {
    const o = signatureOrg(line);
    const c = o ? candidate(o, RANK.signature, 'signature', line) : null;
    if (c) sigOrgs.push(c);
  }
  cands.push(...sigOrgs);
  const display = splitDisplayName(sender?.name).org;
  if (display) {
    const fromOrg = candidate(display, RANK.from, 'from', display);
    if (fromOrg) {
      cands.push(fromOrg);
      sigOrgs.push(fromOrg);
    }
  }
  cands.push(...g.subjectCandidates);
  if (form?.organisation) {
    const c = candidate(form.organisation, RANK.explicit, 'body', form.organisation, true);
    if (c) cands.push({ ...c, place: c.place ?? form.country, website: form.website ? findWebsites(form.website)[0] ?? null : null });
  }
  // The relay's or our own name (a contact form's sender, our acknowledgement quoted) is never a signer.
  const ownNames = [...original.mail.to, ...original.mail.cc, ...(form ? [original.mail.from] : [])].map((a) => normaliseOrgName(a?.name)).filter(Boolean);
  for (let i = cands.length - 1; i >= 0; i--) if (ownNames.includes(normaliseOrgName(cands[i]!.name))) cands.splice(i, 1);

  const memberNames = members.filter((m) => !cands.some((c) => c.explicit && sameSigner(c.name, m.name)));
  const mainCands = cands.filter((c) => !memberNames.some((m) => sameSigner(m.name, c.name)));
  const clusters = clusterCandidates(mainCands).sort((a, b) => b.best.rank - a.best.rank);
  // A writer who passes on a coalition's list and only signs for their own group: the list is who signs.
  // But "we endorse, with our members:" makes the writer's group a signer too.
  const weSign = /(?:^|[\s,(])(?:we|wir|nous|noi|nosotros|nosotras|nós|wij|vi|ми|мы|my|biz|εμείς|kami|me|mēs|mes)(?=[\s,])/iu.test(g.proseText);
  const onlySigned = clusters[0] && !weSign && memberNames.length >= 2 && clusters[0].members.every((m) => m.source === 'signature' || m.source === 'from' || m.source === 'subject');
  const main = onlySigned ? null : clusters[0] ?? null;
  // An explicit Latin form names the same signer as the non-Latin names around it.
  if (main && main.best.explicit && !isNonLatin(main.best.name)) {
    for (const k of clusters.slice(1)) if (isNonLatin(k.best.name)) main.members.push(...k.members);
  }
  const mainKeys = new Set((main?.members ?? []).map((m) => normaliseOrgName(m.name)));
  const person = contactPerson(g, sender, new Set([...mainKeys, ...memberNames.map((m) => normaliseOrgName(m.name))]));

  const entries: ExtractedEndorsement[] = [];
  const memberLines = memberNames.map((m) => m.snippet);

  if (main) {
    // A sentence inflects a name ("das Linke Forum"); the signature gives its own form ("Linkes Forum").
    const own = main.members.find((m) => m.source === 'signature' && m.name !== main!.best.name && inflectedSame(m.name, main!.best.name));
    const name = !main.best.explicit && own ? own.name : main.best.name;
    // A site named in the prose may be anyone's (an article, a partner); it counts when it fits the name.
    const inProse = findWebsites(g.proseText, exclude).find((w) => main!.members.some((m) => domainFit(m.name, w) > 0) || registrableDomain(w) === ownDomain);
    const stated = main.members.map((m) => m.website).find((w) => w) ?? findWebsites(g.closing, exclude)[0] ?? inProse ?? null;
    const site = stated ?? ownDomain;
    // The domain is another organisation's when the signature names one whose name fits it better
    // (a branch endorsing from its parent union's address).
    // The From line often shortens the signer's own name ("ASF Tromsø"): only the signature names a parent or employer.
    const others = sigOrgs.filter((s) => s.source === 'signature' && !main!.members.includes(s) && !sameSigner(s.name, name) && !memberLines.some((l) => l.trim() === s.snippet.trim()));
    const fit = Math.max(...main.members.flatMap((m) => [m.name, ...(m.aliases ?? [])]).map((n) => domainFit(n, site)));
    // A sender's domain that fits neither the name nor a name in the From line or signature may be a parent's.
    // A site in an employer's signature ("suunnittelija | Pirkanmaan aikuisopisto") is not the group's: it must fit the name,
    // or the name must stand in the signature or From line beside it, or be stated in the group's own table row or form.
    const vouched = fit > 0 || main.members.some((m) => m.source === 'signature' || m.source === 'from' || !!m.website) || (!!stated && stated !== ownDomain && !findWebsites(g.closing, exclude).includes(stated));
    const website = !site || !vouched || others.some((o) => domainFit(o.name, site) > fit) ? null : site;
    const place = main.members.map((m) => m.place).find((p) => p) ?? null;
    const cs = scoreCountry({ name, aliases: main.members.map((m) => m.name), place, g, domain: website ?? ownDomain, excludeLines: memberLines });
    entries.push({
      signerType: 'organisation', organisation: name, name: null, country: cs.code, website,
      contactName: person?.name ?? null, contactEmail: base.contactEmail, aliases: aliasesOf(name, main.members),
      evidence: {
        ...base.evidence,
        organisation: evidence(main.best.source, Math.min(0.95, main.best.rank / 100 + (main.members.length > 1 ? 0.1 : 0)), main.best.snippet),
        country: evidence(cs.source, cs.confidence, cs.snippet),
        website: evidence(website && website === stated ? 'signature' : 'domain', website ? (website === stated ? 0.9 : 0.75) : 0.5, website ?? undefined),
        contactName: evidence(person?.source ?? 'signature', person ? 0.8 : 0.5, person?.name),
      },
    });
  }
  for (const m of memberNames) {
    // A member's own place decides; an unknown one ("(Oaxaca)") leaves the message's places to decide.
    const ownPlace = !!m.place && findPlaces(m.place).some((h) => h.kind !== 'demonym');
    // Its site is the one on its own line, or the sender's when the name fits it (the writer's own group listed too).
    const listed = (o: Candidate) => memberLines.some((l) => l.trim() === o.snippet.trim());
    const own = sigOrgs.some((o) => !listed(o) && sameSigner(o.name, m.name)) || (!!ownDomain && domainFit(m.name, ownDomain) >= 1);
    const website = m.website ?? (own ? findWebsites(g.closing, exclude)[0] ?? ownDomain : null);
    const cs = scoreCountry({ name: m.name, aliases: m.aliases ?? [], place: m.place, g, domain: website ?? ownDomain, excludeLines: memberLines, messageWide: !ownPlace });
    entries.push({
      signerType: 'organisation', organisation: m.name, name: null, country: cs.code, website,
      contactName: person?.name ?? null, contactEmail: base.contactEmail, aliases: aliasesOf(m.name, [m]),
      evidence: {
        ...base.evidence,
        organisation: evidence(m.source, 0.85, m.snippet),
        country: evidence(cs.source, cs.confidence, cs.snippet),
        website: evidence('body', 0.6),
        contactName: evidence(person?.source ?? 'signature', person ? 0.8 : 0.5, person?.name),
      },
    });
  }
  if (entries.length === 0) return [nobodyNamed(input, g, sender, ownDomain, base)];
  if (memberNames.length >= 2) shareListCountry(entries);
  return entries;
}

/**
 * Members of one list whose country nothing names take the list's country when every member that
 * has one agrees ("folgende Bremer Gruppen": a town named for two of five). A list whose countries
 * differ, or name none, leaves them unknown. Weak evidence, so the reviewer sees it as such.
 */
function shareListCountry(entries: ExtractedEndorsement[]): void {
  const known = new Set(entries.map((e) => e.country).filter((c): c is string => !!c));
  if (known.size !== 1) return;
  const [code] = known;
  for (const e of entries) {
    if (e.country) continue;
    e.country = code!;
    e.evidence = { ...e.evidence, country: evidence('body', 0.5, `every other signer of the list is in ${code}`) };
  }
}

/**
 * What /^(.*),\s*([^,]{2,40})$/u would capture, by index (that pattern is cubic on a comma and a long
 * run of spaces): the text before the last comma (one line) and the 2-40 characters after it, leading
 * spaces dropped where the rest is long enough.
 */
function lastCommaTail(form: string): { head: string; tail: string } | null {
  const comma = form.lastIndexOf(',');
  if (comma < 0) return null;
  const head = form.slice(0, comma);
  if (/[\n\r\u2028\u2029]/.test(head)) return null;
  const after = form.slice(comma + 1);
  let start = 0;
  while (start < after.length && /\s/.test(after.charAt(start))) start++;
  // The greedy \s* gives back spaces only when fewer than two characters follow them.
  if (after.length - start < 2) start = after.length - 2;
  const tail = after.slice(start);
  return start >= 0 && tail.length <= 40 ? { head, tail } : null;
}

/** The people a listed form names ("Petr Dvořák a Lenka Dvořáková, Olomouc"), each with the place given; [] unless all are people. */
function personsIn(form: string): Array<{ name: string; place: string | null }> {
  const m = lastCommaTail(form);
  const place = m && placeOf(m.tail) ? m.tail : null;
  // A separator starts where a run of spaces starts (the leftmost match anyway): tried inside a run, it is quadratic.
  const parts = (place ? m!.head : form).split(/(?<!\s)\s*,\s*|(?<!\s)\s+(?:and|&|a|i|y|et|und|e|en|og|och|és|ja|и|і|та|ir|un|ve|και)\s+/iu).map((p) => stripTitles(p.trim()));
  return parts.length >= 2 && parts.every((p) => looksLikePerson(p)) ? parts.map((name) => ({ name: tidyName(name), place })) : [];
}

/** The other forms of a signer's name the message uses: acronyms and translations, other spellings found. */
function aliasesOf(name: string, members: Candidate[]): string[] {
  const key = normaliseOrgName(name);
  const out: string[] = [];
  for (const f of members.flatMap((m) => [m.name, ...(m.aliases ?? [])])) {
    const k = normaliseOrgName(f);
    if (k && k !== key && !out.some((o) => normaliseOrgName(o) === k)) out.push(f);
  }
  return out.slice(0, 6);
}

function individualEntry(
  input: ExtractInput, g: Gathered, sender: Address | null, ownDomain: string | null,
  base: { contactEmail: string | null; evidence: ExtractedEndorsement['evidence'] }, confidence = 0.85,
): ExtractedEndorsement {
  const explicit = g.prose.flatMap((p) => explicitCandidates(p.text, p.source)).concat(explicitCandidates(g.closing, 'signature'));
  let name: string | null = null;
  let place: string | null = null;
  let source: FieldEvidence['source'] = 'from';
  let snippet = '';
  for (const c of explicit.sort((a, b) => Number(isNonLatin(a.name)) - Number(isNonLatin(b.name)))) {
    const peeled = peelParen(stripTitles(c.name.split(',')[0]!), false);
    const n = stripTitles(peeled.name);
    if (looksLikePerson(n)) {
      name = n;
      place = c.place ?? peeled.place ?? peelParen(c.name, false).place;
      source = c.source;
      snippet = c.snippet;
      break;
    }
  }
  const display = splitDisplayName(sender?.name).person;
  // The signature's fuller form beats a nickname in the From line ("Sigga" / "Sigríður Þórhallsdóttir").
  const signed = name ? null : contactPerson(g, sender, new Set());
  if (signed) ({ name, source } = signed);
  if (!name && display) name = display;
  if (!name) {
    const p = contactPerson(g, null, new Set());
    if (p) ({ name, source } = p);
  }
  if (!name) name = display || (input.mail.from?.address ?? '').split('@')[0] || null;
  const cs = scoreCountry({ name: '', aliases: [], place, g, domain: ownDomain });
  return {
    signerType: 'individual', organisation: null, name: name ? tidyName(name) : null, country: cs.code, website: null,
    contactName: null, contactEmail: base.contactEmail,
    evidence: {
      ...base.evidence,
      name: evidence(source, name ? confidence : 0.1, snippet || name || undefined),
      country: evidence(cs.source, cs.confidence, cs.snippet),
      website: evidence('domain', 0.9),
    },
  };
}

/** Nothing in the text names a signer: the From name stands for an organisation, or else the writer signs. */
function nobodyNamed(
  input: ExtractInput, g: Gathered, sender: Address | null, ownDomain: string | null,
  base: { contactEmail: string | null; evidence: ExtractedEndorsement['evidence'] },
): ExtractedEndorsement {
  const raw = sender?.name?.trim().slice(0, 200) ?? '';
  const { person } = splitDisplayName(raw);
  if (!raw || person) return individualEntry(input, g, sender, ownDomain, base, 0.3);
  const cs = scoreCountry({ name: raw, aliases: [], place: null, g, domain: ownDomain });
  return {
    signerType: 'organisation', organisation: tidyName(raw), name: null, country: cs.code, website: ownDomain, contactName: null,
    contactEmail: base.contactEmail,
    evidence: {
      ...base.evidence,
      organisation: evidence('from', 0.3, raw),
      country: evidence(cs.source, cs.confidence, cs.snippet),
      website: evidence('domain', ownDomain ? 0.5 : 0.4, ownDomain ?? undefined),
      contactName: evidence('signature', 0.3),
    },
  };
}

function fallbackEntry(input: ExtractInput): ExtractedEndorsement {
  const from = input.forwarded?.from ?? input.mail?.from ?? null;
  const email = (input.forwarded?.from?.address ?? input.mail?.replyTo?.address ?? input.mail?.from?.address ?? null)?.toLowerCase() ?? null;
  return {
    signerType: 'individual', organisation: null, name: from?.name || null, country: countryFromDomain(null), website: null,
    contactName: null, contactEmail: email,
    evidence: { name: { source: 'from', confidence: 0.1 }, contactEmail: { source: 'from', confidence: email ? 0.9 : 0 } },
  };
}
