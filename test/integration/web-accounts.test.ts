/**
 * Organiser accounts against a real Redis, through the app: weak passwords are refused when set,
 * `revoke` ends every session and API token of an account at once (older sessions too) and locks it
 * until a new password, `list` tells the state, and a failed login logs neither the password nor
 * what was typed into the user field.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { closeAll, cookiesOf, csrfIn, login, world, type World } from './web-world';

afterAll(closeAll);

let w: World;
beforeAll(async () => {
  w = await world();
});

const page = (sid: string) => w.app.inject({ method: 'GET', url: '/', cookies: { sid } });
const api = (token: string) => w.app.inject({ method: 'GET', url: '/api/messages', headers: { authorization: `Bearer ${token}` } });

describe('password rules when an account is created', () => {
  test.each([
    ['a'.repeat(10), /at least 12/], ['a'.repeat(12), /different/], ['erin.example', /user name/], ['Erin.Example2026', /user name/],
    ['Password1234!', /too common/], ['123456789012', /run of keys/],
  ])('%j is refused with a reason, and no account is made', async (password, why) => {
    await expect(w.users.accounts.add('erin.example', password)).rejects.toThrow(why);
    expect(await w.users.accounts.exists('erin.example')).toBe(false);
  });

  test('a passphrase is accepted', async () => {
    expect(await w.users.accounts.add('erin.example', 'tram Lviv 7 sunflower')).toMatchObject({ created: true });
  });
});

describe('revoke', () => {
  test('ends every session and API token of the account, and only of that account', async () => {
    const one = await login(w, 'frank', 'frank passphrase 9');
    const two = await login(w, 'frank', 'frank passphrase 9');
    const tokens = [await w.users.accounts.createToken('frank'), await w.users.accounts.createToken('frank')];
    const other = await login(w, 'grace', 'grace passphrase 8');
    const otherToken = await w.users.accounts.createToken('grace');
    for (const l of [one, two]) expect((await page(l.cookie)).statusCode).toBe(200);
    for (const t of tokens) expect((await api(t)).statusCode).toBe(200);

    expect(await w.users.accounts.revoke('frank')).toEqual({ sessions: 2, tokens: 2 });

    for (const l of [one, two]) {
      const res = await page(l.cookie);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toMatch(/^\/login/);
    }
    for (const t of tokens) expect((await api(t)).statusCode).toBe(401);
    expect((await page(other.cookie)).statusCode).toBe(200);
    expect((await api(otherToken)).statusCode).toBe(200);
    // Nothing of frank's is left in Redis to be reused.
    const left = await Promise.all(['session', 'token'].map((kind) => w.redis.keys(`${w.prefix}:web:${kind}:*`)));
    expect(left.flat().length).toBe(2);
  });

  test('locks the password until `add` sets a new one', async () => {
    const form = await w.app.inject({ method: 'GET', url: '/login' });
    const post = (password: string) => w.app.inject({
      method: 'POST', url: '/login', cookies: { login_csrf: cookiesOf(form).login_csrf! },
      payload: { _csrf: csrfIn(form.body), user: 'frank', password },
    });
    expect((await post('frank passphrase 9')).statusCode).toBe(401);
    expect(await w.users.accounts.add('frank', 'frank new passphrase 10')).toMatchObject({ created: false });
    expect((await post('frank new passphrase 10')).statusCode).toBe(303);
    const token = await w.users.accounts.createToken('frank');
    expect((await api(token)).statusCode).toBe(200);
  });

  test('ends a session started before sessions were indexed (an older version wrote it)', async () => {
    await w.users.accounts.add('heidi', 'heidi passphrase 7');
    const id = 'H'.repeat(43);
    const { createHash } = await import('node:crypto');
    const key = `${w.prefix}:web:session:${createHash('sha256').update(id).digest('hex')}`;
    await w.redis.set(key, JSON.stringify({ user: 'heidi', csrf: 'c'.repeat(43), createdAt: new Date().toISOString() }), 'EX', 3600);
    expect((await page(id)).statusCode).toBe(200);
    await w.users.accounts.revoke('heidi');
    expect((await page(id)).statusCode).toBe(303);
  });

  test('an unknown account is an error naming it', async () => {
    await expect(w.users.accounts.revoke('nobody')).rejects.toThrow(/no user "nobody"/);
  });
});

describe('list', () => {
  test('shows each account with its role, open sessions, tokens and whether it is locked', async () => {
    const r = await world();
    await login(r, 'ivan', 'ivan passphrase 55');
    await r.users.accounts.createToken('ivan');
    await r.users.accounts.add('judy', 'judy passphrase 66');
    await r.users.accounts.revoke('judy');
    const list = await r.users.accounts.list();
    expect(list.map(({ createdAt, revokedAt, ...rest }) => ({ ...rest, created: Boolean(createdAt), revoked: Boolean(revokedAt) }))).toEqual([
      { name: 'ivan', role: 'admin', sessions: 1, tokens: 1, locked: false, created: true, revoked: false },
      { name: 'judy', role: 'organiser', sessions: 0, tokens: 0, locked: true, created: true, revoked: true },
    ]);
  });
});

describe('logs', () => {
  test('a failed login logs neither the password nor what was typed into the user field', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const logged = await world({ log: pino({ level: 'trace' }, sink) });
    await logged.users.accounts.add('kate', 'kate passphrase 77');
    const secret = 'Hunter2-Correct-Staple-91';
    const form = await logged.app.inject({ method: 'GET', url: '/login' });
    const post = (user: string, password: string) => logged.app.inject({
      method: 'POST', url: '/login', cookies: { login_csrf: cookiesOf(form).login_csrf! },
      payload: { _csrf: csrfIn(form.body), user, password },
    });
    // The password typed into the user field, then the right user with a near miss.
    expect((await post(secret, 'x')).statusCode).toBe(401);
    expect((await post('kate', secret)).statusCode).toBe(401);
    const log = lines.join('');
    expect(log).toContain('failed login');
    expect(log).not.toContain(secret);
    expect(log).not.toContain(secret.toLowerCase());
    expect(log).not.toContain(encodeURIComponent(secret));
    const failed = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'failed login');
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({ userLength: secret.length, userTag: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(failed[0].user).toBeUndefined();
    // An existing account's name is no secret: it says who is being guessed at.
    expect(failed[1]).toMatchObject({ user: 'kate' });
  });
});
