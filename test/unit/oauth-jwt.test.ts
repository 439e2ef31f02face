/** The service-account assertion: RS256 over header.claims, verifiable with the account's public key. */
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { signAssertion } from '../../src/mailbox/oauth/jwt';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

const claims = {
  issuer: 'intake@project.iam.gserviceaccount.com', subject: 'info@example.org', scope: 'https://mail.google.com/',
  audience: 'https://oauth2.googleapis.com/token', privateKey: pem, keyId: 'k1', now: Date.UTC(2026, 0, 1, 12),
};

test('header and claims say who acts for whom, for how long', () => {
  const [h, c] = signAssertion(claims).split('.');
  expect(decode(h!)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
  const iat = Date.UTC(2026, 0, 1, 12) / 1000;
  expect(decode(c!)).toEqual({
    iss: 'intake@project.iam.gserviceaccount.com', sub: 'info@example.org', scope: 'https://mail.google.com/',
    aud: 'https://oauth2.googleapis.com/token', iat, exp: iat + 3600,
  });
});

test('the signature verifies with the public key, and not once the claims are changed', () => {
  const [h, c, s] = signAssertion(claims).split('.');
  const verify = (input: string) => createVerify('RSA-SHA256').update(input).verify(publicKey, Buffer.from(s!, 'base64url'));
  expect(verify(`${h}.${c}`)).toBe(true);
  const forged = Buffer.from(JSON.stringify({ ...decode(c!), sub: 'ceo@example.org' })).toString('base64url');
  expect(verify(`${h}.${forged}`)).toBe(false);
});

test('no kid header without a key id; base64url without padding', () => {
  const { keyId: _k, ...rest } = claims;
  const jwt = signAssertion(rest);
  expect(decode(jwt.split('.')[0]!)).toEqual({ alg: 'RS256', typ: 'JWT' });
  expect(jwt).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
});
