/**
 * Hostile header shapes through the intake job (real Redis), the reply path (real SMTP sink) and the
 * web message page's view: a From display name of 200k non-breaking spaces after a `<` (RFC-valid, in
 * encoded words) froze the worker for a minute and the web page for 16-37 s. Every bound is a ratio
 * to a normal mail of the same size measured in this run, never a wall-clock constant: linear work
 * stays within a small factor of it, quadratic work on 200k characters is thousands of times more.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processIntake } from '../../src/jobs/intake';
import { rawKey, type IntakePayload } from '../../src/jobs/queues';
import { messageKey, rawMessageId } from '../../src/mail/key';
import { HEADER_CAPS } from '../../src/mail/headers';
import { decideReply } from '../../src/replies/policy';
import { createReplyService } from '../../src/replies/service';
import type { MessageRecord } from '../../src/review/types';
import { replyWeb } from '../../src/web/replies';
import { messageBody, messagesBody } from '../../src/web/views/messages';
import { useReplyServers } from './replies-servers';
import { intakeDeps } from '../helpers/intake-deps';

const servers = useReplyServers();
const corpus = join(__dirname, '../fixtures/corpus');
const labels: { file: string; kind: string }[] = JSON.parse(readFileSync(join(corpus, 'labels.json'), 'utf8'));
const endorsement = readFileSync(join(corpus, labels.find((l) => l.kind === 'endorsement')!.file)).toString('latin1');

/**
 * Linear work on a same-size mail may cost a few times more; quadratic work on 200k characters costs
 * thousands of times more (the old address pattern: over 300 s against milliseconds). One timed send
 * waits on Redis and SMTP, so on a loaded machine it alone can vary 30-fold: the bound sits well above
 * that noise and far below the quadratic cost.
 */
const MAX_RATIO = 100;
const N = 200_000;
const NBSP = '\u00a0';

/** Text as RFC 2047 Q encoded words of at most 75 characters, folded one per line. */
function encodedWords(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const words: string[] = [];
  let cur = '';
  for (const b of bytes) {
    const q = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    // Never split a UTF-8 sequence across words: cut only before a lead or ASCII byte.
    if (cur.length + q.length > 60 && (b & 0xc0) !== 0x80) {
      words.push(`=?utf-8?Q?${cur}?=`);
      cur = '';
    }
    cur += q;
  }
  if (cur) words.push(`=?utf-8?Q?${cur}?=`);
  return words.join('\r\n ');
}

/** An encoded word whose text is an encoded word, `depth` times over (B encoding). */
function nested(text: string, depth: number): string {
  let v = text;
  for (let i = 0; i < depth; i++) v = `=?utf-8?B?${Buffer.from(v, 'utf8').toString('base64')}?=`;
  return v;
}

/** The corpus endorsement with some headers replaced or added at the top, and no Message-ID (intake adds one). */
function withHeaders(extra: Record<string, string>): Buffer {
  const head = endorsement.slice(0, endorsement.search(/\r?\n\r?\n/));
  const body = endorsement.slice(head.length);
  const replaced = [...Object.keys(extra), 'Message-ID'].map((k) => `${k.toLowerCase()}:`);
  const kept = head.split(/\r?\n(?![ \t])/).filter((l) => !replaced.some((k) => l.toLowerCase().startsWith(k)));
  const added = Object.entries(extra).map(([k, v]) => `${k}: ${v}`);
  return Buffer.from([...added, ...kept].join('\r\n') + body, 'latin1');
}

/** A normal mail of the same size: the bulk in a harmless header of ordinary words. */
function sameSizeNormal(size: number): Buffer {
  const line = 'Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod';
  const lines: string[] = [];
  for (let n = 0; n < size; n += line.length + 3) lines.push(line);
  return withHeaders({ 'X-Padding': lines.join('\r\n ') });
}

const lt = `<${NBSP.repeat(N)}x`;
const SHAPES: Record<string, Buffer> = {
  'From display name: < and 200k non-breaking spaces': withHeaders({ From: `${encodedWords(lt)} <jane@example.net>` }),
  'From display name: 200k non-breaking spaces': withHeaders({ From: `${encodedWords(NBSP.repeat(N))} <jane@example.net>` }),
  'Reply-To display name: < and 200k spaces and tabs': withHeaders({ 'Reply-To': `${encodedWords(`<${' \t'.repeat(N / 2)}x`)} <office@example.net>` }),
  'Subject: R and 200k tabs (a quadratic reply-prefix shape)': withHeaders({ Subject: encodedWords(`R${'\t'.repeat(N)}:`) }),
  'Subject: 200k characters of words': withHeaders({ Subject: encodedWords('We endorse the appeal '.repeat(N / 22)) }),
  'From display name: encoded words nested 12 deep': withHeaders({ From: `${nested(`<${NBSP.repeat(4000)}x`, 12)} <jane@example.net>` }),
  'To: 20,000 addresses': withHeaders({ To: Array.from({ length: 20_000 }, (_, i) => `p${i}@example.net`).join(',\r\n ') }),
};

/** Milliseconds of one call. */
async function time(f: () => unknown): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** The median of three runs (after one warm-up), at least 1 ms so a ratio means something. */
async function baseline(f: () => unknown): Promise<number> {
  await f();
  const runs = [await time(f), await time(f), await time(f)].sort((a, b) => a - b);
  return Math.max(1, runs[1]!);
}

function world() {
  const prefix = `hm-${randomUUID()}`;
  const { redis, mailer } = servers;
  const { replyQueue, store, deps } = intakeDeps(redis, prefix);
  const service = createReplyService({
    store, mailer, redis, prefix, templatesDir: join(__dirname, '../../templates/replies'),
    config: {
      fromAddress: 'info@ukraine-solidarity.eu', fromName: 'Appeal', appealTitle: 'Peace for Ukraine', ownDomains: ['ukraine-solidarity.eu'],
      perRecipientLimit: 1, perRecipientWindowSec: 3600, secret: 'hostile-test',
    },
  });
  let uid = 0;
  /** Stage the bytes as the sink does and run the intake job on them; the record it made. */
  async function intake(raw: Buffer): Promise<MessageRecord> {
    // A fresh Message-ID per run, so every run does the whole job.
    const fresh = Buffer.concat([Buffer.from(`Message-ID: <${randomUUID()}@example.net>\r\n`), raw]);
    const key = messageKey(rawMessageId(fresh), fresh);
    await redis.set(rawKey(prefix, key), fresh);
    const job: IntakePayload = { key, mailbox: 'INBOX', uidValidity: '1', uid: ++uid, size: fresh.length, receivedAt: new Date().toISOString(), oversized: false };
    await processIntake(job, deps);
    return (await store.getMessage(key))!;
  }
  return { intake, service, replyQueue };
}

describe.each(Object.entries(SHAPES))('%s', (_name, hostile) => {
  test('the intake job takes it in, with the cap noted in the reasons, within a ratio of a same-size normal mail', async () => {
    const w = world();
    const normal = sameSizeNormal(hostile.length);
    const base = await baseline(() => w.intake(normal));
    let rec: MessageRecord | null = null;
    const took = await time(async () => (rec = await w.intake(hostile)));
    expect(rec).not.toBeNull();
    expect((rec!.from ?? '').length).toBeLessThanOrEqual(HEADER_CAPS.name + 260);
    expect(rec!.subject.length).toBeLessThanOrEqual(HEADER_CAPS.subject);
    expect(rec!.reasons.join('\n')).toMatch(/cut to \d+ of \d+ characters|addresses kept|headers kept/);
    expect(took / base).toBeLessThan(MAX_RATIO);
    await w.replyQueue.close();
  });

  test('the reply path and the web message page handle the stored record within a ratio of a normal one', async () => {
    const w = world();
    const normal = sameSizeNormal(hostile.length);
    // Each acknowledgement is timed on a record of its own: a second one for the same record is a no-op.
    const normalRecs = [await w.intake(normal), await w.intake(normal), await w.intake(normal), await w.intake(normal)];
    const normalRec = normalRecs[0]!;
    const rec = await w.intake(hostile);
    let next = 0;
    const base = await baseline(() => w.service.sendAcknowledgement(normalRecs[next++]!.key));
    expect(await time(() => w.service.sendAcknowledgement(rec.key)) / base).toBeLessThan(MAX_RATIO);
    const page = (r: MessageRecord) => () => {
      replyWeb({}).recipient(null, r);
      messageBody(r, 'csrf');
      messagesBody({ messages: [r], next: null }, { endorsement: 1, withdrawal: 0, question: 0, auto_reply: 0, bounce: 0, bulk: 0, spam: 0 }, {});
    };
    const pageBase = await baseline(page(normalRec));
    expect(await time(page(rec)) / pageBase).toBeLessThan(MAX_RATIO);
    await w.replyQueue.close();
  });
});

test('records stored before the caps (uncut 200k display names) cost the reply policy and the page no more than normal ones', async () => {
  const normal = `${'a'.repeat(N)} <jane@example.net>`;
  const hostile = `${lt} <jane@example.net>`;
  const rec = (from: string): MessageRecord => ({
    key: 'k', messageId: '<k@example.net>', mailbox: 'INBOX', uidValidity: '1', uid: 1, receivedAt: '2026-01-01T00:00:00.000Z',
    from, replyTo: from, subject: 'Hello', kind: 'endorsement', language: 'en', acknowledgeDue: true, acknowledged: false, reply: 'none',
    reasons: [], notes: [], size: 1, oversized: false, endorsementIds: [], folder: null, text: '', attachments: [], references: [],
  });
  const decide = (from: string) => () => decideReply({
    due: true, from, replyTo: from, messageId: null, ownAddresses: [], ownDomains: ['example.org'], sentToRecipient: 0, perRecipientLimit: 1,
  });
  expect(decide(hostile)()).toMatchObject({ send: true, to: 'jane@example.net' });
  const base = await baseline(decide(normal));
  expect(await time(decide(hostile)) / base).toBeLessThan(MAX_RATIO);
  const page = (r: MessageRecord) => () => {
    replyWeb({}).recipient(null, r);
    messageBody(r, 'csrf');
  };
  const pageBase = await baseline(page(rec(normal)));
  expect(await time(page(rec(hostile))) / pageBase).toBeLessThan(MAX_RATIO);
});
