/**
 * The guard's `suspect`, which every send asks just before SMTP: it must hold sends from the moment a
 * Redis may have lost sent-records until the check after it has rebuilt, not only when the epoch is
 * gone. Two losses keep the epoch's id: a restart from an AOF older than the last checkpoint (the
 * checkpoint went back), and a restart that lost less than a checkpoint interval (only the server's
 * run_id tells). Real Redis with AOF; the rebuild is a stand-in that counts its calls (the rebuild
 * itself has its own tests).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { createRecoveryGuard, type RecoveryGuard } from '../../src/recovery/guard';
import { epochKey, readEpoch } from '../../src/recovery/epoch';
import type { RebuildSummary } from '../../src/recovery/rebuild';
import { startRedis, type RedisServer } from '../helpers/redis';
import { waitFor } from '../helpers/ports';

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedis({ appendonly: true });
  redis = new Redis(server.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
}, 30_000);
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function guard(prefix: string, rebuilds: string[]): RecoveryGuard {
  const summary: RebuildSummary = {
    folders: {}, created: 0, replies: 0, repliesRebuilt: 0, sentFolder: null,
    watched: { mailbox: 'INBOX', start: 'all', top: 0, retaken: 0 }, sentScanMs: 0, durationMs: 0,
  };
  return createRecoveryGuard({
    redis, prefix, stateFile: null, watched: 'INBOX', log: quiet,
    sentEvidence: async () => 0, imapAnswers: async () => true,
    rebuild: async () => {
      rebuilds.push(prefix);
      return summary;
    },
  });
}

test('an epoch whose checkpoint went back (an older AOF) is suspect before any checkpoint runs', async () => {
  const rebuilds: string[] = [];
  const g = guard('back', rebuilds);
  await g.ensure();
  expect(await g.tick()).toBe(true);
  expect(await g.suspect()).toBe(false);
  const e = (await readEpoch(redis, 'back'))!;
  await redis.set(epochKey('back'), JSON.stringify({ ...e, checkpoint: e.checkpoint - 5000 }));
  expect(await g.suspect()).toBe(true);
  expect(await g.tick()).toBe(true);
  expect(rebuilds).toEqual(['back']);
  expect(await g.suspect()).toBe(false);
});

test('a Redis restarted with its epoch intact holds sends until the check after it has rebuilt', async () => {
  const rebuilds: string[] = [];
  const g = guard('restart', rebuilds);
  await g.ensure();
  expect(await g.tick()).toBe(true);
  // everysec: after 1.5 s the epoch is on disk, so the restarted server has the same epoch and checkpoint.
  await new Promise((r) => setTimeout(r, 1500));
  const copy = mkdtempSync(join(tmpdir(), 'aof-copy-'));
  try {
    cpSync(join(server.dir, 'appendonlydir'), copy, { recursive: true });
    await server.restartFrom(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  await waitFor('the client to reconnect', async () => redis.status === 'ready' && (await redis.ping()) === 'PONG');
  expect((await readEpoch(redis, 'restart'))?.ready).toBe(true);
  expect(await g.suspect()).toBe(true);
  // `suspect` started the check itself; once it has rebuilt, sends go again.
  await waitFor('the rebuild', async () => rebuilds.length === 1);
  await waitFor('sends to be trusted again', async () => !(await g.suspect()));
  expect(rebuilds).toEqual(['restart']);
  // A check later finds the same server: no second rebuild.
  expect(await g.tick()).toBe(true);
  expect(rebuilds).toEqual(['restart']);
}, 30_000);

test('a dropped connection to the same server is looked past without a rebuild', async () => {
  const rebuilds: string[] = [];
  const g = guard('blip', rebuilds);
  await g.ensure();
  expect(await g.tick()).toBe(true);
  redis.disconnect(true);
  await waitFor('the client to reconnect', async () => redis.status === 'ready');
  expect(await g.suspect()).toBe(false);
  expect(await g.tick()).toBe(true);
  expect(rebuilds).toEqual([]);
});

test('a first look left undecided (waiting for the watcher\'s login) is taken again within a second of IMAP answering, not an interval later', async () => {
  let imapOk = false;
  let resumed = 0;
  const g = createRecoveryGuard({
    redis, prefix: 'undecided', stateFile: null, watched: 'INBOX', log: quiet,
    sentEvidence: async () => 0, imapAnswers: async () => imapOk,
    rebuild: async () => { throw new Error('no rebuild expected'); },
  });
  await g.ensure(undefined, { deferSent: true });
  expect(g.undecided).toBe(true);
  const stop = g.start(60_000, { pause: async () => undefined, resume: async () => void resumed++ });
  try {
    await new Promise((r) => setTimeout(r, 300));
    expect(g.undecided).toBe(true);
    imapOk = true;
    const t0 = Date.now();
    // The guard writes the epoch after it stops being undecided, and resumes the replies after that.
    await waitFor('the guard to decide and resume the replies', async () => !g.undecided && resumed > 0, 5000);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(resumed).toBe(1);
    expect(await readEpoch(redis, 'undecided')).not.toBeNull();
  } finally {
    await stop();
  }
});
