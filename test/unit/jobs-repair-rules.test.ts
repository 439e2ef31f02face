/**
 * The pure rules of the worker's self-repair: which failure reasons pass on their own (retried
 * without a person), and which replies the records still owe (queued again when their job is lost).
 */
import { owedItemReplies, owedQuestionReplies } from '../../src/jobs/owed';
import { transientFailure } from '../../src/jobs/transient';
import type { Question } from '../../src/replies/questions';
import type { EndorsementItem, HistoryEntry } from '../../src/review/types';

describe('transientFailure', () => {
  test.each([
    // Redis under noeviction at maxmemory, word for word as BullMQ records it.
    "OOM command not allowed when used memory > 'maxmemory'.",
    "OOM command not allowed when used memory > 'maxmemory'. script: d96ca626f1ea141b44a856b312fc636d99aa9ea9, on @user_script:217.",
    // ioredis giving up while Redis is unreachable.
    'Reached the max retries per request limit (which is 3). Refer to "maxRetriesPerRequest" option for details.',
    'Connection is closed.',
    'connect ECONNREFUSED 127.0.0.1:6379',
    'read ECONNRESET',
    // A restart from AOF, a failover.
    'LOADING Redis is loading the dataset in memory',
    "READONLY You can't write against a read only replica.",
    'MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to \'no\'.',
  ])('passes on its own: %s', (reason) => {
    expect(transientFailure(reason)).toBe(true);
  });

  test.each([
    "Cannot read properties of undefined (reading 'subject')",
    'unknown message m0123',
    'job stalled more than allowable limit',
    'Unexpected token < in JSON at position 0',
    '',
  ])('waits for a person: %j', (reason) => {
    expect(transientFailure(reason)).toBe(false);
  });

  test('no reason at all is not transient', () => {
    expect(transientFailure(undefined)).toBe(false);
  });
});

const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
const step = (action: string, daysAgo = 0, detail?: string): HistoryEntry => ({ at: at(daysAgo), by: 'ana', action, ...(detail ? { detail } : {}) });

function item(id: string, over: Partial<EndorsementItem>): EndorsementItem {
  return {
    id, status: 'pending', signerType: 'organisation', organisation: 'Les Amis', name: null, country: 'FR', website: null,
    contactName: null, contactEmail: 'contact@amis.example', messageId: null, messageKey: 'm1', receivedAt: at(3), duplicateOf: null,
    kind: 'endorsement', language: 'fr', evidence: {}, confidence: 1, history: [step('extracted', 3)], ...over,
  };
}

describe('owedItemReplies', () => {
  test('an approval owes a confirmation and a withdrawal a note, until sent, suppressed or failed', () => {
    const items = [
      item('a', { status: 'approved', history: [step('extracted', 3), step('approve')] }),
      item('b', { status: 'approved', reply: 'queued', history: [step('approve')] }),
      item('c', { status: 'approved', reply: 'sent', history: [step('approve')] }),
      item('d', { status: 'approved', reply: 'suppressed', history: [step('approve')] }),
      item('e', { status: 'approved', reply: 'failed', history: [step('approve')] }),
      item('f', { status: 'withdrawn', history: [step('approve', 1), step('withdraw')] }),
      item('g', { status: 'pending' }),
      item('h', { status: 'rejected', history: [step('reject')] }),
    ];
    expect(owedItemReplies(items)).toEqual([
      { type: 'confirmation', id: 'a' }, { type: 'confirmation', id: 'b' }, { type: 'withdrawal', id: 'f' },
    ]);
  });

  test('a request carried out owes its note; the original it withdrew owes none', () => {
    const original = item('o', { status: 'withdrawn', history: [step('extracted', 2), step('withdraw', 0, 'at the request of r')] });
    const request = item('r', { kind: 'withdrawal', status: 'withdrawn', withdraws: 'o', history: [step('remove-from-list', 0, 'o withdrawn')] });
    expect(owedItemReplies([original, request])).toEqual([{ type: 'withdrawal', id: 'r' }]);
  });

  test('a status reached another way (an undo, a reopen) owes nothing; an old action only without a limit', () => {
    const undone = item('u', { status: 'pending', history: [step('approve'), step('undo')] });
    const reopened = item('v', { status: 'pending', history: [step('approve', 1), step('reopen')] });
    const old = item('w', { status: 'approved', history: [step('approve', 40)] });
    expect(owedItemReplies([undone, reopened, old], Date.now() - 7 * 86_400_000)).toEqual([]);
    expect(owedItemReplies([old])).toEqual([{ type: 'confirmation', id: 'w' }]);
  });
});

test('owedQuestionReplies: questions and answers not yet sent, by their type', () => {
  const q = (id: string, reply: Question['reply'], type?: 'answer'): Question => ({ id, messageKey: 'm1', itemId: null, text: 'x', by: 'ana', at: at(0), reply, ...(type ? { type } : {}) });
  expect(owedQuestionReplies([q('q1', 'queued'), q('a1', 'none', 'answer'), q('q2', 'sent'), q('a2', 'failed', 'answer')])).toEqual([
    { type: 'needs-information', id: 'q1' }, { type: 'answer', id: 'a1' },
  ]);
});
