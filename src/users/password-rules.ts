/**
 * What makes an organiser's password acceptable: long enough (12 characters), not the user name in
 * disguise, not a common word dressed up with digits and symbols, not a keyboard or number run, not a
 * few characters repeated. Checked when a password is set (`endorse users add`), never at login.
 */
import { COMMON_PASSWORD_WORDS } from './common-passwords';

/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12;
/** The longest: scrypt takes any length, this only bounds the work per login. */
export const MAX_PASSWORD_LENGTH = 1024;

// Rows a lazy hand types, each also read backwards; a password inside one (or its repetition) is a run.
const ROWS = ['1234567890', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', 'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p', 'qazwsxedcrfvtgbyhnujmikolp']
  .flatMap((row) => [row.repeat(3), [...row].reverse().join('').repeat(3)]);

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's', '!': 'i' };

/**
 * The word inside a password, two ways: digits and symbols around it dropped, then those inside
 * either read as look-alike letters ("p4ssw0rd") or dropped ("1qaz2wsx3edc"); letters only.
 */
export function coreWords(password: string): string[] {
  const chars = [...password.toLowerCase()];
  const isLetter = (c: string) => /^\p{L}$/u.test(c);
  const first = chars.findIndex(isLetter);
  const last = chars.length - 1 - [...chars].reverse().findIndex(isLetter);
  const trimmed = first < 0 ? '' : chars.slice(first, last + 1).join('');
  const letters = (s: string) => s.replace(/[^\p{L}]/gu, '');
  return [letters([...trimmed].map((c) => LEET[c] ?? c).join('')), letters(trimmed)];
}

/**
 * Why `password` is not acceptable for the account `name`, or null when it is.
 * The messages are shown to the organiser as they are.
 */
export function passwordProblem(name: string, password: string): string | null {
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) return `the password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (chars.length > MAX_PASSWORD_LENGTH) return `the password must have at most ${MAX_PASSWORD_LENGTH} characters`;
  if (new Set(chars).size < 5) return 'the password must not be a few characters repeated: use at least 5 different ones';
  const lower = password.toLowerCase();
  const who = name.toLowerCase();
  const withoutName = lower.split(who).join('').split([...who].reverse().join('')).join('');
  if (who && withoutName !== lower && withoutName.replace(/[^\p{L}]/gu, '') === '') return 'the password must not be the user name (with or without digits and symbols)';
  if (ROWS.some((row) => row.includes(lower))) return 'the password must not be a run of keys or digits (such as qwerty or 123456)';
  if (coreWords(password).some((w) => COMMON_PASSWORD_WORDS.has(w))) {
    return 'the password is too common (a word attackers try first, with digits or symbols around it): choose a few unrelated words';
  }
  return null;
}
