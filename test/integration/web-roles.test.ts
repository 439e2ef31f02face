/**
 * Roles against a real Redis: the first account is an admin, later ones organisers; only admins see
 * and open the account page and the job dashboard; an organiser keeps every review page; a role
 * change applies at once, the last admin cannot be demoted, and accounts from before roles stay admins.
 */
import { closeAll, login, world, type World } from './web-world';

afterAll(closeAll);

let w: World;
beforeAll(async () => {
  w = await world();
  await w.users.accounts.add('olga', 'olga passphrase 31');
  await w.users.accounts.add('petro', 'petro passphrase 32');
});

const get = (url: string, sid: string) => w.app.inject({ method: 'GET', url, cookies: { sid } });

test('the first account is an admin, the next an organiser; --role overrides', async () => {
  expect(await w.users.accounts.role('olga')).toBe('admin');
  expect(await w.users.accounts.role('petro')).toBe('organiser');
  expect((await w.users.accounts.add('quinn', 'quinn passphrase 33', 'admin')).role).toBe('admin');
  expect(await w.users.accounts.role('nobody')).toBeNull();
});

test('an organiser reviews but cannot open the accounts or the job dashboard, and is not offered them', async () => {
  const l = await login(w, 'petro', 'petro passphrase 32');
  const queue = await get('/', l.cookie);
  expect(queue.statusCode).toBe(200);
  expect(queue.body).not.toContain('/admin/queues');
  expect(queue.body).not.toContain('/admin/users');
  for (const url of ['/admin/users', '/admin/queues', '/admin/queues/api/queues']) {
    const res = await get(url, l.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Only an admin');
  }
  const role = await w.app.inject({ method: 'POST', url: '/admin/users/petro/role', cookies: { sid: l.cookie }, payload: { _csrf: l.csrf, role: 'admin' } });
  expect(role.statusCode).toBe(403);
  expect(await w.users.accounts.role('petro')).toBe('organiser');
});

test('an admin sees the links, lists accounts, and changes a role that applies at once', async () => {
  const admin = await login(w, 'olga', 'olga passphrase 31');
  const queue = await get('/', admin.cookie);
  expect(queue.body).toContain('href="/admin/users"');
  expect(queue.body).toContain('Jobs (developers)');
  const page = await get('/admin/users', admin.cookie);
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('petro');

  const organiser = await login(w, 'petro', 'petro passphrase 32');
  expect((await get('/admin/users', organiser.cookie)).statusCode).toBe(403);
  const res = await w.app.inject({ method: 'POST', url: '/admin/users/petro/role', cookies: { sid: admin.cookie }, payload: { _csrf: admin.csrf, role: 'admin' } });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/admin/users?done=role');
  // The same session, without logging in again.
  expect((await get('/admin/users', organiser.cookie)).statusCode).toBe(200);
  await w.users.accounts.setRole('petro', 'organiser');
  expect((await get('/admin/users', organiser.cookie)).statusCode).toBe(403);
});

test('an admin revokes an account from the page: its session ends', async () => {
  await w.users.accounts.add('rita', 'rita passphrase 34');
  const rita = await login(w, 'rita', 'rita passphrase 34');
  const admin = await login(w, 'olga', 'olga passphrase 31');
  const res = await w.app.inject({ method: 'POST', url: '/admin/users/rita/revoke', cookies: { sid: admin.cookie }, payload: { _csrf: admin.csrf } });
  expect(res.statusCode).toBe(303);
  expect((await get('/', rita.cookie)).statusCode).toBe(303);
});

test('the last admin who can log in cannot be made an organiser', async () => {
  const r = await world();
  await r.users.accounts.add('solo', 'solo passphrase 35');
  await expect(r.users.accounts.setRole('solo', 'organiser')).rejects.toThrow(/only admin/);
  await r.users.accounts.add('tara', 'tara passphrase 36', 'admin');
  await r.users.accounts.setRole('solo', 'organiser');
  expect(await r.users.accounts.role('solo')).toBe('organiser');
});

test('an account stored before roles existed is an admin, as it had every power', async () => {
  const r = await world();
  await r.redis.hset(`${r.prefix}:web:user:legacy`, 'name', 'legacy', 'hash', 'x');
  expect(await r.users.accounts.role('legacy')).toBe('admin');
});

test('an API token carries its account\'s role: organisers get 403 on admin routes', async () => {
  const token = await w.users.accounts.createToken('petro');
  const res = await w.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode).toBe(403);
  const ok = await w.app.inject({ method: 'GET', url: '/api/endorsements', headers: { authorization: `Bearer ${token}` } });
  expect(ok.statusCode).toBe(200);
});
