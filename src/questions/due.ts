/**
 * Which messages need a person's answer: every message of kind `question`, and an endorsement or a
 * withdrawal whose sender also asks something (so the question is not lost when the mail is filed).
 * Pure, so intake and a backfill decide alike.
 */
import type { MessageRecord } from '../review/types';

/** Where a question came from: a question message, or the asking part of an endorsement (or withdrawal). */
export type QuestionOrigin = 'question' | 'also-asks';

/** The question a message brings, or null when it needs no personal answer. */
export function questionDue(rec: Pick<MessageRecord, 'kind' | 'asked' | 'reasons'>): { origin: QuestionOrigin; asked: string[] } | null {
  const asked = rec.asked ?? [];
  if (rec.kind === 'question') return { origin: 'question', asked };
  if (rec.kind !== 'endorsement' && rec.kind !== 'withdrawal') return null;
  // Intent scoring also notices a request without a question mark ("we would like to know ..."): its reason says so.
  const alsoAsks = asked.length > 0 || rec.reasons.some((r) => r.startsWith('also asks'));
  return alsoAsks ? { origin: 'also-asks', asked } : null;
}
