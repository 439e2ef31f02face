/**
 * /healthz's decision and the banner's words: intake cannot run when Redis is down or IMAP is not
 * ok; SMTP is shown but never makes the service unhealthy; the banner is escaped and sits under the
 * page header.
 */
import { alerts, describeStatus, healthFrom } from '../../src/status/health';
import type { ConnectionStatus } from '../../src/status/store';
import { withAlerts } from '../../src/web/views/layout';

const status = (s: Partial<ConnectionStatus>): ConnectionStatus => ({
  state: 'ok', since: '2026-12-06T10:02:31.000Z', updatedAt: '2026-12-06T10:40:00.000Z', error: null, nextRetry: null, attempts: 0, stopped: false, ...s,
});

describe('healthFrom', () => {
  test('Redis down: unhealthy, naming redis, whatever else was stored', () => {
    expect(healthFrom({ imap: status({}) }, 'connect ECONNREFUSED 127.0.0.1:6379')).toEqual({
      ok: false, failing: ['redis'], connections: { redis: { state: 'unreachable', error: 'connect ECONNREFUSED 127.0.0.1:6379' } },
    });
  });
  test('IMAP refused or unreachable: unhealthy, naming imap; SMTP failing alone: healthy', () => {
    const imap = status({ state: 'auth_failed', error: 'login refused' });
    expect(healthFrom({ imap, smtp: status({}) }, null)).toMatchObject({ ok: false, failing: ['imap'] });
    expect(healthFrom({ imap: status({ state: 'unreachable' }) }, null)).toMatchObject({ ok: false, failing: ['imap'] });
    expect(healthFrom({ imap: status({}), smtp: status({ state: 'auth_failed' }) }, null)).toMatchObject({ ok: true, failing: [] });
    expect(healthFrom({}, null)).toEqual({ ok: true, failing: [], connections: {} });
  });
});

describe('describeStatus and alerts', () => {
  test('a refused login that is retried, and one the watcher gave up on', () => {
    const retrying = status({ state: 'auth_failed', error: 'login refused by mail.example.org:993: the server says "[AUTHENTICATIONFAILED] Invalid credentials"', nextRetry: '2026-12-06T10:34:05.000Z', attempts: 2 });
    expect(describeStatus('imap', retrying)).toBe('IMAP login failed since 10:02 UTC: login refused by mail.example.org:993: the server says "[AUTHENTICATIONFAILED] Invalid credentials"; next try 10:34 UTC');
    const stopped = status({ state: 'auth_failed', error: 'login refused', attempts: 5, stopped: true, nextRetry: null });
    expect(describeStatus('imap', stopped)).toBe('IMAP login failed since 10:02 UTC: login refused; gave up after 5 tries: fix it, then restart the worker');
    expect(describeStatus('smtp', status({}))).toBeNull();
  });
  test('alerts lists Redis, then IMAP, then SMTP, only the broken ones', () => {
    const lines = alerts({ ok: false, failing: ['imap'], connections: { smtp: status({ state: 'tls_error', error: 'bad cert' }), imap: status({ state: 'unreachable', error: 'nothing listens' }) } });
    expect(lines).toEqual(['IMAP server unreachable since 10:02 UTC: nothing listens', 'SMTP TLS failed since 10:02 UTC: bad cert']);
  });
});

describe('withAlerts', () => {
  const page = '<!doctype html>\n<body>\n<header class="top">x</header>\n<main>\nbody\n</main>\n</body>';
  test('puts an escaped banner right under the header, and leaves a page alone when all is well', () => {
    const out = withAlerts(page, ['IMAP login failed: the server says "<b>no</b>"']);
    expect(out).toContain('</header>\n<div class="alert" role="alert"><p>IMAP login failed: the server says &#34;&#60;b&#62;no&#60;/b&#62;&#34;</p></div>\n<main>');
    expect(withAlerts(page, [])).toBe(page);
  });
});
