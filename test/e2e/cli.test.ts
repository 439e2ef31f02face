/**
 * The command-line contract (CONTRACT.md) on real servers: exit codes, the export formats, review
 * transitions with who did them, and the confirmation an approval sends in the original thread.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { runCli, startStack, type Stack } from '../helpers/stack';

const corpus = join(__dirname, '../fixtures/corpus');
const labels: { file: string; kind: string; endorsements: unknown[] }[] = JSON.parse(readFileSync(join(corpus, 'labels.json'), 'utf8'));
// Three single-signer endorsements and a question.
const picked = [...labels.filter((l) => l.kind === 'endorsement' && l.endorsements.length === 1).slice(0, 3), labels.find((l) => l.kind === 'question')!];

let stack: Stack;
let env: Record<string, string>;
type Item = { id: string; status: string; organisation: string | null; name: string | null; country: string | null; contactEmail: string; messageId: string };
let items: Item[];

beforeAll(async () => {
  stack = await startStack();
  env = stack.env();
  await stack.append(picked.map((l) => readFileSync(join(corpus, l.file))));
  expect((await runCli(['worker', '--once'], env)).code).toBe(0);
  items = JSON.parse((await runCli(['export', '--status', 'pending'], env)).stdout);
}, 120_000);
afterAll(() => stack?.stop());

test('bad configuration exits 2 naming the variable', async () => {
  const { IMAP_HOST: _h, ...rest } = env;
  const r = await runCli(['worker', '--once'], rest);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/IMAP_HOST is required/);
  const r2 = await runCli(['export'], { ...env, REDIS_URL: 'localhost' });
  expect(r2.code).toBe(2);
  expect(r2.stderr).toMatch(/REDIS_URL must start with redis:\/\//);
});

test('bad usage exits 2', async () => {
  expect((await runCli(['export', '--format', 'xml'], env)).code).toBe(2);
  expect((await runCli(['no-such-command'], env)).code).toBe(2);
  const r = await runCli(['review', 'approve', 'nope-0'], env);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/no endorsement with id nope-0/);
});

test('extract keeps going past unreadable files and says why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  writeFileSync(join(dir, 'junk.eml'), Buffer.from([0, 1, 2, 255, 254]));
  const good = join(corpus, picked[0]!.file);
  const r = await runCli(['extract', join(dir, 'junk.eml'), join(dir, 'missing.eml'), good], env);
  expect(r.code).toBe(1);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(lines.map((l) => l.file)).toEqual([join(dir, 'junk.eml'), join(dir, 'missing.eml'), good]);
  expect(lines[0]).toMatchObject({ kind: 'question', acknowledge: false });
  expect(lines[1]).toMatchObject({ kind: 'question', acknowledge: false, error: expect.stringMatching(/ENOENT/) });
  expect(lines[2]).toMatchObject({ kind: 'endorsement', acknowledge: true });
  const stdin = await runCli(['extract', '-'], env, readFileSync(good, 'latin1'));
  expect(JSON.parse(stdin.stdout)).toMatchObject({ file: '-', kind: 'endorsement' });
});

test('extract reads the appeal profile as the worker does: YAML works, a malformed one is bad configuration (exit 2)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  const good = join(corpus, picked[0]!.file);
  writeFileSync(join(dir, 'ok.yaml'), 'titles:\n  en: Stop the war\n  no: Stopp krigen\n');
  const ok = await runCli(['extract', good], { ...env, APPEAL_FILE: join(dir, 'ok.yaml') });
  expect(ok.code).toBe(0);
  expect(JSON.parse(ok.stdout)).toMatchObject({ kind: 'endorsement' });
  writeFileSync(join(dir, 'bad.yaml'), 'titles:\n  fr: ""\n');
  const bad = await runCli(['extract', good], { ...env, APPEAL_FILE: join(dir, 'bad.yaml') });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('titles.fr must not be empty');
  expect(bad.stdout).toBe('');
});

test('export: JSON fields, CSV header, HTML with public fields only', async () => {
  expect(items).toHaveLength(3);
  for (const f of ['id', 'status', 'signerType', 'organisation', 'name', 'country', 'website', 'contactName', 'contactEmail', 'messageId', 'receivedAt', 'duplicateOf']) {
    expect(items[0]).toHaveProperty(f);
  }
  const csv = (await runCli(['export', '--format', 'csv', '--status', 'all'], env)).stdout.trim().split(/\r?\n/);
  expect(csv[0]!.split(',').slice(0, 4)).toEqual(['id', 'status', 'signerType', 'organisation']);
  expect(csv).toHaveLength(4);
  const html = (await runCli(['export', '--format', 'html', '--status', 'pending'], env)).stdout;
  for (const i of items) expect(html).toContain((i.organisation ?? i.name)!.replace(/&/g, '&amp;').replace(/'/g, '&#39;'));
  expect(html).not.toContain('@');
});

test('review approve/reject move items, record who, and an approval sends one confirmation in the thread', async () => {
  const [a, b] = items;
  const ok = await runCli(['review', 'approve', a!.id, '--by', 'alice'], env);
  expect(ok.code).toBe(0);
  const rej = await runCli(['review', 'reject', b!.id, '--reason', 'not an organisation', '--by', 'bob'], env);
  expect(rej.code).toBe(0);
  const approved = JSON.parse((await runCli(['export'], env)).stdout) as Item[];
  expect(approved.map((i) => i.id)).toEqual([a!.id]);
  const rejected = JSON.parse((await runCli(['export', '--status', 'rejected'], env)).stdout) as Item[];
  expect(rejected.map((i) => i.id)).toEqual([b!.id]);
  // Illegal: approving a rejected item is refused with a reason, not silently done.
  expect((await runCli(['review', 'approve', b!.id], env)).code).not.toBe(0);

  const before = stack.smtp.messages.length;
  expect((await runCli(['worker', '--once'], env)).code).toBe(0);
  const sent = stack.smtp.messages.slice(before);
  expect(sent).toHaveLength(1);
  const p = await simpleParser(sent[0]!.raw);
  expect(sent[0]!.to).toEqual([a!.contactEmail]);
  expect(p.inReplyTo).toBe(a!.messageId);
  expect(p.headers.get('auto-submitted')).toBe('auto-replied');
  // Approving again and running again sends nothing more.
  await runCli(['review', 'approve', a!.id], env);
  await runCli(['worker', '--once'], env);
  expect(stack.smtp.messages.length).toBe(before + 1);
});

test('messages --json has the contract fields', async () => {
  const msgs = JSON.parse((await runCli(['messages', '--json'], env)).stdout);
  expect(msgs).toHaveLength(4);
  for (const f of ['messageId', 'kind', 'receivedAt', 'from', 'subject', 'acknowledged', 'folder']) expect(msgs[0]).toHaveProperty(f);
  expect(msgs.filter((m: { kind: string }) => m.kind === 'question')[0].folder).toBeNull();
});
