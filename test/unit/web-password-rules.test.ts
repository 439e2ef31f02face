/**
 * Password rules for organiser accounts: the weak passwords the hardening review got accepted
 * (ten times "a", the user name) and their usual disguises are refused with a reason; ordinary
 * passphrases pass.
 */
import { coreWords, passwordProblem } from '../../src/users/password-rules';

test.each([
  ['aaaaaaaaaa', /at least 12/],
  ['a'.repeat(12), /different/],
  ['abababababab', /different/],
  ['121212121212', /different/],
  ['short pw', /at least 12/],
  ['x'.repeat(1025), /at most 1024/],
])('%j is refused (%s)', (password, why) => {
  expect(passwordProblem('alice', password)).toMatch(why);
});

test.each(['organiser.alice', 'Organiser.Alice', 'organiser.alice2026!', 'ORGANISER.ALICE', 'organiser.aliceorganiser.alice', 'ecila.resinagro'])(
  'the user name %j as password is refused', (password) => {
    expect(passwordProblem('organiser.alice', password)).toMatch(/user name/);
  });

test.each(['password1234', 'Password123!', 'P@ssw0rd2024!', 'p4ssw0rd1234', 'iloveyou1234', '2024Football!', 'Passwort1234', 'motdepasse12',
  'SlavaUkraini!1', 'peaceforukraine', 'StopTheWar2024', 'welcome12345', 'Letmein!2025', 'correcthorsebatterystaple'])(
  'the common %j is refused', (password) => {
    expect(passwordProblem('alice', password)).toMatch(/too common/);
  });

test.each(['123456789012', '1234567890123', '098765432109', 'qwertyuiopas', 'QWERTYUIOPASD', 'asdfghjklzxc', '1qaz2wsx3edc', 'abcdefghijkl', 'azertyuiopqs'])(
  'the run %j is refused', (password) => {
    expect(passwordProblem('alice', password)).toMatch(/run of keys/);
  });

test.each(['correct horse battery', 'alice password 1', 'a long enough password', 'tram Lviv 7 sunflower', 'Mir i druzhba 1991', 'ЗупинітьВійну2024', '平和のための長い合言葉です'])(
  'the passphrase %j is accepted', (password) => {
    expect(passwordProblem('alice', password)).toBeNull();
  });

test('the word inside a password drops digits and symbols around it and reads look-alike digits as letters', () => {
  expect(coreWords('P@ssw0rd2024!')).toContain('password');
  expect(coreWords('!!Football99')).toContain('football');
  expect(coreWords('1qaz2wsx3edc')).toContain('qazwsxedc');
});
