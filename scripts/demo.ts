/**
 * `npm run demo`: the product working on this machine with nothing configured. Starts a private Redis,
 * Dovecot and an SMTP sink on loopback in temp dirs, loads the sample mail (the dev corpus) into the
 * mailbox, runs `endorse worker --once`, and prints the messages taken in, the review queue and the
 * acknowledgements that were sent. Everything is removed at the end.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { runCli, startStack } from '../test/helpers/stack';

const samples = join(__dirname, '../../test/fixtures/corpus');

function out(s = ''): void {
  process.stdout.write(s + '\n');
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
    await stack.append(files.map((f) => readFileSync(join(samples, f))));
    // The shipped appeal profile: replies name the appeal by its title in the reader's language.
    const env = stack.env({ APPEAL_FILE: join(__dirname, '../../profiles/peace-for-ukraine.json') });
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
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
