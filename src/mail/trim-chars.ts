/**
 * Trimming a run of characters from the ends of a text by a loop: the obvious patterns (/[\s,;]+$/)
 * take quadratic time on a long run of those characters that does not end the text, which one mail
 * can supply. `chars` is a one-character pattern (a class, no repetition), tested per character.
 */

/** `s` without the characters at its end that `chars` matches. */
export function trimEndChars(s: string, chars: RegExp): string {
  let end = s.length;
  while (end > 0 && chars.test(s.charAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** `s` without the characters at its start that `chars` matches. */
export function trimStartChars(s: string, chars: RegExp): string {
  let start = 0;
  while (start < s.length && chars.test(s.charAt(start))) start++;
  return start === 0 ? s : s.slice(start);
}

/** `s` without the characters at either end that `chars` matches. */
export function trimChars(s: string, chars: RegExp): string {
  return trimStartChars(trimEndChars(s, chars), chars);
}
