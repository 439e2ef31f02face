/** The shared access-token cache: reuse until the margin before expiry, one fetch for concurrent callers, invalidation. */
import { createTokenCache } from '../../src/mailbox/oauth/token-cache';

function fakeEndpoint(lifetimeMs: number) {
  let clock = 1_000_000;
  let n = 0;
  const calls: number[] = [];
  const fetchToken = async () => {
    calls.push(clock);
    n += 1;
    await new Promise((r) => setImmediate(r));
    return { accessToken: `t${n}`, expiresAt: clock + lifetimeMs };
  };
  return { fetchToken, calls, now: () => clock, advance: (ms: number) => { clock += ms; } };
}

test('a token is reused until the margin before its expiry, then renewed', async () => {
  const e = fakeEndpoint(3_600_000);
  const cache = createTokenCache({ user: 'u', fetchToken: e.fetchToken, now: e.now, marginMs: 60_000 });
  expect(cache.expiresAt()).toBeNull();
  expect(await cache.token()).toBe('t1');
  e.advance(3_600_000 - 60_001);
  expect(await cache.token()).toBe('t1');
  e.advance(2);
  expect(await cache.token()).toBe('t2');
  expect(e.calls).toHaveLength(2);
  expect(cache.expiresAt()).toBe(e.now() + 3_600_000);
});

test('concurrent callers share one request', async () => {
  const e = fakeEndpoint(3_600_000);
  const cache = createTokenCache({ user: 'u', fetchToken: e.fetchToken, now: e.now });
  expect(await Promise.all([cache.token(), cache.token(), cache.token()])).toEqual(['t1', 't1', 't1']);
  expect(e.calls).toHaveLength(1);
});

test('invalidate(refused) drops only the token that was refused', async () => {
  const e = fakeEndpoint(3_600_000);
  const cache = createTokenCache({ user: 'u', fetchToken: e.fetchToken, now: e.now });
  const first = await cache.token();
  cache.invalidate(first);
  const second = await cache.token();
  expect(second).toBe('t2');
  // A second connection that failed with the same old token must not throw away the new one.
  cache.invalidate(first);
  expect(await cache.token()).toBe('t2');
  cache.invalidate();
  expect(await cache.token()).toBe('t3');
});

test('a failed fetch is not cached: the next call asks again', async () => {
  let fail = true;
  const cache = createTokenCache({
    user: 'u',
    fetchToken: async () => {
      if (fail) throw new Error('token endpoint down');
      return { accessToken: 'ok', expiresAt: Date.now() + 3_600_000 };
    },
  });
  await expect(cache.token()).rejects.toThrow('token endpoint down');
  fail = false;
  expect(await cache.token()).toBe('ok');
});
