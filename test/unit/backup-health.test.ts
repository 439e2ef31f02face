/** `endorse doctor`'s line about backups, from the settings and the last recorded backup; the backup variables. */
import { describeBackups } from '../../src/backup/health';
import { loadConfig } from '../../src/config';

const now = new Date('2026-06-01T12:00:00.000Z');
const on = { BACKUP_DIR: '/var/backups/endorse', BACKUP_EVERY_MINUTES: 60 };
const good = { at: '2026-06-01T11:30:00.000Z', ok: true, file: '/var/backups/endorse/endorse-endorse-20260601T113000000Z.jsonl', items: 120, messages: 80 };

test('nothing to say when backups were never set up', () => {
  expect(describeBackups({ BACKUP_EVERY_MINUTES: 60 }, null, now)).toBeNull();
});

test('on, and the last one recent: ok with when, how much and where', () => {
  expect(describeBackups(on, good, now)).toEqual({ result: 'ok', detail: `last backup at 2026-06-01T11:30:00.000Z (120 items, 80 messages) → ${good.file}` });
  expect(describeBackups(on, null, now)).toMatchObject({ result: 'ok', detail: expect.stringMatching(/^every 60 min into \/var\/backups\/endorse; none written yet/) });
});

test('a failed last backup fails; an overdue one, or backups turned off since, warns', () => {
  expect(describeBackups(on, { at: good.at, ok: false, error: 'EACCES: permission denied' }, now)).toEqual({
    result: 'FAIL', detail: 'the last backup, at 2026-06-01T11:30:00.000Z, failed: EACCES: permission denied', advice: 'check that /var/backups/endorse exists, is writable and has room',
  });
  expect(describeBackups(on, { ...good, at: '2026-06-01T09:00:00.000Z' }, now)).toMatchObject({ result: 'warn', detail: expect.stringMatching(/180 min ago, overdue$/) });
  expect(describeBackups(on, { ...good, at: '2026-06-01T10:00:00.000Z' }, now)!.result).toBe('ok');
  expect(describeBackups({ BACKUP_DIR: '/x', BACKUP_EVERY_MINUTES: 0 }, good, now)).toMatchObject({ result: 'warn', detail: expect.stringMatching(/^scheduled backups are off/) });
});

test('the backup variables: defaults, and a bad value named', () => {
  const base = { IMAP_HOST: 'imap.example.org', IMAP_USER: 'info@example.org', IMAP_PASSWORD: 'pw', SMTP_HOST: 'smtp.example.org', FROM_ADDRESS: 'info@example.org', APPEAL_TITLE: 'Stop the war' };
  const c = loadConfig(base);
  expect(c.BACKUP_DIR).toBeUndefined();
  expect(c).toMatchObject({ BACKUP_EVERY_MINUTES: 60, BACKUP_KEEP: 48 });
  expect(loadConfig({ ...base, BACKUP_DIR: ' /srv/backups ', BACKUP_EVERY_MINUTES: '0', BACKUP_KEEP: '7' })).toMatchObject({ BACKUP_DIR: '/srv/backups', BACKUP_EVERY_MINUTES: 0, BACKUP_KEEP: 7 });
  expect(() => loadConfig({ ...base, BACKUP_EVERY_MINUTES: '-5' })).toThrow(/BACKUP_EVERY_MINUTES/);
  expect(() => loadConfig({ ...base, BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
  expect(() => loadConfig({ ...base, BACKUP_EVERY_MINUTES: 'hourly' })).toThrow(/BACKUP_EVERY_MINUTES must be a whole number/);
});
