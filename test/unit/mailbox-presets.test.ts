/** MAIL_PROVIDER presets: defaults beneath explicit variables, the Sent-copy decision, the limits exposed. */
import { ConfigError, loadConfig } from '../../src/config';
import { PRESETS, providerKeepsSentCopy } from '../../src/mailbox/presets';

const base = {
  IMAP_USER: 'info@example.org',
  IMAP_PASSWORD: 'pw',
  FROM_ADDRESS: 'Appeal team <info@example.org>',
  APPEAL_TITLE: 'Stop the war',
};

test('generic is the default and needs the hosts', () => {
  expect(() => loadConfig(base)).toThrow(/IMAP_HOST is required/);
  const c = loadConfig({ ...base, IMAP_HOST: 'mail.example.org', SMTP_HOST: 'mail.example.org' });
  expect(c.provider.name).toBe('generic');
  expect(c).toMatchObject({ IMAP_PORT: 993, IMAP_SECURE: true, SMTP_PORT: 587, SMTP_SECURE: false, keepsSentCopy: false, appendSentCopy: true });
  expect(c).toMatchObject({ imapMaxConnections: 10, smtpMaxConnections: 3 });
  expect(c.explicitFolders).toEqual({ sent: null, junk: null });
});

test('microsoft365 fills hosts, ports and TLS, keeps its own Sent copy and says its limits', () => {
  const c = loadConfig({ ...base, MAIL_PROVIDER: 'microsoft365' });
  expect(c).toMatchObject({
    IMAP_HOST: 'outlook.office365.com', IMAP_PORT: 993, IMAP_SECURE: true,
    SMTP_HOST: 'smtp.office365.com', SMTP_PORT: 587, SMTP_SECURE: false,
    keepsSentCopy: true, appendSentCopy: false, imapMaxConnections: 20, smtpMaxConnections: 3, maxPerDay: 10_000,
  });
  expect(c.provider.folders?.sent).toBe('Sent Items');
});

test('gmail: implicit TLS on 465, its own Sent copy, the personal-account daily limit', () => {
  const c = loadConfig({ ...base, MAIL_PROVIDER: 'gmail' });
  expect(c).toMatchObject({ IMAP_HOST: 'imap.gmail.com', SMTP_HOST: 'smtp.gmail.com', SMTP_PORT: 465, SMTP_SECURE: true });
  expect(c).toMatchObject({ keepsSentCopy: true, appendSentCopy: false, imapMaxConnections: 15, maxPerDay: 500 });
});

test('fastmail: we append our own copy (no evidence that Fastmail files SMTP submissions)', () => {
  const c = loadConfig({ ...base, MAIL_PROVIDER: 'fastmail' });
  expect(c).toMatchObject({ IMAP_HOST: 'imap.fastmail.com', SMTP_HOST: 'smtp.fastmail.com', keepsSentCopy: false, appendSentCopy: true });
});

test('an explicit variable wins over the preset; an empty one does not', () => {
  const c = loadConfig({ ...base, MAIL_PROVIDER: 'microsoft365', IMAP_HOST: 'imap.example.org', IMAP_PORT: '143', IMAP_SECURE: 'false', SMTP_HOST: '' });
  expect(c).toMatchObject({ IMAP_HOST: 'imap.example.org', IMAP_PORT: 143, IMAP_SECURE: false, SMTP_HOST: 'smtp.office365.com' });
});

test('a relay other than the provider\'s own SMTP files nothing in the mailbox: we append the copy', () => {
  const c = loadConfig({ ...base, MAIL_PROVIDER: 'microsoft365', SMTP_HOST: 'relay.example.org' });
  expect(c).toMatchObject({ keepsSentCopy: false, appendSentCopy: true });
  expect(providerKeepsSentCopy(PRESETS.gmail, ' SMTP.Gmail.com ')).toBe(true);
  expect(providerKeepsSentCopy(PRESETS.generic, 'smtp.gmail.com')).toBe(false);
});

test('SMTP login as another mailbox (Microsoft 365 shared mailbox): the copy lands there, so we append ours', () => {
  const m = { ...base, MAIL_PROVIDER: 'microsoft365' };
  expect(loadConfig({ ...m, SMTP_USER: 'INFO@example.org' })).toMatchObject({ keepsSentCopy: true, appendSentCopy: false });
  expect(loadConfig({ ...m, SMTP_USER: 'organiser@example.org' })).toMatchObject({ keepsSentCopy: false, appendSentCopy: true });
});

test('SENT_COPY always/never overrides the provider; SENT_FOLDER empty means no copy at all', () => {
  const m = { ...base, MAIL_PROVIDER: 'microsoft365' };
  expect(loadConfig({ ...m, SENT_COPY: 'always' }).appendSentCopy).toBe(true);
  expect(loadConfig({ ...m, SMTP_HOST: 'relay.example.org', SENT_COPY: 'never' }).appendSentCopy).toBe(false);
  const none = loadConfig({ ...m, SENT_COPY: 'always', SENT_FOLDER: '' });
  expect(none.appendSentCopy).toBe(false);
  expect(none.explicitFolders.sent).toBe('');
  expect(() => loadConfig({ ...m, SENT_COPY: 'sometimes' })).toThrow(/SENT_COPY must be auto, always or never/);
});

test('folder names set by the organisers are explicit; FOLDER_SENT wins over SENT_FOLDER', () => {
  const h = { ...base, IMAP_HOST: 'h', SMTP_HOST: 'h' };
  expect(loadConfig({ ...h, SENT_FOLDER: 'Gesendet' }).explicitFolders).toEqual({ sent: 'Gesendet', junk: null });
  expect(loadConfig({ ...h, SENT_FOLDER: 'Gesendet', FOLDER_SENT: 'Sent Items', FOLDER_JUNK: 'Spam' }).explicitFolders)
    .toEqual({ sent: 'Sent Items', junk: 'Spam' });
});

test('an unknown provider is named', () => {
  expect(() => loadConfig({ ...base, MAIL_PROVIDER: 'aol' })).toThrow(ConfigError);
  expect(() => loadConfig({ ...base, MAIL_PROVIDER: 'aol' })).toThrow(/MAIL_PROVIDER must be one of gmail, microsoft365, fastmail, generic/);
});

test('the preset sets the connection budget, the daily cap and pacing; an explicit variable wins', () => {
  const gmail = loadConfig({ ...base, MAIL_PROVIDER: 'gmail' });
  expect(gmail).toMatchObject({ IMAP_MAX_CONNECTIONS: 5, SMTP_MAX_CONNECTIONS: 3, REPLY_MAX_PER_DAY: 500, REPLY_PACING: 'even' });
  const ms = loadConfig({ ...base, MAIL_PROVIDER: 'microsoft365' });
  expect(ms).toMatchObject({ REPLY_MAX_PER_DAY: 1000, REPLY_PACING: 'even', SMTP_MAX_CONNECTIONS: 3 });
  const generic = loadConfig({ ...base, IMAP_HOST: 'mail.example.org', SMTP_HOST: 'mail.example.org' });
  expect(generic).toMatchObject({ IMAP_MAX_CONNECTIONS: 5, REPLY_MAX_PER_DAY: 1000, REPLY_PACING: 'off' });
  const own = loadConfig({ ...base, MAIL_PROVIDER: 'gmail', REPLY_MAX_PER_DAY: '1800', REPLY_PACING: 'off', IMAP_MAX_CONNECTIONS: '2' });
  expect(own).toMatchObject({ REPLY_MAX_PER_DAY: 1800, REPLY_PACING: 'off', IMAP_MAX_CONNECTIONS: 2 });
});
