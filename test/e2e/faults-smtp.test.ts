/**
 * Fault suite, SMTP outage (issue 12): mid-drain SMTP refuses connections for 40 s, then answers 421 at
 * MAIL FROM for 25 s, longer together than a reply job's whole backoff (2 s .. 32 s, 6 attempts), so
 * jobs run out of attempts. The long-running worker must send every acknowledgement once SMTP is back,
 * without a restart, and meanwhile the store must say why each waiting reply has not gone.
 */
import { runCli } from '../helpers/stack';
import { afterFault, startFaultWorld, type FaultWorld } from '../helpers/faults-world';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let w: FaultWorld | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

/** Due messages not yet acknowledged whose record shows no reason (reply none, or no detail). */
async function waitingWithoutReason(world: FaultWorld): Promise<{ waiting: number; noReason: number; sample: string[] }> {
  const out = await runCli(['messages', '--json'], { ...world.env, REDIS_URL: world.redis.url });
  const rows = JSON.parse(out.stdout) as { messageId: string | null; acknowledged: boolean; reply: string; replyDetail: string | null }[];
  const waiting = rows.filter((r) => r.messageId && world.due.has(r.messageId) && !r.acknowledged);
  const bare = waiting.filter((r) => r.reply === 'none' || !r.replyDetail);
  return { waiting: waiting.length, noReason: bare.length, sample: [...new Set(waiting.map((r) => `${r.reply}: ${r.replyDetail ?? ''}`))].slice(0, 3) };
}

test('row 6: SMTP down 40 s then 421 at MAIL FROM for 25 s: every acknowledgement sent without a restart, the reason shown meanwhile', async () => {
  const t0 = Date.now();
  w = await startFaultWorld({ smtpGate: true });
  await w.untilDueSent(0.25);
  await w.smtpGate!.set('refuse');
  // A reply the sink accepted as the gate cut its connection never got its 250: the worker cannot
  // know it went (no provider Sent copy here), so it may go again, as after a SIGKILL mid-send.
  // Those are the replies accepted without a sent-record a moment after the cut.
  await sleep(1000);
  const onWireAtCut = await w.onWire();
  const sentAtOutage = w.dueSent();
  await sleep(29_000);
  const whileDown = await waitingWithoutReason(w);
  await sleep(10_000);
  await w.smtpGate!.set('smtp421');
  await sleep(20_000);
  const while421 = await waitingWithoutReason(w);
  await sleep(5_000);
  const sentDuringOutage = w.dueSent() - sentAtOutage;
  await w.smtpGate!.set('pass');
  const found = await afterFault(w, '6 SMTP down 40 s, then 421 at MAIL FROM 25 s', t0, { allowDuplicates: onWireAtCut, extra: { onWireAtCut, sentAtOutage, sentDuringOutage, whileDown, while421 } });
  expect(found).toEqual([]);
  expect(sentDuringOutage).toBe(0);
  // While replies wait, the store (and so the review page) says why.
  expect(whileDown.waiting).toBeGreaterThan(0);
  expect([whileDown.noReason, while421.noReason]).toEqual([0, 0]);
}, 420_000);
