/**
 * Starting on a mailbox that already holds mail, through the built CLI on real Dovecot, Redis and an
 * SMTP sink: INTAKE_START=now takes none of 500 old messages and answers none, then takes and answers
 * new mail; `endorse import` takes the 500 in for review without a single reply, and again adds
 * nothing; INTAKE_START=DATE takes exactly the mail received from that date; REPLY_MAX_AGE_DAYS leaves
 * a message received 10 days ago unanswered.
 */
import { ImapFlow } from 'imapflow';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { REPLY_QUEUE } from '../../src/jobs/queues';
import { runCli, startStack, type CliResult, type Stack } from '../helpers/stack';

const DAY = 24 * 3600 * 1000;
let stack: Stack;
let imap: ImapFlow;
let n = 0;

beforeAll(async () => {
  stack = await startStack();
  imap = await stack.imap();
}, 60_000);
afterAll(async () => {
  await imap?.logout().catch(() => undefined);
  await stack?.stop();
});

/** A short endorsement from its own organisation, sender and Message-ID. */
function endorsement(id: string, date: Date): Buffer {
  return Buffer.from([
    `From: Anna Berg <anna.${id}@org-${id}.example>`, 'To: info@ukraine-solidarity.eu',
    `Subject: Endorsement ${id}`, `Message-ID: <${id}@org-${id}.example>`, `Date: ${date.toUTCString()}`,
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
    `Dear organisers,`, '',
    `On behalf of Friends of Peace ${id} (Netherlands) I am writing to endorse the appeal "Stop the Russian war of aggression! Peace for Ukraine!". Please add our organisation to the list of signatories.`,
    '', 'In solidarity,', 'Anna Berg', `Friends of Peace ${id}`, '',
  ].join('\r\n'));
}

/** Append messages to `folder` in order over one connection, each with its INTERNALDATE. */
async function append(folder: string, mail: { raw: Buffer; at: Date }[]): Promise<void> {
  await imap.mailboxCreate(folder).catch(() => undefined);
  for (const m of mail) await imap.append(folder, m.raw, [], m.at);
}

/**
 * A fresh prefix and folders: each test is a mailbox of its own. Its own Sent and filing folders too:
 * our replies in a shared Sent folder would tell a fresh Redis that it lost state (src/recovery).
 */
function setup(over: Record<string, string> = {}): { env: Record<string, string>; folder: string; filed: string } {
  n++;
  const folder = `Box${n}`;
  const filed = `${folder}-Endorsements`;
  return {
    folder, filed,
    env: stack.env({
      QUEUE_PREFIX: `em${n}x${Date.now()}`, IMAP_MAILBOX: folder, LOG_LEVEL: 'info', REPLY_MAX_AGE_DAYS: '7',
      FOLDER_ENDORSEMENTS: filed, FOLDER_AUTOMATED: `${folder}-Automated`, FOLDER_JUNK: `${folder}-Junk`, SENT_FOLDER: `${folder}-Sent`, ...over,
    }),
  };
}

function must(r: CliResult, what: string): CliResult {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stderr.slice(-2000)}`);
  return r;
}

type Row = { messageId: string; acknowledged: boolean; reply: string; replyDetail: string | null; folder: string | null; imported: boolean; endorsementIds: string[] };
async function messages(env: Record<string, string>): Promise<Row[]> {
  return JSON.parse(must(await runCli(['messages', '--json'], env), 'messages').stdout) as Row[];
}

/** Reply jobs waiting to run (waiting, prioritized or delayed) in the worker's reply queue. */
async function replyJobs(env: Record<string, string>): Promise<number> {
  const connection = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: null });
  const q = new Queue(REPLY_QUEUE, { connection, prefix: env.QUEUE_PREFIX! });
  try {
    const c = await q.getJobCounts('waiting', 'prioritized', 'delayed');
    return (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0);
  } finally {
    await q.close();
    connection.disconnect();
  }
}

async function count(folder: string): Promise<number> {
  const st = await imap.status(folder, { messages: true });
  return st ? (st.messages ?? -1) : -1;
}

test('INTAKE_START=now: 500 old messages are left alone, new mail is taken and answered; import takes the 500 without a reply, once', async () => {
  const { env, folder } = setup({ INTAKE_START: 'now' });
  const now = Date.now();
  const old = Array.from({ length: 500 }, (_, i) => {
    const at = new Date(now - (30 + i) * DAY);
    return { raw: endorsement(`old${i}`, at), at };
  });
  await append(folder, old);

  const first = must(await runCli(['worker', '--once'], env), 'first run');
  expect(first.stderr).toContain('intake starts at UID 501: 500 older messages left for `endorse import`');
  expect(await messages(env)).toEqual([]);
  expect(stack.smtp.messages).toHaveLength(0);
  expect(await count(folder)).toBe(500);

  await append(folder, [{ raw: endorsement('new1', new Date()), at: new Date() }]);
  must(await runCli(['worker', '--once'], env), 'second run');
  const afterNew = await messages(env);
  expect(afterNew.map((m) => [m.messageId, m.acknowledged])).toEqual([['<new1@org-new1.example>', true]]);
  expect(stack.smtp.messages).toHaveLength(1);
  expect(stack.smtp.messages[0]!.to).toEqual(['anna.new1@org-new1.example']);

  const since = new Date(now - 600 * DAY).toISOString().slice(0, 10);
  const imported = must(await runCli(['import', '--since', since], env), 'import');
  // The new message was filed out of the folder by the worker: the 500 are what is left.
  expect(JSON.parse(imported.stdout)).toEqual({
    folder, uidValidity: expect.any(String), found: 500, created: 500, existing: 0, endorsements: 500, leftToIntake: 0, filing: false,
  });
  expect(imported.stderr).toMatch(/500 new, 0 already in the store, 500 endorsements for review; none acknowledged/);
  // History is recorded as never acknowledged: no reply job is queued for it at all.
  expect((await messages(env)).filter((m) => m.imported).every((m) => m.reply === 'suppressed' && /^imported: /.test(m.replyDetail ?? ''))).toBe(true);
  expect(await replyJobs(env)).toBe(0);
  must(await runCli(['worker', '--once'], env), 'run after the import');
  const all = await messages(env);
  expect(all).toHaveLength(501);
  const history = all.filter((m) => m.imported);
  expect(history).toHaveLength(500);
  expect(history.every((m) => !m.acknowledged && m.reply === 'suppressed' && /^imported: /.test(m.replyDetail ?? ''))).toBe(true);
  expect(history.every((m) => m.folder === null)).toBe(true);
  const pending = JSON.parse(must(await runCli(['export', '--status', 'pending'], env), 'export').stdout) as unknown[];
  expect(pending).toHaveLength(501);
  expect(stack.smtp.messages).toHaveLength(1);
  expect(await count(folder)).toBe(500);

  const again = must(await runCli(['import', '--since', since], env), 'second import');
  expect(JSON.parse(again.stdout)).toMatchObject({ found: 500, created: 0, existing: 500, endorsements: 0 });
  expect(await messages(env)).toHaveLength(501);
  expect(stack.smtp.messages).toHaveLength(1);
}, 180_000);

test('INTAKE_START=DATE takes exactly the mail received from that date, whatever its UID order, and only once', async () => {
  const now = Date.now();
  const date = new Date(now - 3 * DAY).toISOString().slice(0, 10);
  const midnight = Date.parse(`${date}T00:00:00Z`);
  const { env, folder } = setup({ INTAKE_START: date, REPLY_MAX_AGE_DAYS: '0', FILING: 'false' });
  // Arrival dates out of UID order (a mailbox filled by a migration), two either side of midnight.
  const at = [midnight - 5 * DAY, midnight + 60_000, midnight - 60_000, now - 3600_000, midnight - 40 * DAY, midnight + 2 * DAY];
  await append(folder, at.map((t, i) => ({ raw: endorsement(`d${i}`, new Date(t)), at: new Date(t) })));
  const taken = at.map((t, i) => [t, i] as const).filter(([t]) => t >= midnight).map(([, i]) => `<d${i}@org-d${i}.example>`);
  expect(taken).toHaveLength(3);

  const first = must(await runCli(['worker', '--once'], env), 'first run');
  expect(first.stderr).toContain(`intake starts at mail received since ${date}: taking 3 messages, 3 older messages left for \`endorse import\``);
  expect((await messages(env)).map((m) => m.messageId).sort()).toEqual(taken.sort());

  must(await runCli(['worker', '--once'], env), 'second run');
  expect(await messages(env)).toHaveLength(3);
  // Mail arriving later is new mail, whatever date it claims.
  await append(folder, [{ raw: endorsement('late', new Date(midnight - 9 * DAY)), at: new Date(midnight - 9 * DAY) }]);
  must(await runCli(['worker', '--once'], env), 'third run');
  expect((await messages(env)).map((m) => m.messageId)).toContain('<late@org-late.example>');
  expect(await messages(env)).toHaveLength(4);

  // Importing what intake took adds nothing twice: only the three older ones are new.
  const sentBefore = stack.smtp.messages.length;
  const imported = must(await runCli(['import', '--since', new Date(midnight - 60 * DAY).toISOString().slice(0, 10)], env), 'import');
  expect(JSON.parse(imported.stdout)).toMatchObject({ found: 7, created: 3, existing: 4, leftToIntake: 0 });
  must(await runCli(['worker', '--once'], env), 'run after the import');
  const all = await messages(env);
  expect(all).toHaveLength(7);
  expect(all.filter((m) => m.imported).map((m) => m.acknowledged)).toEqual([false, false, false]);
  expect(stack.smtp.messages).toHaveLength(sentBefore);
}, 120_000);

test('REPLY_MAX_AGE_DAYS=7: mail received 10 days ago is not acknowledged, mail from yesterday is', async () => {
  const { env, folder } = setup({ INTAKE_START: 'all' });
  const tenDays = new Date(Date.now() - 10 * DAY);
  const yesterday = new Date(Date.now() - DAY);
  await append(folder, [{ raw: endorsement('ten', tenDays), at: tenDays }, { raw: endorsement('one', yesterday), at: yesterday }]);
  const sentBefore = stack.smtp.messages.length;
  must(await runCli(['worker', '--once'], env), 'run');
  const byId = new Map((await messages(env)).map((m) => [m.messageId, m]));
  const ten = byId.get('<ten@org-ten.example>')!;
  expect(ten).toMatchObject({ acknowledged: false, reply: 'suppressed' });
  expect(ten.replyDetail).toBe(`too_old: received ${tenDays.toISOString().slice(0, 10)}, 10 days ago; REPLY_MAX_AGE_DAYS is 7`);
  expect(byId.get('<one@org-one.example>')).toMatchObject({ acknowledged: true, reply: 'sent' });
  const sent = stack.smtp.messages.slice(sentBefore);
  expect(sent.map((m) => m.to)).toEqual([['anna.one@org-one.example']]);
}, 120_000);

test('import --file files imported mail when the worker runs; bad dates and --file on another folder exit 2', async () => {
  const { env, folder, filed } = setup({ INTAKE_START: 'now' });
  const when = new Date(Date.now() - 20 * DAY);
  await append(folder, [{ raw: endorsement('f1', when), at: when }, { raw: endorsement('f2', when), at: when }]);
  must(await runCli(['worker', '--once'], env), 'first run');
  const endorsementsBefore = await count(filed).catch(() => 0);
  const imported = must(await runCli(['import', '--since', when.toISOString().slice(0, 10), '--file'], env), 'import --file');
  expect(JSON.parse(imported.stdout)).toMatchObject({ found: 2, created: 2, filing: true });
  must(await runCli(['worker', '--once'], env), 'run that files');
  expect(await count(folder)).toBe(0);
  expect(await count(filed)).toBe(endorsementsBefore + 2);
  expect((await messages(env)).map((m) => [m.folder, m.acknowledged])).toEqual([[filed, false], [filed, false]]);

  for (const args of [['--since', '2026-02-30'], ['--since', '2026-03-01', '--until', '2026-02-01'], ['--since', '2026-01-01', '--folder', 'Archive', '--file'], []]) {
    const r = await runCli(['import', ...args], env);
    expect([args, r.code]).toEqual([args, 2]);
  }
}, 120_000);
