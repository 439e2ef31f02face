/**
 * The reply policy's rules for history: imported mail is never acknowledged, nor mail older than
 * REPLY_MAX_AGE_DAYS by its arrival (or by its Date header when that is earlier; a forged future Date
 * header changes nothing). Both sides of the age threshold, and the sentence shown to reviewers.
 */
import { ageBasis, decideReply, type ReplyPolicyInput } from '../../src/replies/policy';
import { loadConfig } from '../../src/config';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const DAY = 24 * 3600 * 1000;
const ago = (days: number) => new Date(NOW - days * DAY).toISOString();

const base: ReplyPolicyInput = {
  due: true,
  from: 'Jane Doe <jane@amis.example>',
  replyTo: null,
  messageId: '<abc@amis.example>',
  ownAddresses: ['info@appeal.example'],
  ownDomains: ['appeal.example'],
  sentToRecipient: 0,
  perRecipientLimit: 1,
  maxAgeDays: 7,
  receivedAt: ago(1),
  now: NOW,
};

type Row = [string, Partial<ReplyPolicyInput>, { send: true } | { send: false; reason: string }];

const table: Row[] = [
  ['received yesterday', {}, { send: true }],
  ['received 6 days 23 hours ago: inside the limit', { receivedAt: new Date(NOW - 7 * DAY + 3600_000).toISOString() }, { send: true }],
  ['received exactly 7 days ago: still inside', { receivedAt: ago(7) }, { send: true }],
  ['received 7 days and a minute ago: too old', { receivedAt: new Date(NOW - 7 * DAY - 60_000).toISOString() }, { send: false, reason: 'too_old' }],
  ['received 10 days ago', { receivedAt: ago(10) }, { send: false, reason: 'too_old' }],
  ['received 2023, with a forged Date header in the future', { receivedAt: '2023-05-02T10:00:00Z', sentAt: '2027-01-01T00:00:00Z' }, { send: false, reason: 'too_old' }],
  ['received 2023, with a Date header of today', { receivedAt: '2023-05-02T10:00:00Z', sentAt: ago(0) }, { send: false, reason: 'too_old' }],
  ['received today, but dated 2023 (history copied in with fresh arrival dates)', { receivedAt: ago(0), sentAt: '2023-05-02T10:00:00Z' }, { send: false, reason: 'too_old' }],
  ['received today, dated a few minutes in the future (a fast clock)', { receivedAt: ago(0), sentAt: new Date(NOW + 300_000).toISOString() }, { send: true }],
  ['arrival unknown (the epoch), dated yesterday', { receivedAt: new Date(0).toISOString(), sentAt: ago(1) }, { send: true }],
  ['arrival unknown, dated in the future: counted from now', { receivedAt: null, sentAt: '2030-01-01T00:00:00Z' }, { send: true }],
  ['neither time known: too old to tell', { receivedAt: null, sentAt: null }, { send: false, reason: 'too_old' }],
  ['no limit (0): a 2023 message is answered', { maxAgeDays: 0, receivedAt: '2023-05-02T10:00:00Z' }, { send: true }],
  ['no limit given: the rule is off', { maxAgeDays: undefined, receivedAt: '2023-05-02T10:00:00Z' }, { send: true }],
  ['imported, received yesterday', { imported: true }, { send: false, reason: 'imported' }],
  ['imported and old: imported is the reason', { imported: true, receivedAt: ago(400) }, { send: false, reason: 'imported' }],
  ['not due and old: not_due stays the reason', { due: false, receivedAt: ago(400) }, { send: false, reason: 'not_due' }],
];

describe('decideReply: history rules', () => {
  test.each(table)('%s', (_name, over, expected) => {
    const d = decideReply({ ...base, ...over });
    expect(d.send).toBe(expected.send);
    if (!expected.send && !d.send) expect(d.reason).toBe(expected.reason);
  });
});

test('the suppression tells the reviewer when the message came and the limit', () => {
  const d = decideReply({ ...base, receivedAt: '2026-11-26T09:00:00Z' });
  expect(d).toEqual({
    send: false, reason: 'too_old', to: 'jane@amis.example',
    detail: 'received 2026-11-26, 10 days ago; REPLY_MAX_AGE_DAYS is 7',
  });
  const dated = decideReply({ ...base, receivedAt: ago(0), sentAt: '2023-05-02T10:00:00Z' });
  expect(dated.send === false && dated.detail).toMatch(/^dated \(Date header, before its arrival\) 2023-05-02, \d+ days ago/);
  const imported = decideReply({ ...base, imported: true });
  expect(imported.send === false && imported.detail).toMatch(/endorse import/);
});

test('ageBasis: the earlier of arrival and Date header, never a later Date header', () => {
  expect(ageBasis('2026-12-01T00:00:00Z', '2026-11-01T00:00:00Z', NOW)).toEqual({ at: Date.parse('2026-11-01T00:00:00Z'), by: 'dated' });
  expect(ageBasis('2026-12-01T00:00:00Z', '2026-12-05T00:00:00Z', NOW)).toEqual({ at: Date.parse('2026-12-01T00:00:00Z'), by: 'received' });
  expect(ageBasis('not a date', 'neither', NOW)).toBeNull();
});

test('REPLY_MAX_AGE_DAYS defaults to 7 and INTAKE_START to now; both are checked', () => {
  const env = {
    IMAP_HOST: 'imap.example.org', IMAP_USER: 'info@example.org', IMAP_PASSWORD: 'pw', SMTP_HOST: 'smtp.example.org',
    FROM_ADDRESS: 'info@example.org', APPEAL_TITLE: 'Stop the war',
  };
  expect(loadConfig(env)).toMatchObject({ REPLY_MAX_AGE_DAYS: 7, INTAKE_START: { mode: 'now' } });
  expect(loadConfig({ ...env, INTAKE_START: 'ALL', REPLY_MAX_AGE_DAYS: '0' })).toMatchObject({ REPLY_MAX_AGE_DAYS: 0, INTAKE_START: { mode: 'all' } });
  expect(loadConfig({ ...env, INTAKE_START: '2026-01-15' }).INTAKE_START).toEqual({ mode: 'since', date: '2026-01-15' });
  expect(() => loadConfig({ ...env, INTAKE_START: '2026-02-30' })).toThrow(/INTAKE_START must be all, now or a date YYYY-MM-DD/);
  expect(() => loadConfig({ ...env, INTAKE_START: 'yesterday' })).toThrow(/INTAKE_START/);
  expect(() => loadConfig({ ...env, REPLY_MAX_AGE_DAYS: '-1' })).toThrow(/REPLY_MAX_AGE_DAYS/);
});
