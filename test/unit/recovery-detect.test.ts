/**
 * The reset decision (recovery/detect.ts), the parsing of our reply Message-IDs in the Sent folder
 * (replies/sent-scan.ts) and the state file (recovery/state-file.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judge, type Evidence } from '../../src/recovery/detect';
import { readState, stateFile, writeState } from '../../src/recovery/state-file';
import { parseOurMessageId } from '../../src/replies/sent-scan';
import { signedMessageId } from '../../src/replies/signed-id';
import { describeRecovery } from '../../src/status/recovery';

const epoch = (over: Partial<{ id: string; checkpoint: number; ready: boolean }> = {}) =>
  ({ id: 'e1', createdAt: '2026-01-01T00:00:00.000Z', checkpoint: 1000, ready: true, ...over });
const noSent = async () => {
  throw new Error('the Sent folder must not be asked');
};
const base: Evidence = { epoch: null, remembered: null, redisHasData: false, sentReplies: noSent };

describe('judge', () => {
  test('an epoch at or past the remembered checkpoint: nothing to do', async () => {
    expect(await judge({ ...base, epoch: epoch(), remembered: { epoch: 'e1', checkpoint: 1000 } })).toEqual({ action: 'none' });
    expect(await judge({ ...base, epoch: epoch({ checkpoint: 5000 }), remembered: { epoch: 'e1', checkpoint: 1000 } })).toEqual({ action: 'none' });
  });
  test('a newer epoch made by another process after its rebuild is adopted', async () => {
    expect(await judge({ ...base, epoch: epoch({ id: 'e2', checkpoint: 2000 }), remembered: { epoch: 'e1', checkpoint: 1000 } })).toEqual({ action: 'none' });
  });
  test('a checkpoint below the remembered one: Redis lost its latest writes, whatever the epoch id', async () => {
    const v = await judge({ ...base, epoch: epoch({ checkpoint: 900 }), remembered: { epoch: 'e1', checkpoint: 1000 } });
    expect(v.action).toBe('rebuild');
    expect(v.action === 'rebuild' && v.reason).toMatch(/lost its latest writes/);
    expect((await judge({ ...base, epoch: epoch({ id: 'old', checkpoint: 900 }), remembered: { epoch: 'e1', checkpoint: 1000 } })).action).toBe('rebuild');
  });
  test('an epoch whose rebuild did not finish is rebuilt again', async () => {
    const v = await judge({ ...base, epoch: epoch({ ready: false }) });
    expect(v).toEqual({ action: 'rebuild', reason: 'a rebuild after a Redis reset did not finish' });
  });
  test('no epoch but a remembered one: a reset', async () => {
    const v = await judge({ ...base, remembered: { epoch: 'e1', checkpoint: 1000 }, redisHasData: true });
    expect(v.action === 'rebuild' && v.reason).toMatch(/epoch is gone/);
  });
  test('no epoch, nothing remembered, records in Redis: an install from before epochs, no rebuild', async () => {
    expect(await judge({ ...base, redisHasData: true })).toEqual({ action: 'create', why: 'upgrade' });
  });
  test('nothing anywhere: the Sent folder decides between a first install and a reset', async () => {
    expect(await judge({ ...base, sentReplies: async () => 0 })).toEqual({ action: 'create', why: 'first install' });
    const v = await judge({ ...base, sentReplies: async () => 12 });
    expect(v.action === 'rebuild' && v.reason).toMatch(/Sent folder holds 12 of our replies/);
  });
});

describe('parseOurMessageId', () => {
  const key = `m${'a'.repeat(32)}`;
  test('reads each reply type back from the ids we make', () => {
    for (const [type, id] of [['acknowledgement', key], ['confirmation', `${key}-2`], ['withdrawal', `${key}-0`], ['needs-information', 'q.with.dots'], ['answer', 'a1b2']] as const) {
      expect(parseOurMessageId(signedMessageId('secret', type, id, 'ukraine-solidarity.eu'), ['ukraine-solidarity.eu'])).toEqual({ type, id });
    }
  });
  test('ignores other domains, other shapes and mail written by hand', () => {
    const ours = signedMessageId('s', 'acknowledgement', key, 'ukraine-solidarity.eu');
    expect(parseOurMessageId(ours, ['example.org'])).toBeNull();
    expect(parseOurMessageId('<CAF1234.5678@mail.gmail.com>', ['ukraine-solidarity.eu'])).toBeNull();
    expect(parseOurMessageId('<0b3c1e5e-9f1e-4a58-9f0e@ukraine-solidarity.eu>', ['ukraine-solidarity.eu'])).toBeNull();
    expect(parseOurMessageId(`<thanks.${key}.0123456789abcdef0123@ukraine-solidarity.eu>`, ['ukraine-solidarity.eu'])).toBeNull();
  });
});

describe('state file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'state-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  test('round trip, in a folder created on demand, one file per prefix', async () => {
    const file = stateFile(join(dir, 'nested'), 'endorse:x/y');
    expect(file).toBe(join(dir, 'nested', 'epoch-endorse_x_y.json'));
    expect(await readState(file)).toBeNull();
    const start = { mode: 'now' as const, uidValidity: '7', top: 42, at: '2026-01-01T00:00:00.000Z' };
    await writeState(file, { epoch: 'e1', checkpoint: 123, start, at: '2026-01-02T00:00:00.000Z' });
    expect(await readState(file)).toEqual({ epoch: 'e1', checkpoint: 123, start, at: '2026-01-02T00:00:00.000Z' });
    expect(JSON.parse(readFileSync(file, 'utf8')).checkpoint).toBe(123);
  });
  test('a damaged file counts as none', async () => {
    const file = stateFile(dir, 'p');
    writeFileSync(file, '{"epoch": ');
    expect(await readState(file)).toBeNull();
  });
});

test('describeRecovery names when, the counts per folder and the Sent folder figures', () => {
  const line = describeRecovery({
    at: '2026-12-06T22:10:05.000Z', reason: 'the epoch is gone from Redis', folders: { Endorsements: 500, Automated: 300 },
    messages: 790, replies: 640, repliesRebuilt: 640, durationMs: 3200,
  });
  expect(line).toContain('2026-12-06 22:10 UTC');
  expect(line).toContain('800 filed messages taken in again (500 in Endorsements, 300 in Automated), 790 of them missing');
  expect(line).toContain('640 replies found in the Sent folder');
  expect(line).toContain('3.2 s');
  expect(line).not.toContain('INBOX');
});

test('describeRecovery counts the watched folder\'s messages taken in again below its cursor', () => {
  const line = describeRecovery({
    at: '2026-12-06T22:10:05.000Z', reason: 'Redis lost its latest writes', folders: { Endorsements: 20 },
    watched: { mailbox: 'INBOX', retaken: 13 }, messages: 13, replies: 8, repliesRebuilt: 8, durationMs: 900,
  });
  expect(line).toContain('20 filed messages and 13 from INBOX that the store had lost taken in again (20 in Endorsements), 13 of them missing');
});
