/**
 * The servers most reply tests share, started once per test file: a real Redis and SMTP sink on
 * loopback, a Redis client and a pooled mailer; the sink's inbox is emptied before each test.
 */
import Redis from 'ioredis';
import { createMailer, type Mailer } from '../../src/replies/mailer';
import { startRedis, type RedisServer } from '../helpers/redis';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

export interface ReplyServers {
  redisServer: RedisServer;
  sink: SmtpSink;
  redis: Redis;
  mailer: Mailer;
}

/** Register the jest hooks; the returned object is filled in by `beforeAll`. */
export function useReplyServers(): ReplyServers {
  const s = {} as ReplyServers;
  beforeAll(async () => {
    [s.redisServer, s.sink] = await Promise.all([startRedis(), startSmtpSink()]);
    // maxRetriesPerRequest null: the same client also serves BullMQ queues in some tests.
    s.redis = new Redis(s.redisServer.url, { maxRetriesPerRequest: null });
    s.mailer = createMailer({ host: '127.0.0.1', port: s.sink.port, secure: false, pool: true, allowPlaintext: true });
  });
  afterAll(async () => {
    s.mailer?.close();
    await s.redis?.quit();
    await Promise.all([s.redisServer?.stop(), s.sink?.close()]);
  });
  beforeEach(() => {
    if (s.sink) s.sink.messages.length = 0;
  });
  return s;
}
