/** The web settings: WEB_TRUST_PROXY and WEB_PUBLIC_URL are read, normalised, and refused when malformed. */
import { ConfigError, loadConfig } from '../../src/config';
import { privateAddress, proxyTrust } from '../../src/web/proxy';

const BASE = { IMAP_HOST: 'imap.example', IMAP_USER: 'u', IMAP_PASSWORD: 'p', SMTP_HOST: 'smtp.example', FROM_ADDRESS: 'info@example.org', APPEAL_TITLE: 'Peace Appeal' };

test.each([
  [undefined, false], ['', false], ['false', false], ['0', false], ['true', true], ['yes', true], ['1', true],
  ['172.18.0.0/16', '172.18.0.0/16'], [' 10.0.0.2 , fd00::/8 ', '10.0.0.2,fd00::/8'],
])('WEB_TRUST_PROXY=%j is %j', (value, expected) => {
  expect(loadConfig({ ...BASE, WEB_TRUST_PROXY: value }).WEB_TRUST_PROXY).toBe(expected);
});

test.each(['maybe', '2', 'caddy', '10.0.0.1; rm -rf'])('WEB_TRUST_PROXY=%j is refused, naming the variable', (value) => {
  expect(() => loadConfig({ ...BASE, WEB_TRUST_PROXY: value })).toThrow(ConfigError);
  expect(() => loadConfig({ ...BASE, WEB_TRUST_PROXY: value })).toThrow(/WEB_TRUST_PROXY/);
});

test('WEB_PUBLIC_URL must be an http(s) address', () => {
  expect(loadConfig({ ...BASE, WEB_PUBLIC_URL: 'https://review.example.org' }).WEB_PUBLIC_URL).toBe('https://review.example.org');
  expect(loadConfig(BASE).WEB_PUBLIC_URL).toBeUndefined();
  expect(() => loadConfig({ ...BASE, WEB_PUBLIC_URL: 'review.example.org' })).toThrow(/WEB_PUBLIC_URL/);
});

test('`true` trusts only the nearest hop, and only on a private network', () => {
  const trust = proxyTrust(true) as (addr: string, hop: number) => boolean;
  expect(trust('172.18.0.3', 0)).toBe(true);
  expect(trust('::ffff:127.0.0.1', 0)).toBe(true);
  expect(trust('172.18.0.3', 1)).toBe(false);
  expect(trust('203.0.113.7', 0)).toBe(false);
  expect(proxyTrust(false)).toBe(false);
  expect(proxyTrust('10.0.0.2')).toBe('10.0.0.2');
});

test.each([['10.1.2.3', true], ['192.168.0.1', true], ['172.31.255.255', true], ['172.32.0.1', false], ['::1', true], ['fd12::1', true], ['8.8.8.8', false], ['not an address', false]])(
  'privateAddress(%j) is %j', (addr, expected) => expect(privateAddress(addr)).toBe(expected));
