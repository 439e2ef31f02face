/** The test harness itself: real Redis, Dovecot and SMTP sink start, answer, and stop. */
import { ImapFlow } from 'imapflow';
import Redis from 'ioredis';
import nodemailer from 'nodemailer';
import { startDovecot, DovecotServer } from '../helpers/dovecot';
import { startRedis, RedisServer } from '../helpers/redis';
import { startSmtpSink, SmtpSink } from '../helpers/smtp-sink';
import { alive } from '../helpers/ports';

let redis: RedisServer;
let dovecot: DovecotServer;
let smtp: SmtpSink;

beforeAll(async () => {
  [redis, dovecot, smtp] = await Promise.all([startRedis(), startDovecot(), startSmtpSink()]);
});
afterAll(async () => {
  await Promise.all([redis?.stop(), dovecot?.stop(), smtp?.close()]);
});

test('redis answers on its own loopback port', async () => {
  const r = new Redis(redis.url);
  await r.set('k', 'v');
  expect(await r.get('k')).toBe('v');
  r.disconnect();
});

test('dovecot takes an appended message and returns it', async () => {
  const c = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await c.connect();
  await c.append('INBOX', Buffer.from('From: a@example.net\r\nSubject: hi\r\nMessage-ID: <1@example.net>\r\n\r\nbody\r\n'));
  const lock = await c.getMailboxLock('INBOX');
  try {
    const msgs = [];
    for await (const m of c.fetch('1:*', { uid: true, envelope: true })) msgs.push(m);
    expect(msgs.map((m) => m.envelope?.subject)).toEqual(['hi']);
  } finally {
    lock.release();
  }
  await c.logout();
});

test('the SMTP sink records what it accepts and can refuse', async () => {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  await t.sendMail({ from: 'info@example.org', to: 'x@example.net', subject: 's', text: 't' });
  expect(smtp.messages).toHaveLength(1);
  expect(smtp.messages[0]!.to).toEqual(['x@example.net']);
  smtp.failNext(550, 1, 'no such user');
  await expect(t.sendMail({ from: 'info@example.org', to: 'y@example.net', subject: 's', text: 't' })).rejects.toMatchObject({ responseCode: 550 });
  expect(smtp.messages).toHaveLength(1);
  t.close();
});

test('stopping removes the processes', async () => {
  const d = await startDovecot();
  await d.stop();
  expect(alive(d.pid)).toBe(false);
});
