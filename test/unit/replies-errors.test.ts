/** Classification of nodemailer failures into permanent and transient (RFC 5321 4.2.1, 503 and auth excepted). */
import { classifySendError, PermanentSendError, TransientSendError } from '../../src/replies/errors';

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
