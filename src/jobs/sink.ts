/**
 * The IntakeSink behind the watcher: stages each message's bytes in Redis and adds one intake job per
 * message (job id = message key), both in one round trip each, before the watcher may advance its
 * cursor. Re-delivery is harmless: the raw SET is NX, BullMQ ignores a job id it still holds, and
 * the intake processor skips a message the store already has.
 */
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { FetchedMessage, IntakeSink } from '../intake/types';
import { intakeJobOptions, LARGE_MESSAGE_BYTES, rawKey, type IntakePayload } from './queues';

/**
 * Staged bytes expire after this (RAW_TTL_HOURS) if never taken in; the intake job deletes them as
 * soon as the store has the message. Past it, the message is still recorded, as unreadable, and
 * stays in the mailbox.
 */
const RAW_TTL_SECONDS = 72 * 3600;

/**
 * The sink for one prefix.
 * @param rawTtlSeconds how long staged bytes live if never taken in (default 72 hours)
 */
export function createIntakeSink(
  redis: Redis, prefix: string, queue: Queue<IntakePayload>, large: Queue<IntakePayload>, rawTtlSeconds = RAW_TTL_SECONDS,
): IntakeSink {
  return {
    async accept(batch: FetchedMessage[]): Promise<void> {
      if (!batch.length) return;
      const pipe = redis.pipeline();
      for (const m of batch) pipe.set(rawKey(prefix, m.key), m.raw, 'EX', rawTtlSeconds, 'NX');
      const results = await pipe.exec();
      const failed = results?.find(([err]) => err);
      if (failed) throw failed[0];
      const job = (m: FetchedMessage) => ({
          name: 'message',
          data: {
            key: m.key, mailbox: m.mailbox, uidValidity: m.uidValidity, uid: m.uid,
            size: m.size, receivedAt: m.receivedAt.toISOString(), oversized: m.oversized,
          },
          opts: { ...intakeJobOptions, jobId: m.key },
        });
      const big = batch.filter((m) => m.raw.length > LARGE_MESSAGE_BYTES);
      const small = batch.filter((m) => m.raw.length <= LARGE_MESSAGE_BYTES);
      if (small.length) await queue.addBulk(small.map(job));
      if (big.length) await large.addBulk(big.map(job));
    },
  };
}
