/**
 * What the review page's banner says about intake jobs that failed: how many, the latest reason,
 * and whether the worker retries them on its own (a passing Redis or network fault) or they wait
 * for a person. Without it, mail stuck in intake is invisible outside the admins' queue board.
 */
import type { Queue } from 'bullmq';
import type { IntakePayload } from './queues';
import { transientFailure } from './transient';

/** One banner line, or none when no intake job has failed. Cheap: a count per queue, one job read. */
export async function failedIntakeAlerts(queues: Queue<IntakePayload>[]): Promise<string[]> {
  let failed = 0;
  let reason = '';
  for (const q of queues) {
    const n = await q.getFailedCount();
    if (n === 0) continue;
    failed += n;
    reason ||= (await q.getFailed(0, 0))[0]?.failedReason ?? '';
  }
  if (failed === 0) return [];
  const what = `${failed} incoming message${failed === 1 ? '' : 's'} not taken in yet (${reason.slice(0, 200) || 'no reason recorded'})`;
  return [transientFailure(reason) ? `${what}: retried automatically once Redis recovers` : `${what}: see /admin/queues; retried when the worker restarts`];
}
