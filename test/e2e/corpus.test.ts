/**
 * End to end on real servers: the 60 dev-corpus messages go into Dovecot, `endorse worker --once`
 * takes them in, and we check the messages, the review items, the filing, and the acknowledgements
 * (headers, recipients, never to machine mail), then that a second run sends and adds nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { normaliseMessageId, rawMessageId } from '../../src/mail/key';
import { runCli, startStack, type Stack } from '../helpers/stack';

const dir = join(__dirname, '../fixtures/corpus');
const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
const labels: { file: string; kind: string }[] = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'));
const machine = new Set(['auto_reply', 'bounce', 'bulk', 'spam']);

let stack: Stack;
let env: Record<string, string>;
let messages: Array<{ messageId: string | null; kind: string; acknowledged: boolean; folder: string | null; from: string | null }>;

beforeAll(async () => {
  stack = await startStack();
  env = stack.env();
  await stack.append(files.map((f) => readFileSync(join(dir, f))));
  const run = await runCli(['worker', '--once'], env);
  expect(run.stderr).not.toMatch(/"level":(50|60)/);
  expect(run.code).toBe(0);
  const out = await runCli(['messages', '--json'], env);
  expect(out.code).toBe(0);
  messages = JSON.parse(out.stdout);
}, 120_000);
afterAll(() => stack?.stop());

test('every message is taken in exactly once', () => {
  const expected = files.map((f) => `<${rawMessageId(readFileSync(join(dir, f)))}>`);
  expect(messages).toHaveLength(files.length);
  expect(messages.map((m) => `<${normaliseMessageId(m.messageId)}>`).sort()).toEqual([...expected].sort());
});

test('the store agrees with `endorse extract` on kind and signers for every message', async () => {
  const ex = await runCli(['extract', '--json', ...files.map((f) => join(dir, f))], env);
  expect(ex.code).toBe(0);
  const lines = ex.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const byId = new Map(messages.map((m) => [m.messageId, m]));
  const items = JSON.parse((await runCli(['export', '--status', 'all'], env)).stdout) as Array<{ messageId: string; organisation: string | null; name: string | null; status: string }>;
  for (const line of lines) {
    expect(byId.get(line.messageId)?.kind).toBe(line.kind);
    const mine = items.filter((i) => i.messageId === line.messageId).map((i) => i.organisation ?? i.name).sort();
    expect(mine).toEqual(line.endorsements.map((e: { organisation: string | null; name: string | null }) => e.organisation ?? e.name).sort());
  }
  expect(items.every((i) => i.status === 'pending')).toBe(true);
});

test('no acknowledgement goes to machine mail, and each one sent is well-formed and threaded', async () => {
  const labelOf = new Map(files.map((f) => [rawMessageId(readFileSync(join(dir, f))), labels.find((l) => l.file === f)!.kind]));
  const acked = messages.filter((m) => m.acknowledged);
  expect(acked.length).toBeGreaterThan(0);
  for (const m of acked) expect(machine.has(labelOf.get(normaliseMessageId(m.messageId))!)).toBe(false);
  expect(stack.smtp.messages).toHaveLength(acked.length);
  const ackedIds = new Set(acked.map((m) => m.messageId));
  for (const sent of stack.smtp.messages) {
    const p = await simpleParser(sent.raw);
    expect(p.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ackedIds.has(String(p.inReplyTo))).toBe(true);
    expect([p.references].flat()).toContain(p.inReplyTo);
    expect(p.headers.get('content-language')).toMatch(/^[a-z]{2}$/);
    expect(p.subject).toMatch(/^Re: /);
    const original = files.map((f) => readFileSync(join(dir, f))).find((r) => rawMessageId(r) === normaliseMessageId(String(p.inReplyTo)))!;
    const o = await simpleParser(original);
    const replyTo = (o.replyTo?.value[0] ?? o.from?.value[0])!.address!.toLowerCase();
    expect(sent.to).toEqual([replyTo]);
  }
});

test('messages are filed by kind; questions stay in the inbox; nothing is deleted', async () => {
  const c = await stack.imap();
  try {
    const count = async (folder: string): Promise<number> => {
      const st = await c.status(folder, { messages: true });
      return st ? (st.messages ?? 0) : 0;
    };
    const expectIn = (folder: string | null) => messages.filter((m) => m.folder === folder).length;
    const kinds = (ks: string[]) => messages.filter((m) => ks.includes(m.kind)).length;
    expect(await count('Endorsements')).toBe(kinds(['endorsement', 'withdrawal']));
    expect(await count('Automated')).toBe(kinds(['auto_reply', 'bounce', 'bulk']));
    expect(await count('Junk')).toBe(kinds(['spam']));
    expect(await count('INBOX')).toBe(kinds(['question']));
    expect(expectIn('Endorsements')).toBe(kinds(['endorsement', 'withdrawal']));
    const total = (await Promise.all(['INBOX', 'Endorsements', 'Automated', 'Junk'].map(count))).reduce((a, b) => a + b, 0);
    expect(total).toBe(files.length);
  } finally {
    await c.logout();
  }
});

test('a second run sends nothing and adds nothing', async () => {
  const sentBefore = stack.smtp.messages.length;
  const run = await runCli(['worker', '--once'], env);
  expect(run.code).toBe(0);
  expect(stack.smtp.messages).toHaveLength(sentBefore);
  const again = JSON.parse((await runCli(['messages', '--json'], env)).stdout);
  expect(again).toHaveLength(files.length);
});
