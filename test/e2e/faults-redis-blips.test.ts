/**
 * Fault suite, Redis blips (issue 12): Redis unreachable for a few seconds with its data intact, and
 * Redis at maxmemory until raised. The long-running worker must ride through both without a restart:
 * nothing lost, nothing sent twice beyond what was on the wire when the fault began.
 */
import { nextAccept } from '../helpers/faults';
import { afterFault, startFaultWorld, type FaultWorld } from '../helpers/faults-world';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let w: FaultWorld | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

test('row 4: Redis unreachable for 3 s, three times mid-drain right after SMTP accepted a reply (AOF intact): no duplicate, nothing lost', async () => {
  const t0 = Date.now();
  w = await startFaultWorld({ redisGate: true });
  const cuts: number[] = [];
  for (const fraction of [0.2, 0.45, 0.7]) {
    await w.untilDueSent(fraction);
    // The worst moment: SMTP has just accepted a reply and the worker has yet to record it.
    await nextAccept(w.stack.smtp);
    cuts.push(w.dueSent());
    await w.redisGate!.set('refuse');
    await sleep(3000);
    await w.redisGate!.set('pass');
  }
  const found = await afterFault(w, '4 Redis unreachable 3 x 3 s', t0, { extra: { sentAtCuts: cuts } });
  expect(found).toEqual([]);
}, 360_000);

test('row 5: Redis at maxmemory for 25 s mid-drain: everything taken in and sent without a restart', async () => {
  const t0 = Date.now();
  w = await startFaultWorld();
  await w.untilDueSent(0.3);
  const info = await w.admin.info('memory');
  const used = Number(/used_memory:(\d+)/.exec(info)![1]);
  await w.admin.config('SET', 'maxmemory', String(used + 256 * 1024));
  const onWire = await w.onWire();
  const sentAtLimit = w.dueSent();
  await sleep(25_000);
  const sentWhileFull = w.dueSent() - sentAtLimit;
  await w.admin.config('SET', 'maxmemory', '0');
  const oomSeen = /OOM/.test(w.worker.log);
  const found = await afterFault(w, '5 Redis at maxmemory for 25 s', t0, { allowDuplicates: onWire, extra: { sentAtLimit, sentWhileFull, oomSeen } });
  expect(found).toEqual([]);
  // The limit must really have refused writes, or the row proved nothing.
  expect(oomSeen).toBe(true);
}, 360_000);
