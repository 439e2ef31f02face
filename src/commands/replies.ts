/**
 * `endorse bounces clear ADDRESS` and `endorse replies release`: the organiser's answers to the reply
 * side's two guards, from the shell (the review page gets buttons for the same functions).
 */
import { releaseHeldReplies } from '../jobs/reply';
import { clearBounce } from '../replies/bounces';
import { withContainer } from './context';

/** Lift the bouncing mark of an address, so replies may go to it again. */
export async function bouncesClearCommand(address: string): Promise<void> {
  await withContainer(async (c) => {
    const had = await clearBounce(c.redis, c.config.QUEUE_PREFIX, address.toLowerCase());
    process.stderr.write(had ? `cleared the bouncing mark of ${address}\n` : `${address} had no bouncing mark\n`);
  });
}

/** Release the replies held past REPLY_MAX_PER_DAY or REPLY_MAX_PER_DOMAIN_PER_HOUR. */
export async function repliesReleaseCommand(): Promise<void> {
  await withContainer(async (c) => {
    const lifted = await releaseHeldReplies({ redis: c.redis, prefix: c.config.QUEUE_PREFIX, replyQueue: c.replyQueue });
    for (const h of lifted) process.stdout.write(`${h.since}  ${h.reason}\n`);
    process.stderr.write(lifted.length ? `released ${lifted.length} hold(s); the waiting replies go out now\n` : 'no replies were held\n');
  });
}
