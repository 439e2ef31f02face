/** Configuration of TLS, the connection budget and pacing: safe defaults, CA files read once and checked. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const base = {
  IMAP_HOST: 'imap.example.org', IMAP_USER: 'info@example.org', IMAP_PASSWORD: 'pw', SMTP_HOST: 'smtp.example.org',
  FROM_ADDRESS: 'info@example.org', APPEAL_TITLE: 'Stop the war',
};

test('STARTTLS is required, budgets are 5 IMAP and 3 SMTP, pacing is off, by default', () => {
  expect(loadConfig(base)).toMatchObject({
    IMAP_ALLOW_PLAINTEXT: false, SMTP_ALLOW_PLAINTEXT: false, IMAP_MAX_CONNECTIONS: 5, SMTP_MAX_CONNECTIONS: 3, REPLY_PACING: 'off',
  });
  expect(loadConfig(base).imapCa).toBeUndefined();
});

test('a CA file is read once into the config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'endorse-ca-'));
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  writeFileSync(join(dir, 'ca.pem'), pem);
  const c = loadConfig({ ...base, IMAP_CA_FILE: join(dir, 'ca.pem'), SMTP_CA_FILE: join(dir, 'ca.pem') });
  expect(c.imapCa).toBe(pem);
  expect(c.smtpCa).toBe(pem);
});

test('a missing or non-PEM CA file is bad configuration, named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'endorse-ca-'));
  writeFileSync(join(dir, 'notes.txt'), 'not a certificate');
  expect(() => loadConfig({ ...base, IMAP_CA_FILE: join(dir, 'missing.pem') })).toThrow(/IMAP_CA_FILE: cannot read .*ENOENT/);
  expect(() => loadConfig({ ...base, SMTP_CA_FILE: join(dir, 'notes.txt') })).toThrow(ConfigError);
  expect(() => loadConfig({ ...base, SMTP_CA_FILE: join(dir, 'notes.txt') })).toThrow(/SMTP_CA_FILE .* holds no PEM certificate/);
});

test('budgets must be whole positive numbers, pacing off or even', () => {
  expect(() => loadConfig({ ...base, SMTP_MAX_CONNECTIONS: '0' })).toThrow(/SMTP_MAX_CONNECTIONS/);
  expect(() => loadConfig({ ...base, REPLY_PACING: 'fast' })).toThrow(/REPLY_PACING must be off or even/);
});
