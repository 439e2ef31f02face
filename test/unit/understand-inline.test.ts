import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const dist = join(__dirname, '../../dist/src/jobs');

/** The modules a fresh Node process holds after running `code` against the built jobs folder. */
function loadedAfter(code: string): string[] {
  const out = execFileSync(process.execPath, ['-e', `${code}; console.log(JSON.stringify(Object.keys(require.cache)))`], { cwd: dist, encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

const core = (files: string[]) => files.filter((f) => /node_modules\/mailparser\/|\/dist\/src\/mail\/analyze\.js$/.test(f));

test('the intake and the thread pool do not load the understanding core until a message is understood inline', () => {
  expect(core(loadedAfter("require('./understand-pool'); require('./intake')"))).toEqual([]);
});

test('the first inline understanding loads it, and understands the message', () => {
  const out = execFileSync(process.execPath, ['-e', `
    const { understandInline } = require('./understand-inline');
    const at = { key: 'k', mailbox: 'INBOX', uidValidity: '1', uid: 1, size: 60, receivedAt: '2026-12-01T10:00:00Z', oversized: false };
    const opts = { context: { ownDomains: [], ownAddresses: [] }, folders: {}, filing: false, maxMessageBytes: 1e6 };
    understandInline(Buffer.from('From: a@example.org\\r\\nSubject: Hello\\r\\n\\r\\nHello\\r\\n'), at, opts)
      .then((u) => console.log(JSON.stringify({ subject: u.record.subject, files: Object.keys(require.cache) })));
  `], { cwd: dist, encoding: 'utf8' });
  const { subject, files } = JSON.parse(out) as { subject: string; files: string[] };
  expect(subject).toBe('Hello');
  expect(files.some((f) => f.endsWith('/dist/src/mail/analyze.js'))).toBe(true);
  expect(files.some((f) => f.includes('node_modules/mailparser/'))).toBe(true);
});

test('the warm-up loads the core and understands its sample without counting it in the stage durations', () => {
  const out = execFileSync(process.execPath, ['-e', `
    const { warmInline } = require('./understand-inline');
    const { processRegistry } = require('../metrics/timers');
    const { analysisContext } = require('../container');
    const { loadConfig } = require('../config');
    const context = analysisContext(loadConfig({ IMAP_HOST: '127.0.0.1', IMAP_USER: 'u', IMAP_PASSWORD: 'p', SMTP_HOST: '127.0.0.1',
      FROM_ADDRESS: 'info@example.org', REDIS_URL: 'redis://127.0.0.1:6379', APPEAL_TITLE: 'Peace for Ukraine' }));
    warmInline(context).then(async () => {
      const counted = (await processRegistry.getMetricsAsJSON()).flatMap((m) => m.values).filter((v) => v.metricName?.endsWith('_count') && v.value > 0);
      console.log(JSON.stringify({ counted, analyze: Object.keys(require.cache).some((f) => f.endsWith('/dist/src/mail/analyze.js')) }));
    });
  `], { cwd: dist, encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual({ counted: [], analyze: true });
});
