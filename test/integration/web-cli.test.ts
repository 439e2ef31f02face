/**
 * `endorse users add|token|list|revoke` and `endorse web` as an organiser runs them, on real servers: the
 * password from standard input, the token printed once, the page served on WEB_HOST:WEB_PORT, the
 * API giving the very JSON of `endorse export --format json` and `endorse messages --json`, and a
 * clean exit on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitFor } from '../helpers/ports';
import { runCli, spawnCli, startStack, type Stack } from '../helpers/stack';

const corpus = join(__dirname, '../fixtures/corpus');
const labels: { file: string; kind: string }[] = JSON.parse(readFileSync(join(corpus, 'labels.json'), 'utf8'));
const picked = [...labels.filter((l) => l.kind === 'endorsement').slice(0, 3), labels.find((l) => l.kind === 'auto_reply')!];

let stack: Stack;
let env: Record<string, string>;
let base: string;

beforeAll(async () => {
  stack = await startStack();
  const port = await freePort();
  env = stack.env({ WEB_HOST: '127.0.0.1', WEB_PORT: String(port), REPLIES: 'false' });
  base = `http://127.0.0.1:${port}`;
  await stack.append(picked.map((l) => readFileSync(join(corpus, l.file))));
  expect((await runCli(['worker', '--once'], env)).code).toBe(0);
}, 120_000);
afterAll(() => stack?.stop());

test('users add reads the password from standard input; a short, common or name-like one, or a bad name, exits 2 saying why', async () => {
  const ok = await runCli(['users', 'add', 'alice'], env, 'alice password 1\n');
  expect(ok.code).toBe(0);
  // The first account is the admin: someone must be able to manage the others.
  expect(ok.stderr).toContain('alice: account created (admin)');
  const short = await runCli(['users', 'add', 'bob'], env, 'short\n');
  expect(short.code).toBe(2);
  expect(short.stderr).toMatch(/at least 12 characters/);
  const ten = await runCli(['users', 'add', 'bob'], env, 'aaaaaaaaaa\n');
  expect(ten.code).toBe(2);
  const common = await runCli(['users', 'add', 'bob'], env, 'Password1234!\n');
  expect(common.code).toBe(2);
  expect(common.stderr).toMatch(/endorse: the password is too common/);
  const asName = await runCli(['users', 'add', 'bob.builder'], env, 'bob.builder2026\n');
  expect(asName.code).toBe(2);
  expect(asName.stderr).toMatch(/must not be the user name/);
  const badName = await runCli(['users', 'add', 'a b'], env, 'long enough password\n');
  expect(badName.code).toBe(2);
});

test('users token prints a token only for an existing user; `web` serves the API with it and stops on SIGTERM', async () => {
  expect((await runCli(['users', 'token', 'nobody'], env)).code).toBe(2);
  const t = await runCli(['users', 'token', 'alice'], env);
  expect(t.code).toBe(0);
  const token = t.stdout.trim();
  expect(token).toMatch(/^et_[A-Za-z0-9_-]{43}$/);

  const web = spawnCli(['web'], env);
  const exited = new Promise<number | null>((resolve) => web.on('exit', (code) => resolve(code)));
  try {
    await waitFor('endorse web', async () => (await fetch(`${base}/healthz`)).ok);
    const headers = { authorization: `Bearer ${token}` };
    expect((await fetch(`${base}/api/endorsements`)).status).toBe(401);

    const cliItems = JSON.parse((await runCli(['export', '--format', 'json', '--status', 'all'], env)).stdout);
    expect(cliItems.length).toBeGreaterThanOrEqual(3);
    expect(await (await fetch(`${base}/api/endorsements?status=all`, { headers })).json()).toEqual(cliItems);
    const cliMessages = JSON.parse((await runCli(['messages', '--json'], env)).stdout);
    expect(cliMessages).toHaveLength(picked.length);
    expect(await (await fetch(`${base}/api/messages`, { headers })).json()).toEqual(cliMessages);

    // An approval through the API shows in `endorse export` (default: approved).
    const id = cliItems[0].id as string;
    const res = await fetch(`${base}/api/endorsements/${id}/approve`, { method: 'POST', headers });
    expect(res.status).toBe(200);
    const approved = JSON.parse((await runCli(['export'], env)).stdout);
    expect(approved.map((i: { id: string }) => i.id)).toEqual([id]);
  } finally {
    web.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
}, 60_000);

test('users list shows the accounts; users revoke ends the token and locks the account; both exit 2 on an unknown name', async () => {
  expect((await runCli(['users', 'add', 'carol'], env, 'carol passphrase 42\n')).code).toBe(0);
  const token = (await runCli(['users', 'token', 'carol'], env)).stdout.trim();
  const list = await runCli(['users', 'list'], env);
  expect(list.code).toBe(0);
  expect(list.stdout.split('\n')[0]).toMatch(/^name\s+role\s+created\s+sessions\s+tokens\s+state$/);
  expect(list.stdout).toMatch(/^carol\s+organiser\s+\d{4}-\d\d-\d\d\s+0\s+1\s+active$/m);

  const revoke = await runCli(['users', 'revoke', 'carol'], env);
  expect(revoke.code).toBe(0);
  expect(revoke.stderr).toMatch(/carol: revoked: 0 session\(s\) and 1 API token\(s\) ended/);
  const json = JSON.parse((await runCli(['users', 'list', '--json'], env)).stdout);
  expect(json.find((a: { name: string }) => a.name === 'carol')).toMatchObject({ role: 'organiser', tokens: 0, sessions: 0, locked: true });

  const web = spawnCli(['web'], env);
  const exited = new Promise<number | null>((resolve) => web.on('exit', (code) => resolve(code)));
  try {
    await waitFor('endorse web', async () => (await fetch(`${base}/healthz`)).ok);
    expect((await fetch(`${base}/api/messages`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  } finally {
    web.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect((await runCli(['users', 'revoke', 'nobody'], env)).code).toBe(2);
}, 60_000);

test('users add --role and users role set the role; the last admin stays; an unknown name or role exits 2', async () => {
  expect((await runCli(['users', 'add', 'dmytro', '--role', 'admin'], env, 'dmytro passphrase 43\n')).stderr).toContain('dmytro: account created (admin)');
  expect((await runCli(['users', 'add', 'erik'], env, 'erik passphrase 44\n')).stderr).toContain('erik: account created (organiser)');
  const promote = await runCli(['users', 'role', 'erik', 'admin'], env);
  expect(promote.code).toBe(0);
  expect(promote.stderr).toContain('erik: now an admin');
  expect((await runCli(['users', 'list'], env)).stdout).toMatch(/^erik\s+admin\s/m);
  expect((await runCli(['users', 'role', 'nobody', 'admin'], env)).code).toBe(2);
  expect((await runCli(['users', 'role', 'erik', 'boss'], env)).code).toBe(2);
});
