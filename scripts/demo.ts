/**
 * `npm run demo`: the product working on this machine with nothing configured. Starts a private Redis,
 * Dovecot and an SMTP sink on loopback in temp dirs, loads the sample mail (the dev corpus) into the
 * mailbox, runs `endorse worker --once`, and prints the messages taken in, the review queue and the
 * acknowledgements that were sent. The sample mail is from 2023; the demo has it arrive now (fresh
 * arrival and Date header), since the worker rightly never answers mail older than REPLY_MAX_AGE_DAYS.
 * Everything is removed at the end.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { runCli, startStack } from '../test/helpers/stack';

const samples = join(__dirname, '../../test/fixtures/corpus');

function out(s = ''): void {
  process.stdout.write(s + '\n');
}

/** The message as if sent at `at`: its Date header replaced (or added). */
function sentAt(raw: Buffer, at: Date): Buffer {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const date = `Date: ${at.toUTCString()}`;
  const dated = /^Date:/im.test(head) ? head.replace(/^Date:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/im, date) : `${date}\r\n${head}`;
  return Buffer.from(dated + (end < 0 ? '' : text.slice(end)), 'latin1');
}

function must(r: { code: number; stdout: string; stderr: string }, what: string): string {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return r.stdout;
}

async function main(): Promise<void> {
  process.stderr.write('demo: starting Redis, Dovecot and an SMTP sink on 127.0.0.1 (temp dirs)\n');
  const stack = await startStack();
  try {
    const files = readdirSync(samples).filter((f) => f.endsWith('.eml')).sort();
    // The samples arrive over the last hour, a minute apart.
    const dates = files.map((_, i) => new Date(Date.now() - (files.length - i) * 60_000));
    await stack.append(files.map((f, i) => sentAt(readFileSync(join(samples, f)), dates[i]!)), { dates });
    // The shipped appeal profile: replies name the appeal by its title in the reader's language. The
    // mailbox is new and all its mail has just arrived, so intake takes all of it; on a real mailbox
    // the default (INTAKE_START=now) leaves what was there before for `endorse import`.
    const env = stack.env({ APPEAL_FILE: join(__dirname, '../../profiles/peace-for-ukraine.json'), INTAKE_START: 'all', REPLY_MAX_AGE_DAYS: '7' });
    process.stderr.write(`demo: ${files.length} sample messages are in the mailbox; running \`endorse worker --once\`\n`);
    const started = Date.now();
    must(await runCli(['worker', '--once'], env), 'endorse worker --once');
    process.stderr.write(`demo: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    out('== Messages taken in (endorse messages) ==');
    out(must(await runCli(['messages'], env), 'endorse messages').trimEnd());

    const items = JSON.parse(must(await runCli(['export', '--status', 'pending'], env), 'endorse export')) as Array<Record<string, string | null>>;
    out(`\n== Review queue: ${items.length} pending endorsements (endorse export --status pending) ==`);
    for (const i of items) {
      const who = i.signerType === 'organisation' ? i.organisation : `${i.name} (individual)`;
      const dup = i.duplicateOf ? `  [possible duplicate of ${i.duplicateOf}]` : '';
      out(`${i.id}  ${(i.country ?? '??').padEnd(2)}  ${who}${i.website ? `  <${i.website}>` : ''}  — ${i.contactName ?? ''} ${i.contactEmail ?? ''}${dup}`);
    }

    out(`\n== Acknowledgements sent (${stack.smtp.messages.length}, captured by the SMTP sink) ==`);
    const parsed = await Promise.all(stack.smtp.messages.map((m) => simpleParser(m.raw)));
    parsed.forEach((p, i) => out(`to ${stack.smtp.messages[i]!.to.join(', ')}  [${p.headers.get('content-language')}]  ${p.subject}`));
    const first = parsed.find((p) => p.headers.get('content-language') !== 'en') ?? parsed[0];
    if (first) {
      out('\n-- one of them in full (headers that matter, then the text part) --');
      for (const h of ['from', 'to', 'subject', 'message-id', 'in-reply-to', 'references', 'auto-submitted', 'content-language']) {
        const v = first.headers.get(h);
        const text = typeof v === 'object' && v && 'text' in v ? (v as { text: string }).text : Array.isArray(v) ? v.join(' ') : String(v ?? '');
        out(`${h}: ${text}`);
      }
      out('');
      out((first.text ?? '').trimEnd());
    }
    out('\nTry: `endorse review approve ID` against your own Redis, or read README.md to run it on a real mailbox.');
    out('On a mailbox that already holds mail the worker starts with new mail only; `endorse import --since DATE` takes the history in for review without replying.');
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
