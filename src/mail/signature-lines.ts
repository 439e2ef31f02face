/**
 * Reads single signature lines: a closing formula, the writer's name ("i. A. Gerhard Maier"), an
 * organisation ("Chair, X", "pour le X", a name in capitals) or an address line of places. Separate
 * from the prose readers because a signature is a list of short labelled lines, not sentences.
 */
import { findPlaces, placeOf } from './country';
import { MEMBER_OF_RE, MORE_SIGN_OFFS, SIG_PREFIX_RE } from './lexicon/signing';
import { ADDRESSING_HONORIFICS, AFTER_NAME_CLOSINGS, SIGN_OFFS } from './lexicon/quoting';
import { fold, isDepartment, isRole, looksLikeCaselessPerson, looksLikePerson, orgTypeCount, orgWordCount, stripTitles } from './names';
import { trimEndChars } from './trim-chars';
import { peelWebSuffix } from './website';

const SIGN_OFF_SET = new Set([...SIGN_OFFS, ...MORE_SIGN_OFFS].map((x) => fold(x)));
const SIGN_OFF_ALT = [...SIGN_OFF_SET].filter((x) => x.length >= 5).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const SIGN_OFF_EDGE_RE = new RegExp(`^(?:${SIGN_OFF_ALT})\\p{L}{0,2}(?:\\s|$)|\\s(?:${SIGN_OFF_ALT})$`, 'u');

/** True for a closing formula ("In solidarity,", "Med solidariska hälsningar", "Salutations syndicales,"). */
export function isSignOff(line: string): boolean {
  const l = trimEndChars(fold(line.trim()), /[\s,.!;:]/);
  if (!l || l.length > 60) return false;
  if (SIGN_OFF_SET.has(l) || /[,:，：،]$/.test(line.trim()) && l.split(/\s+/).length <= 5 && !/^\p{Lu}[\p{Ll}]+ \p{Lu}/u.test(line.trim())) return true;
  return SIGN_OFF_EDGE_RE.test(l);
}


/** An organisation named in a signature line: "Chair, X", "pour le X", "X" (with an organisation word or in capitals). */
export function signatureOrg(line: string): string | null {
  // "Fredsforum Malmö, www.fredsforum-malmo.se": the address goes, the name stays.
  let l = peelWebSuffix(line.trim().replace(/^[-–—*•\s]+/, '')).name;
  if (!l || l.length > 150 || isSignOff(l) || MEMBER_OF_RE.test(l) || /[@]|https?:|www\./i.test(l) || /^\+?[\d\s()./-]{6,}$/.test(l)) return null;
  l = l.replace(SIG_PREFIX_RE, '');
  // A spaced separator is tried where its run of spaces starts (or within the first two characters, as
  // the lazy name allows): tried at each space of a long run, the pattern was cubic.
  const split = /^(.{2,60}?)(?:,\s+|(?<!..\s)\s+[–—-]\s+)(.{2,150})$/u.exec(l);
  // "Rúnaí, Gaelchumann ...", "Katibu, UVIWA": a short title in a language we may not know, then the organisation.
  const titled = split && split[1]!.split(/\s+/).length <= 2 && orgWordCount(split[1]!) === 0 && (orgTypeCount(split[2]!) > 0 || /^\p{Lu}{3,}/u.test(split[2]!));
  if (split && (titled || isRole(split[1]!) || isDepartment(split[1]!) || SIG_PREFIX_RE.test(split[1]! + ' ') || /^för|^for/i.test(split[1]!))) l = split[2]!;
  else if (isRole(l)) return null;
  // "大阪平和の会 事務局", "Friedensforum Kiel Sprecher": a role after the organisation.
  const last = l.lastIndexOf(' ');
  if (last > 0 && isRole(l.slice(last + 1)) && orgWordCount(l.slice(0, last)) > 0) l = l.slice(0, last).trim();
  if (isDepartment(l) && orgWordCount(l) === 0) return null;
  const letters = l.replace(/[^\p{L}]/gu, '');
  const caps = letters.length >= 6 && letters === letters.toUpperCase() && letters !== letters.toLowerCase() && l.split(/\s+/).length >= 2;
  if (orgWordCount(l) === 0 && !caps && !titled) return null;
  if (placeOf(l) || /\d{4,}/.test(l)) return null;
  return l;
}


/** The person in a signature line: "i. A. Gerhard Maier" -> "Gerhard Maier", "Martín Sosa, delegado" -> "Martín Sosa". */
export function signaturePerson(line: string): string | null {
  const bare = trimEndChars(line.trim(), /[\s,，、:：]/);
  if (isSignOff(line) || ADDRESSING_HONORIFICS.some((h) => bare.endsWith(h))) return null;
  let l = line.trim().replace(/^(?:i\.\s?a\.|p\.\s?p\.|ppa\.?|pp)\s+/i, '').replace(/[,;]\s*$/, '');
  // As in signatureOrg: a spaced separator where its run of spaces starts.
  const split = /^(.{2,60}?)(?:,\s+|(?<!..\s)\s+(?:[–—-]\s+|\())(.{2,80})$/u.exec(l);
  if (split && (isRole(split[2]!.replace(/\)$/, '')) || /^\p{Ll}/u.test(split[2]!))) l = split[1]!;
  l = stripTitles(l);
  const closing = AFTER_NAME_CLOSINGS.find((c) => l.endsWith(c));
  if (closing) l = l.slice(0, -closing.length).trimEnd();
  // Without capitals only a line that is nothing but the name: a split clause of prose reads like one.
  const caseless = !/[,;:.!?،؛。，：]/.test(line) && looksLikeCaselessPerson(l);
  return (looksLikePerson(l) || caseless) && !placeOf(l) && fold(l) !== 'sent from my iphone' ? l : null;
}

/** Places in a line that consists of places (a signature's "İzmir, Türkiye", "8020 Graz", "м. Полтава, Україна"). */
export function placeLine(line: string): string | null {
  const l = line.trim().replace(/[.]$/, '');
  if (!l || l.length > 80) return null;
  if (placeOf(l)) return l;
  // "Vancouver, BC (unceded ...)": a place followed by a qualifier still names the place.
  const first = l.split(/[,(]/)[0]!.trim();
  if (first && placeOf(first) && findPlaces(first).length > 0) return first;
  // "Arusha, Tanzania", "P.O. Box 10233, Nairobi, Kenya": a line that ends in a country.
  const parts = l.split(',').map((p) => p.trim());
  // "Rua da Cruz 5, 1300-000 Lisboa", "Postfach 11 02 37, 35347 Gießen": a postcode, then the town.
  const town = parts[parts.length - 1]!.replace(/^(?:[A-Z]{1,2}-)?\d[\d -]{2,9}\s+/, '');
  if (parts.length > 1 && town !== parts[parts.length - 1] && placeOf(town)) return town;
  const last = parts.pop()!;
  const addressy = parts.every((p) => p.split(/\s+/).length <= 4 && orgWordCount(p) === 0);
  return parts.length && addressy && placeOf(last)?.kind === 'country' ? last : null;
}
