/**
 * The intake job's dependencies against a real Redis, as the integration tests build them: a reply
 * queue and a review store under their own prefix, our own address, the default folders.
 */
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { IntakeDeps } from '../../src/jobs/intake';
import { REPLY_QUEUE, type ReplyPayload } from '../../src/jobs/queues';
import { createReviewStore } from '../../src/review/store';

/** Dependencies of `processIntake` under `prefix`; `own` is our address (its domain is ours too). */
export function intakeDeps(redis: Redis, prefix: string, own = 'info@ukraine-solidarity.eu') {
  const replyQueue = new Queue<ReplyPayload>(REPLY_QUEUE, { connection: redis, prefix });
  const store = createReviewStore(redis, prefix);
  const deps: IntakeDeps = {
    redis, prefix, store, replyQueue,
    context: { ownAddresses: [own], ownDomains: [own.slice(own.indexOf('@') + 1)] },
    folders: { endorsements: 'Endorsements', automated: 'Automated', junk: 'Junk' },
    repliesEnabled: true, maxMessageBytes: 25 << 20,
  };
  return { replyQueue, store, deps };
}
