/** Configuration: defaults, validation messages that name the variable, *_FILE secrets. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const base = {
  IMAP_HOST: 'imap.example.org',
  IMAP_USER: 'info@example.org',
  IMAP_PASSWORD: 'pw',
  SMTP_HOST: 'smtp.example.org',
  FROM_ADDRESS: 'Appeal team <Info@Example.org>',
  APPEAL_TITLE: 'Stop the war',
};

test('contract defaults apply', () => {
  const c = loadConfig(base);
  expect(c).toMatchObject({
    IMAP_PORT: 993, IMAP_SECURE: true, IMAP_MAILBOX: 'INBOX', SMTP_PORT: 587, SMTP_SECURE: false,
    REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: 'endorse', WEB_HOST: '127.0.0.1', WEB_PORT: 3000,
    MAX_MESSAGE_BYTES: 25 * 1024 * 1024, FILING: true,
  });
  expect(c.fromAddress).toBe('info@example.org');
  expect(c.fromName).toBe('Appeal team');
  expect(Object.isFrozen(c)).toBe(true);
});

test('a missing variable is named', () => {
  const { IMAP_HOST: _omit, ...env } = base;
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(/IMAP_HOST is required/);
});

test('malformed values are named with what is wrong', () => {
  expect(() => loadConfig({ ...base, IMAP_PORT: 'abc' })).toThrow(/IMAP_PORT/);
  expect(() => loadConfig({ ...base, IMAP_PORT: '70000' })).toThrow(/IMAP_PORT/);
  expect(() => loadConfig({ ...base, IMAP_SECURE: 'maybe' })).toThrow(/IMAP_SECURE must be true or false/);
  expect(() => loadConfig({ ...base, REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL must start with redis:\/\//);
  expect(() => loadConfig({ ...base, FROM_ADDRESS: 'not an address' })).toThrow(/FROM_ADDRESS must be an address/);
  expect(() => loadConfig({ ...base, QUEUE_PREFIX: 'a:b' })).toThrow(/QUEUE_PREFIX/);
});

test('several problems are reported together', () => {
  const err = (() => {
    try {
      loadConfig({ APPEAL_TITLE: 'x' });
    } catch (e) {
      return e as Error;
    }
    return null;
  })();
  expect(err?.message).toMatch(/IMAP_HOST is required.*IMAP_USER is required/);
  expect(err?.message).toMatch(/FROM_ADDRESS/);
});

test('secrets can come from *_FILE, but not from both', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  const f = join(dir, 'pw');
  writeFileSync(f, 's3cret\n');
  const { IMAP_PASSWORD: _pw, ...env } = base;
  expect(loadConfig({ ...env, IMAP_PASSWORD_FILE: f }).IMAP_PASSWORD).toBe('s3cret');
  expect(() => loadConfig({ ...base, IMAP_PASSWORD_FILE: f })).toThrow(/IMAP_PASSWORD and IMAP_PASSWORD_FILE are both set/);
  expect(() => loadConfig({ ...env, IMAP_PASSWORD_FILE: join(dir, 'missing') })).toThrow(/IMAP_PASSWORD_FILE: cannot read .*ENOENT/);
});

test('the error message never contains a secret value', () => {
  try {
    loadConfig({ ...base, IMAP_PASSWORD: 'hunter2', IMAP_PORT: 'x' });
  } catch (e) {
    expect((e as Error).message).not.toContain('hunter2');
    return;
  }
  throw new Error('expected a ConfigError');
});

describe('the appeal: APPEAL_TITLE, APPEAL_FILE or both', () => {
  const PROFILE = join(__dirname, '../../profiles/peace-for-ukraine.json');
  const { APPEAL_TITLE: _title, ...noTitle } = base;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cfg-appeal-'));
  });

  test('APPEAL_TITLE alone is a profile of one English title', () => {
    const c = loadConfig(base);
    expect(c.APPEAL_TITLE).toBe('Stop the war');
    expect(c.appeal).toEqual({ titles: { en: 'Stop the war' }, shortNames: [], keywords: [], ownAddresses: [], replyLanguageFallback: {} });
    expect(c.SIGNATORIES_URL).toBeUndefined();
  });

  test('neither is an error naming both', () => {
    expect(() => loadConfig(noTitle)).toThrow(/APPEAL_TITLE or APPEAL_FILE is required/);
  });

  test('the shipped profile loads: titles, own addresses, signatories URL as the default', () => {
    const c = loadConfig({ ...noTitle, APPEAL_FILE: PROFILE });
    expect(c.APPEAL_TITLE).toBe('Stop the Russian war of aggression! Peace for Ukraine!');
    expect(c.appeal.titles.fr).toBe('Stop à la guerre d\'agression russe ! Paix pour l\'Ukraine !');
    expect(c.appeal.ownAddresses).toEqual(['info@ukraine-solidarity.eu']);
    expect(c.SIGNATORIES_URL).toBe('https://ukraine-solidarity.eu/signatories');
    expect(loadConfig({ ...noTitle, APPEAL_FILE: PROFILE, SIGNATORIES_URL: 'https://elsewhere.example/list' }).SIGNATORIES_URL)
      .toBe('https://elsewhere.example/list');
  });

  test('with both, the file wins; APPEAL_TITLE is its English title only where it has none', () => {
    expect(loadConfig({ ...base, APPEAL_FILE: PROFILE }).APPEAL_TITLE).toBe('Stop the Russian war of aggression! Peace for Ukraine!');
    const f = join(dir, 'appeal.yaml');
    writeFileSync(f, 'titles:\n  de: Stoppt den Krieg!\n');
    const c = loadConfig({ ...base, APPEAL_FILE: f });
    expect(c.appeal.titles).toEqual({ en: 'Stop the war', de: 'Stoppt den Krieg!' });
    expect(c.APPEAL_TITLE).toBe('Stop the war');
    expect(loadConfig({ ...noTitle, APPEAL_FILE: f }).APPEAL_TITLE).toBe('Stoppt den Krieg!');
  });

  test('a bad file is a ConfigError naming the file and the field, reported with the other problems', () => {
    const f = join(dir, 'appeal.json');
    writeFileSync(f, JSON.stringify({ titles: { fr: '' }, ownAddresses: ['not-an-address'] }));
    const err = (() => {
      try {
        loadConfig({ ...noTitle, APPEAL_FILE: f, IMAP_PORT: 'abc' });
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.message).toContain('IMAP_PORT');
    expect(err?.message).toContain(`APPEAL_FILE ${f}: titles.fr must not be empty; ownAddresses[0] must be a bare address`);
    expect(() => loadConfig({ ...noTitle, APPEAL_FILE: join(dir, 'missing.yaml') })).toThrow(/APPEAL_FILE: cannot read .*missing\.yaml.*ENOENT/);
    writeFileSync(f, '{"titles": ');
    expect(() => loadConfig({ ...noTitle, APPEAL_FILE: f })).toThrow(/APPEAL_FILE .*appeal\.json: not valid JSON/);
  });
});

test('REVIEW_UNDO_SECONDS: 60 by default, 0 turns the window off, a negative or non-number is refused by name', () => {
  expect(loadConfig(base).REVIEW_UNDO_SECONDS).toBe(60);
  expect(loadConfig({ ...base, REVIEW_UNDO_SECONDS: '0' }).REVIEW_UNDO_SECONDS).toBe(0);
  expect(() => loadConfig({ ...base, REVIEW_UNDO_SECONDS: '-1' })).toThrow(/REVIEW_UNDO_SECONDS/);
  expect(() => loadConfig({ ...base, REVIEW_UNDO_SECONDS: 'soon' })).toThrow('REVIEW_UNDO_SECONDS must be a whole number');
});
