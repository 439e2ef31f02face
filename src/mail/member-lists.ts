/**
 * Coalition member lists: one organisation per line after a line ending in a colon, bulleted or
 * numbered (also CJK enumerations), or the rows of a table that html.ts turned into tab-separated
 * lines (name, country, website). Each member is a signer of its own.
 */
import { findPlaces } from './country';
import { looksLikePerson, orgWordCount, isNonLatin } from './names';
import { RANK, candidate, type Candidate } from './signers';
import type { FieldSource } from './types';
import { findWebsites } from './website';

export const BULLET_RE = /^\s*(?:[-*•·–—]\s+|\d{1,3}[.)]\s+|\d{1,3}、\s*|[一二三四五六七八九十]{1,3}[、.]\s*|[（(]\d{1,3}[）)]\s*)/;
/** Is this line one entry of a member list: short, no sentence, an organisation word or a place with it. */
function memberLine(line: string): boolean {
  const l = line.replace(BULLET_RE, '').trim();
  // A final full stop ends a sentence, unless it closes an abbreviation ("e.V.", "Inc.").
  const sentenceEnd = /[:?!;]$/.test(l) || (/\.$/.test(l) && !/(?:^|[\s.])\p{L}{1,4}\.$/u.test(l));
  if (l.length < 3 || l.length > 160 || sentenceEnd || /[!?]\s/.test(l) || /\.\s/.test(l.replace(/\([^()]*\)/g, '').replace(/(?:^|[\s.])\p{L}{1,4}\.\s/gu, ' '))) return false;
  if (l.split(/\s+/).length > 16 || !/^[\p{Lu}\p{N}«„“"]/u.test(l) && !isNonLatin(l)) return false;
  return true;
}

/**
 * Organisations a coalition lists one per line after a line ending in a colon, or as bullets
 * ("Name (Country)", "Name – City, Country"). Returns the entries and the line numbers they used.
 */
export function memberListCandidates(text: string, source: FieldSource): { members: Candidate[]; lines: Set<number> } {
  const lines = text.split('\n');
  const members: Candidate[] = [];
  const used = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    // A list follows a line ending in a colon, or is a run of bulleted lines.
    const colon = /[:：]\s*$/.test(lines[i]!);
    if (!colon && !(BULLET_RE.test(lines[i]!) && (i === 0 || !BULLET_RE.test(lines[i - 1]!)))) continue;
    let j = colon ? i + 1 : i;
    while (colon && j < lines.length && !lines[j]!.trim() && j <= i + 2) j++;
    const block: number[] = [];
    for (;;) {
      if (j < lines.length && lines[j]!.trim() && memberLine(lines[j]!) && (colon || BULLET_RE.test(lines[j]!))) block.push(j++);
      // Numbered or bulleted items may stand one blank line apart.
      else if (j + 1 < lines.length && !lines[j]!.trim() && BULLET_RE.test(lines[j + 1]!) && block.some((k) => BULLET_RE.test(lines[k]!))) j++;
      else break;
    }
    if (block.length < 2) continue;
    const cands = block.map((k) => memberCandidate(lines[k]!, source));
    const orgish = cands.filter((c) => c && (orgWordCount(c.name) > 0 || c.place)).length;
    const people = cands.filter((c) => c && looksLikePerson(c.name) && !c.place && orgWordCount(c.name) === 0).length;
    if (orgish * 2 < block.length || people * 2 > block.length) continue;
    cands.forEach((c, k) => {
      if (c) members.push(c);
      used.add(block[k]!);
    });
    i = j;
  }
  return { members, lines: used };
}

/** One line of a member list; a table row ("Name<TAB>Country<TAB>site") gives its place and website from its cells. */
function memberCandidate(line: string, source: FieldSource): Candidate | null {
  const cells = line.replace(BULLET_RE, '').split(/\t+|\s{3,}|\s+\|\s+/).map((c) => c.trim()).filter(Boolean);
  const c = candidate(cells[0] ?? '', RANK.subject, source, line);
  if (!c || cells.length < 2) return c;
  for (const cell of cells.slice(1)) {
    const site = findWebsites(cell)[0];
    if (site) c.website ??= site;
    else if (!c.place && findPlaces(cell).some((h) => h.kind !== 'demonym')) c.place = cell;
  }
  return c;
}

