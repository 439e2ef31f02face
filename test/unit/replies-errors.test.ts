/** Classification of nodemailer failures into permanent and transient (RFC 5321 4.2.1, 503 and auth excepted). */
import { classifySendError, PermanentSendError, QuotaSendError, TransientSendError } from '../../src/replies/errors';

test.each([
  [{ responseCode: 550, response: '550 5.1.1 no such user', code: 'EENVELOPE' }, PermanentSendError, '550 5.1.1 no such user'],
  [{ responseCode: 554, response: '554 rejected as spam', code: 'EMESSAGE' }, PermanentSendError, '554 rejected as spam'],
  [{ responseCode: 552, response: '552 message too big' }, PermanentSendError, '552 message too big'],
  [{ responseCode: 503, response: '503 bad sequence of commands' }, TransientSendError, '503 bad sequence of commands'],
  [{ responseCode: 535, response: '535 authentication failed', code: 'EAUTH' }, TransientSendError, '535 authentication failed'],
  [{ responseCode: 421, response: '421 try again later' }, TransientSendError, '421 try again later'],
  [{ responseCode: 450, response: '450 mailbox busy' }, TransientSendError, '450 mailbox busy'],
  [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:1' }, TransientSendError, 'connect ECONNREFUSED 127.0.0.1:1'],
  [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, TransientSendError, 'Greeting never received'],
])('%j', (err, cls, words) => {
  const out = classifySendError(Object.assign(new Error(String((err as { message?: string }).message ?? 'x')), err));
  expect(out).toBeInstanceOf(cls);
  expect(out.serverResponse).toBe(words);
});

/** Quota and rate refusals, as providers word them (several are 5xx look-alikes), pause instead of failing. */
test.each([
  [{ responseCode: 550, response: '550 5.4.5 Daily user sending quota exceeded. o65sm25351206pga.71 - gsmtp', code: 'EMESSAGE' }, 'day'],
  [{ responseCode: 554, response: '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message due to a permanent exception with message Cannot submit message.', code: 'EMESSAGE' }, 'day'],
  [{ responseCode: 554, response: '554 Throttling failure: Daily message quota exceeded.' }, 'day'],
  [{ responseCode: 550, response: '550 User info@example.org has exceeded its 24-hour sending limit. Messages to 25 recipients out of 25' }, 'day'],
  [{ responseCode: 552, response: '552 Message would take you over your relay quota of 500 Current quota used: 487' }, 'day'],
  [{ responseCode: 550, response: '550 5.7.1 <DATA>: Data command rejected: only 10 messages per day' }, 'day'],
  [{ responseCode: 421, response: '421 4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address' }, 'rate'],
  [{ responseCode: 451, response: '451 4.7.1 Ratelimit "user" exceeded' }, 'rate'],
  [{ responseCode: 454, response: '454 Throttling failure: Maximum sending rate exceeded.' }, 'rate'],
  [{ responseCode: 550, response: '550 5.7.1 sorry, too many emails (#5.7.1)' }, 'rate'],
  [{ responseCode: 432, response: '432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded' }, 'rate'],
  [{ responseCode: 421, response: '421 4.7.0 Too many concurrent SMTP connections from this IP' }, 'rate'],
])('%j pauses sending', (err, scope) => {
  const out = classifySendError(Object.assign(new Error('x'), err));
  expect(out).toBeInstanceOf(QuotaSendError);
  expect((out as QuotaSendError).scope).toBe(scope);
  expect(out.serverResponse).toBe(err.response);
});

test.each([
  ['a recipient\'s full mailbox is that recipient\'s answer', { responseCode: 552, response: '552 5.2.2 mailbox full' }, PermanentSendError],
  ['an unknown user stays permanent', { responseCode: 550, response: '550 5.1.1 <jane@example.net>: Recipient address rejected: User unknown' }, PermanentSendError],
  ['a wrong password is not a quota', { responseCode: 535, response: '535 5.7.8 too many login attempts', code: 'EAUTH' }, TransientSendError],
  ['a connection reset has no code', { code: 'ECONNECTION', message: 'read ECONNRESET' }, TransientSendError],
])('%s', (_, err, cls) => {
  expect(classifySendError(Object.assign(new Error(String((err as { message?: string }).message ?? 'x')), err))).toBeInstanceOf(cls);
});
