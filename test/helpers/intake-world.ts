/**
 * The servers the watcher's integration tests share: a real Redis and Dovecot for the file, an IMAP
 * client for the test's own appends, and the watchers a test started, stopped after each test.
 * Call `useIntakeWorld()` at the top of a test file; read the fields inside tests.
 */
import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { ImapFlow } from 'imapflow';
import Redis from 'ioredis';
import type { Watcher } from '../../src/intake/watcher';
import { startDovecot, type DovecotServer } from './dovecot';
import { startRedis, type RedisServer } from './redis';

export interface IntakeWorld {
  redisServer: RedisServer;
  dovecot: DovecotServer;
  redis: Redis;
  imap: ImapFlow;
  /** Watchers to stop after the current test. */
  watchers: Watcher[];
}

export function useIntakeWorld(): IntakeWorld {
  const w = { watchers: [] as Watcher[] } as IntakeWorld;
  beforeAll(async () => {
    [w.redisServer, w.dovecot] = await Promise.all([startRedis(), startDovecot()]);
    w.redis = new Redis(w.redisServer.url);
    w.imap = new ImapFlow({ host: '127.0.0.1', port: w.dovecot.port, secure: false, auth: { user: w.dovecot.user, pass: w.dovecot.password }, logger: false });
    await w.imap.connect();
  });
  afterEach(async () => {
    await Promise.all(w.watchers.splice(0).map((x) => x.stop()));
  });
  afterAll(async () => {
    await w.imap?.logout();
    w.redis?.disconnect();
    await Promise.all([w.redisServer?.stop(), w.dovecot?.stop()]);
  });
  return w;
}
