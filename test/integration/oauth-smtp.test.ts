/**
 * SMTP AUTH XOAUTH2 against a real smtp-server on loopback, with tokens from a real token endpoint
 * on loopback: the mailer logs in with the shared token source's token, and when the server refuses
 * a token (revoked) nodemailer asks for a renewed one and the reply still goes out.
 */
import { createTokenSource } from '../../src/mailbox/oauth/grants';
import { createMailer, TransientSendError, type OutgoingReply } from '../../src/replies/mailer';
import { startOAuthServer, type OAuthServer } from '../helpers/oauth-server';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

const USER = 'info@example.org';
let oauth: OAuthServer;
let sink: SmtpSink;

beforeAll(async () => {
  oauth = await startOAuthServer({ user: USER, clientId: 'worker', clientSecret: 'shh', refreshTokens: ['rt-1'] });
  // The sink accepts a login only with an access token the token endpoint issued and has not revoked.
  sink = await startSmtpSink({ auth: { methods: ['XOAUTH2'], accept: (l) => l.username === USER && oauth.active(l.accessToken ?? '') } });
});
afterAll(async () => {
  await sink?.close();
  await oauth?.close();
});

const reply = (n: number): OutgoingReply => ({
  from: `"Appeal team" <${USER}>`, to: 'jane@amis.example', subject: 'Re: endorsement', text: 'Thank you', html: '<p>Thank you</p>',
  inReplyTo: null, references: [], messageId: `<ack.${n}@example.org>`, language: 'en',
});

test('AUTH XOAUTH2 with the token source\'s token; a revoked token is renewed and the reply still sent', async () => {
  const tokens = createTokenSource({ provider: 'generic', flow: 'refresh_token', user: USER, tokenUrl: oauth.tokenUrl, scope: 'smtp', clientId: 'worker', refreshToken: 'rt-1' });
  const first = createMailer({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, allowPlaintext: true, oauth: tokens });
  await first.send(reply(1));
  first.close();
  const firstToken = oauth.issued.at(-1)!;
  expect(sink.logins).toEqual([{ method: 'XOAUTH2', username: USER, accessToken: firstToken, accepted: true }]);
  expect(oauth.requests.map((r) => [r.grant_type, r.refresh_token])).toEqual([['refresh_token', 'rt-1']]);

  oauth.revoke(firstToken);
  // A new transport (as after a restart of the pool): the cache still holds the revoked token.
  const second = createMailer({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, allowPlaintext: true, oauth: tokens });
  await second.send(reply(2));
  second.close();
  const renewed = oauth.issued.at(-1)!;
  expect(renewed).not.toBe(firstToken);
  expect(sink.logins.slice(1)).toEqual([
    { method: 'XOAUTH2', username: USER, accessToken: firstToken, accepted: false },
    { method: 'XOAUTH2', username: USER, accessToken: renewed, accepted: true },
  ]);
  expect(sink.messages.map((m) => m.raw.toString()).filter((r) => r.includes('<ack.2@example.org>'))).toHaveLength(1);
  expect(sink.messages).toHaveLength(2);
});

test('a token endpoint that refuses the refresh token fails the send with its reason', async () => {
  const tokens = createTokenSource({ provider: 'generic', flow: 'refresh_token', user: USER, tokenUrl: oauth.tokenUrl, scope: 'smtp', clientId: 'worker', refreshToken: 'rt-revoked' });
  const mailer = createMailer({ host: '127.0.0.1', port: sink.port, secure: false, pool: true, allowPlaintext: true, oauth: tokens });
  const before = sink.messages.length;
  const err = await mailer.send(reply(3)).catch((e: unknown) => e as Error);
  mailer.close();
  // Our configuration, not the recipient's: the reply waits (transient) instead of failing for good.
  expect(err).toBeInstanceOf(TransientSendError);
  expect(String((err as Error).message)).toMatch(/invalid_grant/);
  expect(sink.messages).toHaveLength(before);
});
