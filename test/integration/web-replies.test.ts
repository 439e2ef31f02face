/**
 * Replies on the review pages against a real Redis and a real BullMQ reply queue: the circuit
 * breaker's banner, acknowledgement and confirmation states with their details, the bouncing mark,
 * and resending a failed reply (refused for a bouncing address).
 */
import { UnrecoverableError, Worker } from 'bullmq';
import { REPLY_QUEUE } from '../../src/jobs/queues';
import { createBreaker } from '../../src/replies/breaker';
import { replyKeys } from '../../src/replies/keys';
import { closeAll, item, login, message, seed, world, type Login, type World } from './web-world';

afterAll(closeAll);

let w: World;
let l: Login;

beforeEach(async () => {
  w = await world();
  l = await login(w);
});

const page = (url: string) => w.app.inject({ method: 'GET', url, cookies: { sid: l.cookie } });
const post = (url: string, payload: Record<string, string> = {}) =>
  w.app.inject({ method: 'POST', url, cookies: { sid: l.cookie }, payload: { _csrf: l.csrf, ...payload } });

async function markBouncing(address: string, detail: string): Promise<void> {
  await w.redis.set(replyKeys(w.prefix).bouncing(address), JSON.stringify({ at: '2026-11-01T09:30:00.000Z', messageId: '<r1@ours.example>', detail }));
}

/** A message with one approved item whose confirmation failed with `detail`; returns the item id. */
async function failedConfirmation(key: string, detail = '550 5.1.1 <jane@example.net>: no such user'): Promise<string> {
  const [id] = await seed(w, message(key, '2026-11-01T10:00:00.000Z'), [item()]);
  await w.store.transition(id!, 'approve', 'alice');
  await w.store.setItemReply(id!, 'failed', detail);
  return id!;
}

describe('the pages name the reply recipient as the reply service chooses it (REPLY_AUTHSERV_ID, our domains)', () => {
  // Mail through a list: From is the list's address, Reply-To the sender's own.
  const viaList = { from: 'Jane Doe <jane@lists.example.com>', replyTo: 'Jane Doe <jane@peace.example.org>' };

  /** Pages trusting our server's results (mx.ours.example), one list mail with this Authentication-Results and one item, its Reply-To bouncing. */
  async function listMail(key: string, authResults: string): Promise<string> {
    w = await world({ recipients: { authservId: 'mx.ours.example' } });
    l = await login(w);
    const [id] = await seed(w, message(key, '2026-11-01T10:00:00.000Z', { ...viaList, authResults: [authResults] }), [item({ contactEmail: null })]);
    await markBouncing('jane@peace.example.org', '550 5.1.1 mailbox unavailable');
    return id!;
  }

  test('a Reply-To our own server saw DKIM-signed: its bouncing mark shows, and the page says replies go there', async () => {
    await listMail('p1', 'mx.ours.example; dkim=pass header.d=peace.example.org');
    const res = await page('/messages/p1');
    expect(res.body).toContain('<span class="flag">bouncing</span> <span class="muted">jane@peace.example.org since');
    expect(res.body).toContain('<dt>From</dt><dd>Jane Doe &#60;jane@lists.example.com&#62; (reply to Jane Doe &#60;jane@peace.example.org&#62;)</dd>');
    expect(res.body).toContain('name="contactEmail" value="jane@peace.example.org"');
  });

  test('the same result written by another server proves nothing: the page says replies go to From, and checks From', async () => {
    const id = await listMail('p2', 'mx.elsewhere.example; dkim=pass header.d=peace.example.org');
    const res = await page('/messages/p2');
    expect(res.body).not.toContain('<span class="flag">bouncing</span>');
    expect(res.body).toContain('(Reply-To Jane Doe &#60;jane@peace.example.org&#62; is not proven by the message: replies go to From)');
    expect(res.body).toContain('name="contactEmail" value="jane@lists.example.com"');
    await markBouncing('jane@lists.example.com', '550 5.1.1 mailbox unavailable');
    expect((await page('/messages/p2')).body).toContain('<span class="flag">bouncing</span> <span class="muted">jane@lists.example.com since');
    const itemPage = (await page(`/items/${id}`)).body;
    expect(itemPage).toContain('(Reply-To Jane Doe &#60;jane@peace.example.org&#62; is not proven by the message: replies go to From)');
    expect(itemPage).toContain('<span class="flag">bouncing</span> <span class="muted">jane@lists.example.com since');
  });
});

describe('queue page: circuit breaker banner', () => {
  test('no banner while replies flow', async () => {
    const res = await page('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('Replies are paused');
  });

  test('the breaker tripping shows until when, how many were sent and the limit', async () => {
    const breaker = createBreaker(w.redis, w.prefix, 2);
    // Real sends count against the last hour as the server sees it.
    const t = Date.now();
    await breaker.take('<a@ours.example>', t - 60_000);
    await breaker.take('<b@ours.example>', t - 30_000);
    await expect(breaker.take('<c@ours.example>', t)).rejects.toThrow('paused');
    const until = new Date(t - 60_000 + 3600_000).toISOString();
    const res = await page('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Replies are paused by the circuit breaker until ${until.slice(0, 16).replace('T', ' ')} UTC (2 sent in the last hour, limit 2)`);
  });
});

describe('held replies and bouncing marks: the organiser releases and clears', () => {
  test('past the daily limit the queue page says replies are held, and Release lifts the hold', async () => {
    const breaker = createBreaker(w.redis, w.prefix, 100, { perDay: 1 });
    await breaker.take('<a@ours.example>', Date.now(), 'example.net');
    await expect(breaker.take('<b@ours.example>', Date.now(), 'example.net')).rejects.toThrow('held');
    const before = await page('/');
    expect(before.body).toContain('data-replies-held');
    expect(before.body).toContain(`<form method="post" action="/replies/release" class="inline"><input type="hidden" name="_csrf" value="${l.csrf}"><button type="submit">Release held replies (sends mail)</button></form>`);
    const refused = await w.app.inject({ method: 'POST', url: '/replies/release', cookies: { sid: l.cookie }, payload: {} });
    expect(refused.statusCode).toBe(403);
    expect((await page('/')).body).toContain('data-replies-held');
    const res = await post('/replies/release');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/?done=released');
    const after = await page('/');
    expect(after.body).not.toContain('data-replies-held');
    await expect(breaker.take('<c@ours.example>', Date.now(), 'example.net')).resolves.toBeUndefined();
  });

  test('Clear the mark lifts a bouncing mark and returns to the page it was pressed on', async () => {
    const id = await failedConfirmation('r9');
    await markBouncing('jane@example.net', '550 5.1.1 mailbox unavailable');
    const it = await page(`/items/${id}`);
    expect(it.body).toContain('<input type="hidden" name="address" value="jane@example.net">');
    const res = await post('/bounces/clear', { address: 'jane@example.net', back: `/items/${id}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/items/${id}?done=bounceCleared`);
    expect(await w.redis.exists(replyKeys(w.prefix).bouncing('jane@example.net'))).toBe(0);
    const again = await page(`/items/${id}`);
    expect(again.body).toContain('not bouncing');
    expect(again.body).toContain(`/items/${id}/resend`);
  });
});

describe('item and message pages: reply states', () => {
  test('item page: acknowledgement suppressed with its reason, confirmation failed with the server words and a Resend form', async () => {
    const id = await failedConfirmation('r1');
    await w.store.setReply('r1', 'suppressed', 'noreply');
    const res = await page(`/items/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<dt>Acknowledgement<\/dt><dd><span class="reply reply-suppressed">suppressed<\/span>: <span class="muted">noreply<\/span>/);
    expect(res.body).toMatch(/<dt>Confirmation reply<\/dt><dd><span class="reply reply-failed">failed<\/span>: <span class="error">550 5.1.1 &#60;jane@example.net&#62;: no such user<\/span>/);
    expect(res.body).toContain(`<form method="post" action="/items/${id}/resend" class="inline"><input type="hidden" name="_csrf" value="${l.csrf}"><button type="submit">Resend</button></form>`);
    expect(res.body).toContain('not bouncing');
  });

  test('item page: a sent acknowledgement and no confirmation yet; no Resend form', async () => {
    const [id] = await seed(w, message('r2', '2026-11-01T10:00:00.000Z'), [item()]);
    await w.store.setReply('r2', 'sent');
    const res = await page(`/items/${id}`);
    expect(res.body).toContain('<dt>Acknowledgement</dt><dd><span class="reply reply-sent">sent</span>');
    expect(res.body).toContain('<dt>Confirmation reply</dt><dd><span class="reply reply-none">none</span>');
    expect(res.body).not.toContain('/resend');
  });

  test('sender-controlled detail text is escaped', async () => {
    const id = await failedConfirmation('r3', '<script>alert(1)</script>');
    const res = await page(`/items/${id}`);
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  test('a bouncing contact address is marked on the item page and the message page, and gets no Resend form', async () => {
    const id = await failedConfirmation('r4');
    await w.store.setReply('r4', 'failed', '550 mailbox unavailable');
    await markBouncing('jane@example.net', '550 5.1.1 mailbox unavailable');
    const it = await page(`/items/${id}`);
    expect(it.body).toContain('<span class="flag">bouncing</span> <span class="muted">jane@example.net since 2026-11-01 09:30 UTC: 550 5.1.1 mailbox unavailable</span>');
    expect(it.body).not.toContain('/resend"');
    const msg = await page('/messages/r4');
    expect(msg.statusCode).toBe(200);
    expect(msg.body).toContain('<span class="flag">bouncing</span>');
    expect(msg.body).toMatch(/<dt>Acknowledgement<\/dt><dd><span class="reply reply-failed">failed<\/span>: <span class="error">550 mailbox unavailable<\/span>/);
    expect(msg.body).not.toContain('/messages/r4/resend');
  });

  test('message page: a failed acknowledgement has a Resend form', async () => {
    await seed(w, message('r5', '2026-11-01T10:00:00.000Z'), []);
    await w.store.setReply('r5', 'failed', '554 5.7.1 rejected');
    const res = await page('/messages/r5');
    expect(res.body).toContain('<form method="post" action="/messages/r5/resend" class="inline">');
    expect(res.body).toContain('554 5.7.1 rejected');
  });
});

describe('resend', () => {
  test('an item: the failed state is cleared and the confirmation job queued', async () => {
    const id = await failedConfirmation('s1');
    const res = await post(`/items/${id}/resend`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/items/${id}?done=resend`);
    const it = (await w.store.getItem(id))!;
    expect(it.reply).toBe('none');
    expect(it.replyDetail).toBeUndefined();
    const job = await w.replyQueue.getJob(`confirm-${id}`);
    expect(job?.data).toEqual({ type: 'confirmation', id });
    expect(await job!.getState()).toBe('waiting');
    expect((await page(res.headers.location as string)).body).toContain('The reply is queued to be sent again.');
  });

  test('a withdrawn item: the withdrawal note is queued again', async () => {
    const [id] = await seed(w, message('s2', '2026-11-01T10:00:00.000Z'), [item()]);
    await w.store.transition(id!, 'withdraw', 'alice');
    await w.store.setItemReply(id!, 'failed', '550 no');
    expect((await post(`/items/${id}/resend`)).statusCode).toBe(303);
    expect(await (await w.replyQueue.getJob(`withdraw-${id}`))!.getState()).toBe('waiting');
  });

  test('a message: the acknowledgement is cleared and queued', async () => {
    await seed(w, message('s3', '2026-11-01T10:00:00.000Z'), []);
    await w.store.setReply('s3', 'failed', '554 rejected');
    const res = await post('/messages/s3/resend');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/messages/s3?done=resend');
    const m = (await w.store.getMessage('s3'))!;
    expect(m.reply).toBe('none');
    expect(m.replyDetail).toBeUndefined();
    expect(await (await w.replyQueue.getJob('ack-s3'))!.getState()).toBe('waiting');
    expect((await page('/messages/s3?done=resend')).body).toContain('The reply is queued to be sent again.');
  });

  test('a failed BullMQ job with the same id is retried, not duplicated', async () => {
    const id = await failedConfirmation('s4');
    const jobId = `confirm-${id}`;
    await w.replyQueue.add('confirmation', { type: 'confirmation', id }, { jobId });
    const connection = w.redis.duplicate({ maxRetriesPerRequest: null });
    const worker = new Worker(REPLY_QUEUE, async () => { throw new UnrecoverableError('550 no such user'); }, { connection, prefix: w.prefix });
    try {
      for (let i = 0; i < 100 && (await (await w.replyQueue.getJob(jobId))!.getState()) !== 'failed'; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.close();
      connection.disconnect();
    }
    expect(await (await w.replyQueue.getJob(jobId))!.getState()).toBe('failed');
    expect((await post(`/items/${id}/resend`)).statusCode).toBe(303);
    const job = (await w.replyQueue.getJob(jobId))!;
    expect(await job.getState()).toBe('waiting');
    expect(job.failedReason ?? '').toBe('');
    expect(await w.replyQueue.getJobCounts('waiting', 'failed')).toEqual({ waiting: 1, failed: 0 });
  });

  test('refused for a bouncing address, with a clear message; nothing changes, nothing is queued', async () => {
    const id = await failedConfirmation('s5');
    await markBouncing('JANE@example.net', '550 mailbox unavailable');
    const res = await post(`/items/${id}/resend`);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Not resent: replies to jane@example.net bounced (550 mailbox unavailable), so no reply goes to that address again.');
    expect((await w.store.getItem(id))!.reply).toBe('failed');
    expect(await w.replyQueue.getJob(`confirm-${id}`)).toBeUndefined();
  });

  test('refused for a reply that has not failed, and for an item in a status that gets no reply', async () => {
    const [id] = await seed(w, message('s6', '2026-11-01T10:00:00.000Z'), [item()]);
    await w.store.setItemReply(id!, 'failed', '550');
    const pending = await post(`/items/${id}/resend`);
    expect(pending.statusCode).toBe(409);
    expect(pending.body).toContain('a pending item gets no reply');
    await w.store.transition(id!, 'approve', 'alice');
    await w.store.setItemReply(id!, 'sent');
    const sent = await post(`/items/${id}/resend`);
    expect(sent.statusCode).toBe(409);
    expect(sent.body).toContain('Only a failed reply can be resent; this one is sent.');
    expect(await w.replyQueue.getJob(`confirm-${id}`)).toBeUndefined();
  });

  test('a resend without the CSRF token is refused', async () => {
    const id = await failedConfirmation('s7');
    const res = await w.app.inject({ method: 'POST', url: `/items/${id}/resend`, cookies: { sid: l.cookie }, payload: {} });
    expect(res.statusCode).toBe(403);
    expect((await w.store.getItem(id))!.reply).toBe('failed');
  });
});

describe('ask the sender', () => {
  test('the question is saved, queued as a needs-information job, and listed (escaped) on the message page', async () => {
    await seed(w, message('q1', '2026-11-01T10:00:00.000Z'), []);
    const text = 'Which country is <b>your</b> organisation in?';
    const res = await post('/messages/q1/questions', { text });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/messages/q1?done=asked');
    const jobs = await w.replyQueue.getJobs(['waiting']);
    expect(jobs.map((j) => j.data)).toEqual([{ type: 'needs-information', id: expect.stringMatching(/^q[0-9a-f]{24}$/) }]);
    expect(jobs[0]!.id).toBe(`ask-${(jobs[0]!.data as { id: string }).id}`);
    const body = (await page(res.headers.location as string)).body;
    expect(body).toContain('The question is queued to be sent in the thread.');
    expect(body).toContain('Which country is &#60;b&#62;your&#60;/b&#62; organisation in?');
    expect(body).toContain('by alice:');
    expect(body).toContain('<span class="reply reply-queued">queued</span>');
  });

  test('the same question twice is one question and one job; an empty one is a 400', async () => {
    await seed(w, message('q2', '2026-11-01T10:00:00.000Z'), []);
    expect((await post('/messages/q2/questions', { text: 'Your country?' })).statusCode).toBe(303);
    expect((await post('/messages/q2/questions', { text: '  Your country?  ' })).statusCode).toBe(303);
    expect(await w.replyQueue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    expect((await page('/messages/q2')).body.match(/Your country\?/g)).toHaveLength(1);
    const empty = await post('/messages/q2/questions', { text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('write the question');
  });

  test('a question about an unknown message is a 404', async () => {
    expect((await post('/messages/nope/questions', { text: 'Hello?' })).statusCode).toBe(404);
  });
});
