/**
 * The store methods the review page adds, against a real Redis: field edits (compare-and-set, with
 * history, safe in parallel) and the history-less list the queue page reads, whose cache of decoded
 * items must never show an item older than Redis holds.
 */
import { closeAll, item, message, seed, world, type World } from './web-world';

afterAll(closeAll);

let w: World;
beforeAll(async () => {
  w = await world();
  await seed(w, message('s1', '2026-01-01T10:00:00.000Z'), [item({ organisation: 'One' }), item({ organisation: 'Two' })]);
  await seed(w, message('s2', '2026-01-02T10:00:00.000Z'), [item({ organisation: 'Three' })]);
});

test('editItem changes only the fields given, records who and what, and writes nothing when nothing changes', async () => {
  const before = (await w.store.getItem('s1-0'))!;
  const after = await w.store.editItem('s1-0', { organisation: 'One Renamed', website: null }, 'alice');
  expect(after).toMatchObject({ organisation: 'One Renamed', website: null, country: before.country, contactEmail: before.contactEmail, status: 'pending' });
  expect(after.evidence).toEqual(before.evidence);
  expect(after.history.at(-1)).toMatchObject({ by: 'alice', action: 'edit', detail: 'organisation: "One Renamed", website: null' });
  const same = await w.store.editItem('s1-0', { organisation: 'One Renamed' }, 'bob');
  expect(same.history).toHaveLength(after.history.length);
  await expect(w.store.editItem('nope-0', { organisation: 'x' }, 'alice')).rejects.toThrow(/unknown endorsement id/);
});

test('parallel edits of different fields of one item all land (compare-and-set retries)', async () => {
  // All four read the same `data` before any writes: three must find it changed and retry.
  await Promise.all([
    w.store.editItem('s1-1', { organisation: 'Two A' }, 'a'),
    w.store.editItem('s1-1', { country: 'PL' }, 'b'),
    w.store.editItem('s1-1', { website: 'two.example' }, 'c'),
    w.store.editItem('s1-1', { contactName: 'Ann' }, 'd'),
  ]);
  const it = (await w.store.getItem('s1-1'))!;
  expect(it).toMatchObject({ organisation: 'Two A', country: 'PL', website: 'two.example', contactName: 'Ann' });
  expect(it.history.filter((h) => h.action === 'edit')).toHaveLength(4);
});

test('listItems without history agrees with the full list, field for field, but for history', async () => {
  const full = await w.store.listItems({ status: 'all' });
  const lite = await w.store.listItems({ status: 'all', history: false });
  expect(lite).toEqual(full.map((i) => ({ ...i, history: [] })));
  expect(full.every((i) => i.history.length > 0)).toBe(true);
});

test('the history-less list shows every later change: transitions, edits, replies, new items', async () => {
  await w.store.listItems({ status: 'all', history: false });
  await w.store.transition('s2-0', 'reject', 'alice', 'spam');
  await w.store.editItem('s1-0', { country: 'ie' }, 'alice');
  await w.store.setItemReply('s1-1', 'sent');
  await seed(w, message('s3', '2026-01-03T10:00:00.000Z'), [item({ organisation: 'Four' })]);
  const lite = await w.store.listItems({ status: 'all', history: false });
  const byId = new Map(lite.map((i) => [i.id, i]));
  expect(byId.get('s2-0')).toMatchObject({ status: 'rejected', reason: 'spam' });
  expect(byId.get('s1-0')!.country).toBe('ie');
  expect(byId.get('s1-1')!.reply).toBe('sent');
  expect(byId.get('s3-0')!.organisation).toBe('Four');
  expect((await w.store.listItems({ status: 'rejected', history: false })).map((i) => i.id)).toEqual(['s2-0']);
});

test('an edit that keeps every mutable field is still seen (the edit counter changes)', async () => {
  await w.store.listItems({ status: 'all', history: false });
  await w.store.editItem('s1-0', { country: 'IE' }, 'alice');
  const lite = await w.store.listItems({ status: 'all', history: false });
  expect(lite.find((i) => i.id === 's1-0')!.country).toBe('IE');
});

test('what a caller does to a listed item does not leak into the next list', async () => {
  const first = await w.store.listItems({ status: 'all', history: false });
  first[0]!.organisation = 'scribbled';
  const second = await w.store.listItems({ status: 'all', history: false });
  expect(second[0]!.organisation).not.toBe('scribbled');
});
