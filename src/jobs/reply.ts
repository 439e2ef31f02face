/**
 * The reply job: hands the payload to the reply service, which applies the policy, renders, sends
 * and records. A permanent SMTP failure becomes BullMQ's UnrecoverableError so the job ends without
 * retries; anything else is thrown for retry with backoff.
 */
import { UnrecoverableError } from 'bullmq';
import { PermanentSendError } from '../replies/mailer';
import type { ReplyService } from '../replies/service';
import type { ReplyPayload } from './queues';

export async function processReply(p: ReplyPayload, service: ReplyService): Promise<string> {
  try {
    return p.type === 'acknowledgement' ? await service.sendAcknowledgement(p.id) : await service.sendConfirmation(p.id);
  } catch (err) {
    if (err instanceof PermanentSendError) throw new UnrecoverableError(err.message);
    throw err;
  }
}
