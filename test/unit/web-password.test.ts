/** scrypt password hashes: verify the right password only, carry their own parameters, reject malformed hashes. */
import { hashPassword, verifyPassword } from '../../src/users/password';

const cheap = { N: 2 ** 10, r: 8, p: 1 };

test('a hash verifies its password and no other', async () => {
  const h = await hashPassword('correct horse battery', cheap);
  expect(h).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  expect(await verifyPassword('correct horse battery', h)).toBe(true);
  expect(await verifyPassword('correct horse batterY', h)).toBe(false);
  expect(await verifyPassword('', h)).toBe(false);
});

test('two hashes of one password differ (random salt)', async () => {
  expect(await hashPassword('same', cheap)).not.toBe(await hashPassword('same', cheap));
});

test('the parameters in the hash are used, so stronger settings later still verify old hashes', async () => {
  const h = await hashPassword('pw', { N: 2 ** 11, r: 4, p: 1 });
  expect(h.startsWith('scrypt$2048$4$1$')).toBe(true);
  expect(await verifyPassword('pw', h)).toBe(true);
});

test('composed and decomposed forms of a password are the same password (NFC)', async () => {
  const h = await hashPassword('Ma\u0301laga', cheap);
  expect(await verifyPassword('M\u00e1laga', h)).toBe(true);
});

test('malformed hashes never verify', async () => {
  for (const bad of ['', 'plain', 'scrypt$0$8$1$aa$bb', 'bcrypt$1024$8$1$aa$bb', 'scrypt$1024$8$1$aa']) {
    expect(await verifyPassword('pw', bad)).toBe(false);
  }
});
