/**
 * The long-running worker: new mail arrives while it IDLEs (the poll is set far away, so IDLE must
 * deliver it), gets acknowledged, and SIGTERM ends the process cleanly with exit code 0.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnCli, startStack, type Stack } from '../helpers/stack';
import { waitFor } from '../helpers/ports';

const corpus = join(__dirname, '../fixtures/corpus');
const labels: { file: string; kind: string }[] = JSON.parse(readFileSync(join(corpus, 'labels.json'), 'utf8'));
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 60_000);
afterAll(() => stack?.stop());

test('IDLE picks up new mail, it is acknowledged, and SIGTERM exits 0', async () => {
  const child = spawnCli(['worker'], stack.env({ POLL_SECONDS: '600', LOG_LEVEL: 'info' }));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    await waitFor('the watcher to start', async () => stderr.includes('"msg":"watching"'), 15_000);
    const endorsement = readFileSync(join(corpus, labels.find((l) => l.kind === 'endorsement')!.file));
    await stack.append([endorsement]);
    await waitFor('the acknowledgement', async () => stack.smtp.messages.length === 1, 15_000);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
}, 60_000);
