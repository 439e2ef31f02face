/**
 * `endorse worker --once` tells cron when replies could not be sent: with SMTP unreachable it exits 1
 * naming the count and the reason, after the replies' retries; the next run, with SMTP back, sends
 * them and exits 0. Needs `npm run build` first.
 */
import { existsSync } from 'node:fs';
import { generateMail } from '../helpers/generate';
import { freePort } from '../helpers/ports';
import { cliPath, runCli, startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  if (!existsSync(cliPath())) throw new Error(`${cliPath()} is missing: run npm run build first`);
  stack = await startStack();
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

test('SMTP down: exit 1 with the reason; SMTP back: the next run sends the reply and exits 0', async () => {
  const now = new Date();
  const mail = generateMail(12, { seed: 3 }).find((m) => m.intended === 'endorsement')!;
  await stack.append([Buffer.from(mail.raw.toString('utf8').replace(/^Date: .*$/m, `Date: ${now.toUTCString()}`), 'utf8')], { dates: [now] });
  const common = { REPLY_REQUIRE_AUTH: 'none', INTAKE_START: 'all', WORKER_THREADS: '0' };

  const down = await runCli(['worker', '--once'], stack.env({ ...common, SMTP_PORT: String(await freePort()) }));
  expect(down.code).toBe(1);
  expect(down.stderr).toMatch(/endorse: 1 reply could not be sent \(.*ECONNREFUSED/);
  expect(stack.smtp.messages).toHaveLength(0);

  const back = await runCli(['worker', '--once'], stack.env(common));
  expect(back.code).toBe(0);
  expect(stack.smtp.messages.map((m) => m.to)).toEqual([[mail.from]]);
}, 240_000);
