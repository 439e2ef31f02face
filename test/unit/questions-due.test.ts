/**
 * Which messages get a place in the questions inbox: every question, an endorsement or withdrawal
 * only when its sender also asks, never machine mail or spam.
 */
import { questionDue } from '../../src/questions/due';

test('a question message is due, with or without asking sentences', () => {
  expect(questionDue({ kind: 'question', asked: ['Can we sign?'], reasons: [] })).toEqual({ origin: 'question', asked: ['Can we sign?'] });
  expect(questionDue({ kind: 'question', reasons: ['no endorsing or withdrawing wording found'] })).toEqual({ origin: 'question', asked: [] });
});

test('an endorsement or withdrawal is due only when it also asks', () => {
  expect(questionDue({ kind: 'endorsement', asked: [], reasons: ['endorsing wording'] })).toBeNull();
  expect(questionDue({ kind: 'endorsement', asked: ['May we speak?'], reasons: [] })).toEqual({ origin: 'also-asks', asked: ['May we speak?'] });
  // A request without a question mark, seen by intent scoring.
  expect(questionDue({ kind: 'withdrawal', reasons: ['also asks something: needs a personal answer too'] })).toEqual({ origin: 'also-asks', asked: [] });
});

test('machine mail and spam are never due, even with a question mark', () => {
  for (const kind of ['auto_reply', 'bounce', 'bulk', 'spam'] as const) expect(questionDue({ kind, asked: ['Buy now?'], reasons: [] })).toBeNull();
});
