/**
 * What the Sent-folder copies of replies cost, through the adapter the worker uses
 * (src/replies/sent-folder.ts) against a private Dovecot: N copies appended one after another (each
 * waits for the last: one APPEND each), then N asked for at once (appended together, in MULTIAPPENDs
 * of up to 32). Prints wall time, this process's CPU and Dovecot's (its processes' CPU from /proc,
 * Linux only) for each.
 * Usage: node dist/scripts/bench-sent-copies.js [--copies 1500]
 */
import { readFileSync } from 'node:fs';
import { createSentFolder } from '../src/replies/sent-folder';
import { startDovecot, type DovecotServer } from '../test/helpers/dovecot';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

/** CPU seconds of a process and of its children it has waited for (Dovecot's connection processes end at logout). */
function treeCpu(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  // Fields 14-17 of proc(5): utime, stime, cutime, cstime, in clock ticks (100 a second on Linux).
  return (f[11]! + f[12]! + f[13]! + f[14]!) / 100;
}

/** CPU seconds of a process and of every process under it still running (Dovecot: its master, logins, imap). */
function dovecotCpu(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return children.reduce((sum, child) => sum + dovecotCpu(child), treeCpu(pid));
}

const copy = (i: number) =>
  Buffer.from(
    `From: Appeal <info@appeal.example>\r\nTo: sender${i}@example.org\r\nSubject: Re: We endorse the appeal\r\n` +
      `Message-ID: <acknowledgement.bench${i}@appeal.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
      'Thank you for endorsing the appeal. We will review your endorsement and publish it.\r\n'.repeat(12),
  );

async function measure(d: DovecotServer, label: string, n: number, together: boolean): Promise<void> {
  const sent = createSentFolder({ host: '127.0.0.1', port: d.port, secure: false, user: d.user, password: d.password, folder: `Sent-${together ? 'together' : 'one'}`, allowPlaintext: true });
  await sent.append(copy(-1)); // connects and creates the folder: not measured
  const dovecotBefore = dovecotCpu(d.pid);
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  if (together) await Promise.all(Array.from({ length: n }, (_, i) => sent.append(copy(i))));
  else for (let i = 0; i < n; i++) await sent.append(copy(i));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  // Before the logout: the connection's imap process is still running, so its CPU is counted.
  const dovecot = dovecotCpu(d.pid) - dovecotBefore;
  await sent.close();
  process.stdout.write(`${label.padEnd(46)} ${seconds.toFixed(2).padStart(6)} s   our CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s   Dovecot CPU ${dovecot.toFixed(2)} s\n`);
}

async function main(): Promise<void> {
  const n = arg('copies', 1500);
  const d = await startDovecot();
  try {
    process.stdout.write(`${n} Sent-folder copies of ~1.3 KB each, Dovecot on loopback:\n`);
    await measure(d, 'one after another (one APPEND each)', n, false);
    await measure(d, 'asked for at once (MULTIAPPEND, up to 32 each)', n, true);
  } finally {
    await d.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`bench-sent-copies: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
