/** The review store against a real Redis: idempotent, atomic recording, dedupe flags, review transitions, filing. */
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { FilingRequest } from '../../src/intake/types';
import { createReviewStore, type ReviewStore } from '../../src/review/store';
import type { EndorsementItem, MessageRecord } from '../../src/review/types';
import { startRedis, type RedisServer } from '../helpers/redis';

let server: RedisServer;
const clients: Redis[] = [];
const client = () => {
  const c = new Redis(server.url, { lazyConnect: false });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
  await server?.stop();
});

function message(key: string, receivedAt: string, over: Partial<MessageRecord> = {}): MessageRecord {
  return {
    key, messageId: `<${key}@example.net>`, mailbox: 'INBOX', uidValidity: '7', uid: 1, receivedAt,
    from: 'jane@example.net', replyTo: null, subject: 'We endorse', kind: 'endorsement', language: 'en',
    acknowledgeDue: true, acknowledged: false, reply: 'queued', reasons: ['says endorse'], notes: [],
    size: 100, oversized: false, endorsementIds: [], folder: null, text: 'We endorse.', attachments: [], references: [],
    ...over,
  };
}

function item(organisation: string): EndorsementItem {
  return {
    id: 'ignored', status: 'approved', signerType: 'organisation', organisation, name: null, country: 'GB',
    website: null, contactName: null, contactEmail: 'jane@example.net', messageId: null, messageKey: 'ignored',
    receivedAt: '2000-01-01T00:00:00.000Z', duplicateOf: null, kind: 'endorsement', language: 'en',
    evidence: {}, confidence: 0.9, history: [],
  };
}

const filing = (rec: MessageRecord, folder: string | null = 'Endorsements'): FilingRequest => ({
  key: rec.key, mailbox: rec.mailbox, uidValidity: rec.uidValidity, uid: rec.uid, folder,
});

function freshStore(redis = client()): ReviewStore {
  return createReviewStore(redis, `t-${randomUUID()}`);
}

describe('recordMessage', () => {
  test('writes the record and pending items with ids <key>-<n>, once', async () => {
    const store = freshStore();
    const rec = message('m1', '2026-01-02T10:00:00.000Z');
    expect(await store.recordMessage(rec, [item('Acme'), item('Beta')], [['a'], ['b']], filing(rec))).toEqual({ created: true });

    const again = message('m1', '2026-01-02T10:00:00.000Z', { subject: 'changed' });
    expect(await store.recordMessage(again, [item('Gamma')], [['c']], filing(again))).toEqual({ created: false });

    const got = await store.getMessage('m1');
    expect(got).toMatchObject({ key: 'm1', subject: 'We endorse', endorsementIds: ['m1-0', 'm1-1'], reply: 'queued', acknowledged: false, folder: null });
    const items = await store.listItems();
    expect(items.map((i) => [i.id, i.organisation, i.status, i.messageKey, i.receivedAt])).toEqual([
      ['m1-0', 'Acme', 'pending', 'm1', '2026-01-02T10:00:00.000Z'],
      ['m1-1', 'Beta', 'pending', 'm1', '2026-01-02T10:00:00.000Z'],
    ]);
    expect(items[0]!.history).toEqual([expect.objectContaining({ by: 'intake', action: 'received' })]);
    expect(await store.pendingFilingCount()).toBe(1);
  });

  test('parallel calls for one message from several connections create it exactly once', async () => {
    const prefix = `t-${randomUUID()}`;
    const stores = Array.from({ length: 8 }, () => createReviewStore(client(), prefix));
    const rec = message('m2', '2026-01-02T10:00:00.000Z');
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => stores[i % stores.length]!.recordMessage(rec, [item('Acme'), item('Beta')], [['a'], ['b']], filing(rec))),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await stores[0]!.listItems()).toHaveLength(2);
    expect(await stores[0]!.listMessages()).toHaveLength(1);
    expect(await stores[0]!.pendingFilingCount()).toBe(1);
  });

  test('parallel messages sharing a dedupe key: one original, every other item points at it', async () => {
    const prefix = `t-${randomUUID()}`;
    const stores = Array.from({ length: 6 }, () => createReviewStore(client(), prefix));
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const rec = message(`p${i}`, `2026-01-02T10:00:${String(i).padStart(2, '0')}.000Z`);
        return stores[i % stores.length]!.recordMessage(rec, [item('Acme')], [['org:acme']], filing(rec));
      }),
    );
    const items = await stores[0]!.listItems();
    expect(items).toHaveLength(30);
    const originals = items.filter((i) => i.duplicateOf === null);
    expect(originals).toHaveLength(1);
    expect(items.filter((i) => i.duplicateOf !== null).every((i) => i.duplicateOf === originals[0]!.id)).toBe(true);
  });

  test('flags the earliest item with any shared key, within and across messages, and never merges', async () => {
    const store = freshStore();
    const a = message('a', '2026-01-01T00:00:00.000Z');
    const b = message('b', '2026-01-03T00:00:00.000Z');
    const c = message('c', '2026-01-04T00:00:00.000Z');
    await store.recordMessage(b, [item('B org')], [['k2']], filing(b));
    await store.recordMessage(a, [item('A org')], [['k1']], filing(a));
    // c-0 shares k2 with b-0 and k1 with a-0: a-0 was received earlier. c-1 repeats c-0 inside the message.
    await store.recordMessage(c, [item('C org'), item('C again'), item('Other')], [['k2', 'k1'], ['k3', 'k2'], ['k9']], filing(c));
    const byId = Object.fromEntries((await store.listItems()).map((i) => [i.id, i]));
    expect(byId['a-0']!.duplicateOf).toBeNull();
    expect(byId['b-0']!.duplicateOf).toBeNull();
    expect(byId['c-0']!.duplicateOf).toBe('a-0');
    expect(byId['c-1']!.duplicateOf).toBe('b-0');
    expect(byId['c-2']!.duplicateOf).toBeNull();
    expect(Object.keys(byId)).toHaveLength(5);
    expect(byId['c-1']!.organisation).toBe('C again');
  });

  test('a withdrawal request is flagged as the signer it names, but claims no key: an endorsement after it is nobody\'s duplicate', async () => {
    const store = freshStore();
    const first = message('w1', '2026-01-01T00:00:00.000Z', { kind: 'withdrawal' });
    const joined = message('e1', '2026-01-02T00:00:00.000Z');
    const later = message('w2', '2026-01-03T00:00:00.000Z', { kind: 'withdrawal' });
    // Asked to be removed before we ever recorded them (signed elsewhere), then endorsed, then asked again.
    await store.recordMessage(first, [{ ...item('Peace Org'), kind: 'withdrawal' }], [['k1']], filing(first));
    await store.recordMessage(joined, [item('Peace Org')], [['k1']], filing(joined));
    await store.recordMessage(later, [{ ...item('Peace Org'), kind: 'withdrawal' }], [['k1']], filing(later));
    expect((await store.getItem('w1-0'))!.duplicateOf).toBeNull();
    expect((await store.getItem('e1-0'))!.duplicateOf).toBeNull();
    expect((await store.getItem('w2-0'))!.duplicateOf).toBe('e1-0');
  });

  test('keeps the history the caller gives an item', async () => {
    const store = freshStore();
    const rec = message('h', '2026-01-01T00:00:00.000Z');
    const given = [{ at: '2026-01-01T00:00:01.000Z', by: 'intake', action: 'extracted' }, { at: '2026-01-01T00:00:02.000Z', by: 'intake', action: 'checked', detail: 'x' }];
    await store.recordMessage(rec, [{ ...item('Acme'), history: given }], [[]], filing(rec));
    expect((await store.getItem('h-0'))!.history).toEqual(given);
  });

  test('rejects a dedupe list that does not match the items', async () => {
    const store = freshStore();
    const rec = message('x', '2026-01-01T00:00:00.000Z');
    await expect(store.recordMessage(rec, [item('A')], [], filing(rec))).rejects.toThrow(RangeError);
    expect(await store.getMessage('x')).toBeNull();
  });
});

describe('listing', () => {
  test('messages by receivedAt, items by receivedAt then index, filtered by status', async () => {
    const store = freshStore();
    const late = message('zz', '2026-03-01T00:00:00.000Z');
    const early = message('yy', '2026-02-01T00:00:00.000Z');
    await store.recordMessage(late, [item('L0')], [[]], filing(late));
    await store.recordMessage(early, Array.from({ length: 12 }, (_, i) => item(`E${i}`)), Array.from({ length: 12 }, () => []), filing(early));
    expect((await store.listMessages()).map((m) => m.key)).toEqual(['yy', 'zz']);
    const ids = (await store.listItems({ status: 'all' })).map((i) => i.id);
    expect(ids).toEqual([...Array.from({ length: 12 }, (_, i) => `yy-${i}`), 'zz-0']);
    await store.transition('yy-10', 'approve', 'ana');
    expect((await store.listItems({ status: 'approved' })).map((i) => i.id)).toEqual(['yy-10']);
    expect(await store.listItems({ status: 'pending' })).toHaveLength(12);
    expect(await store.listItems({ status: 'withdrawn' })).toEqual([]);
  });
});

describe('transition', () => {
  async function oneItem(): Promise<ReviewStore> {
    const store = freshStore();
    const rec = message('t', '2026-01-01T00:00:00.000Z');
    await store.recordMessage(rec, [item('Acme')], [[]], filing(rec));
    return store;
  }

  test('records each action in the history, with who and why', async () => {
    const store = await oneItem();
    expect((await store.transition('t-0', 'approve', 'ana')).status).toBe('approved');
    const rejected = await store.transition('t-0', 'reject', 'ben', 'not a real organisation');
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'not a real organisation' });
    const reopened = await store.transition('t-0', 'reopen', 'ana');
    expect(reopened.status).toBe('pending');
    expect(reopened.reason).toBeUndefined();
    expect(reopened.history.map((h) => [h.by, h.action, h.detail])).toEqual([
      ['intake', 'received', undefined],
      ['ana', 'approve', undefined],
      ['ben', 'reject', 'not a real organisation'],
      ['ana', 'reopen', undefined],
    ]);
    expect((await store.transition('t-0', 'withdraw', 'jane')).status).toBe('withdrawn');
    expect((await store.listItems({ status: 'withdrawn' })).map((i) => i.id)).toEqual(['t-0']);
    expect(await store.listItems({ status: 'pending' })).toEqual([]);
  });

  test('illegal transitions and unknown ids fail with named errors and change nothing', async () => {
    const store = await oneItem();
    await expect(store.transition('t-0', 'reopen', 'ana')).rejects.toMatchObject({ name: 'IllegalTransitionError', from: 'pending' });
    await store.transition('t-0', 'reject', 'ana');
    await expect(store.transition('t-0', 'approve', 'ana')).rejects.toMatchObject({ name: 'IllegalTransitionError', from: 'rejected' });
    await expect(store.transition('nope-0', 'approve', 'ana')).rejects.toMatchObject({ name: 'UnknownItemError', id: 'nope-0' });
    const it = await store.getItem('t-0');
    expect(it!.status).toBe('rejected');
    expect(it!.history).toHaveLength(2);
    expect(await store.getItem('nope-0')).toBeNull();
  });
});

describe('reply state', () => {
  test('sent sets acknowledged; other states keep their detail; unknown keys throw and create nothing', async () => {
    const redis = client();
    const prefix = `t-${randomUUID()}`;
    const store = createReviewStore(redis, prefix);
    const rec = message('r', '2026-01-01T00:00:00.000Z');
    await store.recordMessage(rec, [item('Acme')], [[]], filing(rec));
    await store.setReply('r', 'failed', '550 no such user');
    expect(await store.getMessage('r')).toMatchObject({ reply: 'failed', replyDetail: '550 no such user', acknowledged: false });
    await store.setReply('r', 'sent');
    const sent = await store.getMessage('r');
    expect(sent).toMatchObject({ reply: 'sent', acknowledged: true });
    expect(sent!.replyDetail).toBeUndefined();
    await store.setItemReply('r-0', 'suppressed', 'noreply');
    expect(await store.getItem('r-0')).toMatchObject({ reply: 'suppressed', replyDetail: 'noreply' });
    await expect(store.setReply('missing', 'sent')).rejects.toMatchObject({ name: 'UnknownMessageError' });
    await expect(store.setItemReply('missing-0', 'sent')).rejects.toMatchObject({ name: 'UnknownItemError' });
    expect(await redis.exists(`${prefix}:msg:missing`, `${prefix}:item:missing-0`)).toBe(0);
  });

  test('replyStates lists every message oldest first with its reply state and nothing else', async () => {
    const store = freshStore();
    const late = message('late', '2026-01-02T00:00:00.000Z', { reply: 'none' });
    const early = message('early', '2026-01-01T00:00:00.000Z', { reply: 'none' });
    await store.recordMessage(late, [], [], filing(late));
    await store.recordMessage(early, [], [], filing(early));
    await store.setReply('early', 'suppressed', 'noreply');
    expect(await store.replyStates()).toEqual([{ key: 'early', reply: 'suppressed' }, { key: 'late', reply: 'none' }]);
    expect(await freshStore().replyStates()).toEqual([]);
  });
});

describe('filingSource', () => {
  test('take hands out the oldest requests without removing them; done records the folder and removes them', async () => {
    const redis = client();
    const prefix = `t-${randomUUID()}`;
    const store = createReviewStore(redis, prefix);
    const recs = ['f3', 'f1', 'f2'].map((k, i) => message(k, `2026-01-0${i + 1}T00:00:00.000Z`, { uid: i + 1 }));
    for (const [i, r] of recs.entries()) {
      await store.recordMessage(r, [], [], filing(r, i === 2 ? null : 'Endorsements'));
    }
    const source = store.filingSource();
    // Recorded in the order f3, f1, f2: that order, not the keys' order, is the order of filing.
    const first = await source.take(2);
    expect(first.map((r) => [r.key, r.uid, r.folder])).toEqual([['f3', 1, 'Endorsements'], ['f1', 2, 'Endorsements']]);
    expect((await source.take(2)).map((r) => r.key)).toEqual(['f3', 'f1']);
    expect(await source.take(0)).toEqual([]);

    await source.done(first);
    expect(await store.pendingFilingCount()).toBe(1);
    expect((await store.getMessage('f3'))!.folder).toBe('Endorsements');
    expect((await store.getMessage('f2'))!.folder).toBeNull();
    const rest = await source.take(10);
    expect(rest.map((r) => [r.key, r.folder])).toEqual([['f2', null]]);

    await source.done([...rest, { key: 'ghost', mailbox: 'INBOX', uidValidity: '7', uid: 9, folder: 'Junk' }]);
    expect(await store.pendingFilingCount()).toBe(0);
    expect(await store.getMessage('ghost')).toBeNull();
    expect(await redis.exists(`${prefix}:msg:ghost`)).toBe(0);
  });
});
