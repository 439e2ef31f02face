/**
 * Fault suite, Redis losing data (issue 12): FLUSHALL after a full drain, a restart from an AOF 0.5 s or
 * 2.3 s old, a restart empty with filing on. The long-running worker is never restarted: the mailbox
 * (its folders and Sent copies) is the truth it must rebuild from, and nothing may be sent twice.
 */
import { afterFault, startFaultWorld, type FaultWorld } from '../helpers/faults-world';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let w: FaultWorld | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

test('row 1: FLUSHALL after a full drain (FILING=false): the store is rebuilt and nothing is sent again', async () => {
  const t0 = Date.now();
  w = await startFaultWorld({ filing: false });
  const drained = await w.settle({ patienceMs: 30_000 });
  expect(drained.complete).toBe(true);
  const before = w.replies().length;
  await w.admin.flushall();
  const found = await afterFault(w, '1 FLUSHALL after a full drain (FILING=false)', t0, { extra: { repliesBefore: before } });
  expect(found).toEqual([]);
}, 360_000);

for (const ageMs of [500, 2300]) {
  test(`row 2: Redis restarted from an AOF ${ageMs} ms old mid-drain: no acknowledgement sent twice`, async () => {
    const t0 = Date.now();
    w = await startFaultWorld();
    await w.untilDueSent(0.35);
    const snapshot = w.redis.snapshotAof();
    await sleep(ageMs);
    const sentAtKill = w.dueSent();
    await w.redis.kill();
    w.redis.replaceAof(snapshot);
    await w.redis.start();
    const found = await afterFault(w, `2 Redis restarted from an AOF ${ageMs} ms old`, t0, { extra: { sentAtKill } });
    expect(found).toEqual([]);
  }, 360_000);
}

test('row 3: Redis restarted empty mid-drain with filing on: every message back, every acknowledgement sent once', async () => {
  const t0 = Date.now();
  w = await startFaultWorld();
  await w.untilDueSent(0.4);
  const sentAtKill = w.dueSent();
  await w.redis.kill();
  w.redis.replaceAof(null);
  await w.redis.start();
  const found = await afterFault(w, '3 Redis restarted empty, filing on', t0, { extra: { sentAtKill } });
  expect(found).toEqual([]);
}, 360_000);
