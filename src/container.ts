/**
 * The composition root: config -> adapters -> services. Workers and the CLI call it; nothing else
 * builds adapters. Building connects to Redis lazily (on first command); `close()` undoes all of it.
 */
import { Queue, Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import { join } from 'node:path';
import { appealEvidence } from './appeal/profile';
import type { Config } from './config';
import { createWatcher } from './intake/watcher';
import { createTokenSource } from './mailbox/oauth/grants';
import { processIntake, understandOptions, type IntakeDeps } from './jobs/intake';
import { INTAKE_LARGE_QUEUE, INTAKE_QUEUE, intakePayload, REPLY_QUEUE, replyPayload, type IntakePayload, type ReplyPayload } from './jobs/queues';
import { reconcile } from './jobs/reconcile';
import { processReply } from './jobs/reply';
import { createIntakeSink } from './jobs/sink';
import { createUnderstander } from './jobs/understand-pool';
import type { Logger } from './log';
import { redisBudget } from './mailbox/budget';
import type { AnalysisContext } from './mail/types';
import { pacedMaxPerHour, pauseState } from './replies/breaker';
import { createMailer } from './replies/mailer';
import type { RecipientRule } from './replies/policy';
import { createSentFolder } from './replies/sent-folder';
import { createReplyService } from './replies/service';
import { createReviewStore } from './review/store';
import { createRecovery } from './recovery/wire';
import { createStatusReporter } from './status/store';

/** Where templates/ is, from src/ or from dist/src/. */
export const TEMPLATES_DIR = join(__dirname, __dirname.includes(`${join('dist', 'src')}`) ? '../../templates' : '../templates');

/** The reply template folders searched in order: the organisers' own (TEMPLATES_DIR), then ours. */
export function replyTemplateDirs(own?: string): string[] {
  return [...(own ? [own] : []), join(TEMPLATES_DIR, 'replies')];
}

/**
 * What understanding knows about us: our addresses (FROM_ADDRESS, IMAP_USER and the profile's own),
 * the domain of our Message-IDs, and the appeal's titles and names in every language, as evidence
 * that a mail refers to it.
 */
export function analysisContext(config: Config): AnalysisContext {
  return {
    ownAddresses: [...new Set([config.fromAddress, config.IMAP_USER.toLowerCase(), ...config.appeal.ownAddresses].filter((a) => a.includes('@')))],
    ownDomains: [config.fromAddress.split('@')[1] ?? 'localhost'],
    appeal: appealEvidence(config.appeal),
  };
}

/** What proves a Reply-To to the reply service, for the pages and commands that say where a reply goes. */
export function recipientRule(config: Config): RecipientRule {
  return { authservId: config.REPLY_AUTHSERV_ID ?? null, ownDomains: analysisContext(config).ownDomains };
}

export type Container = ReturnType<typeof createContainer>;

export function createContainer(config: Config, log: Logger) {
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true });
  // BullMQ workers block on Redis: they need their own connections with maxRetriesPerRequest null.
  const workerConnection = () => new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = config.QUEUE_PREFIX;
  const queueOpts = { connection: redis, prefix };
  const intakeQueue = new Queue<IntakePayload>(INTAKE_QUEUE, queueOpts);
  const intakeLargeQueue = new Queue<IntakePayload>(INTAKE_LARGE_QUEUE, queueOpts);
  const replyQueue = new Queue<ReplyPayload>(REPLY_QUEUE, queueOpts);
  const store = createReviewStore(redis, prefix);
  const context = analysisContext(config);
  const folders = { endorsements: config.FOLDER_ENDORSEMENTS, automated: config.FOLDER_AUTOMATED, junk: config.FOLDER_JUNK };
  // Connection states for /healthz, the review page's banner and `endorse doctor`.
  const status = createStatusReporter(redis, prefix, (err) => log.debug({ err: err.message }, 'connection status not recorded'));

  // One OAuth2 token cache for every IMAP and SMTP connection of this process (null: passwords).
  const oauth = config.oauth
    ? createTokenSource(config.oauth, { onSaveError: (err) => log.warn({ err: err.message }, 'OAuth2: the rotated refresh token could not be saved') })
    : undefined;
  // Shared by every thread and process of this appeal: providers cap connections per account.
  const imapBudget = redisBudget(redis, `${prefix}:budget:imap`, config.IMAP_MAX_CONNECTIONS);
  const smtpBudget = redisBudget(redis, `${prefix}:budget:smtp`, config.SMTP_MAX_CONNECTIONS);
  const imapTls = { allowPlaintext: config.IMAP_ALLOW_PLAINTEXT, ca: config.imapCa, budget: imapBudget, oauth };
  let mailer: ReturnType<typeof createMailer> | null = null;
  const getMailer = () =>
    (mailer ??= createMailer({
      host: config.SMTP_HOST, port: config.SMTP_PORT, secure: config.SMTP_SECURE,
      user: config.SMTP_USER, password: config.SMTP_PASSWORD, pool: true, status,
      // SMTP_PASSWORD set: a relay with its own login; otherwise the mailbox's OAuth2 token.
      oauth: config.SMTP_PASSWORD ? undefined : oauth,
      allowPlaintext: config.SMTP_ALLOW_PLAINTEXT, ca: config.smtpCa,
      maxConnections: Math.min(config.REPLY_CONCURRENCY, config.SMTP_MAX_CONNECTIONS), budget: smtpBudget,
    }));
  // A copy of each reply in the mailbox's Sent folder, searched after an interrupted send.
  // Unless named, the server's own \Sent folder; where the provider files its own copy we append none.
  const sentFolder = config.explicitFolders.sent !== ''
    ? createSentFolder({
      host: config.IMAP_HOST, port: config.IMAP_PORT, secure: config.IMAP_SECURE, user: config.IMAP_USER, password: config.IMAP_PASSWORD,
      folder: config.explicitFolders.sent ?? 'Sent', byRole: config.explicitFolders.sent === null, hint: config.provider.folders?.sent, ...imapTls,
    })
    : null;
  let replies: ReturnType<typeof createReplyService> | null = null;
  const replyService = () =>
    (replies ??= createReplyService({
      store, mailer: getMailer(), redis, prefix, templatesDir: replyTemplateDirs(config.TEMPLATES_DIR),
      // Held while one reply is on the wire; after a crash it must lapse as soon as the job's own lock.
      sendLockMs: config.JOB_LOCK_SECONDS * 1000,
      // Between a FLUSHALL and the next checkpoint nothing is sent: the rebuild comes first.
      stateSuspect: () => recovery.suspect(),
      ...(sentFolder ? {
        ...(config.appendSentCopy ? { keepCopy: (raw: Buffer) => sentFolder.append(raw) } : {}),
        wasDelivered: (messageId: string) => sentFolder.containsReply(messageId),
        onCopyError: (err: Error, messageId: string) => log.warn({ messageId, err: err.message }, 'reply sent; no copy in the Sent folder'),
        sentAuthority: config.REPLY_SENT_CHECK,
        onRecordError: (err: Error, messageId: string) => log.warn({ messageId, err: err.message }, 'reply sent; Redis refused its record: copied first, record retried'),
      } : {}),
      config: {
        fromAddress: config.fromAddress, fromName: config.fromName,
        appealTitle: config.APPEAL_TITLE, appealTitles: config.appeal.titles, languageFallbacks: config.appeal.replyLanguageFallback,
        ownDomains: context.ownDomains, ownAddresses: context.ownAddresses,
        perRecipientLimit: config.REPLY_PER_RECIPIENT_PER_DAY, perRecipientWindowSec: 24 * 3600,
        maxPerHour: pacedMaxPerHour(config.REPLY_MAX_PER_HOUR, config.REPLY_MAX_PER_DAY, config.REPLY_PACING),
        maxPerDomainPerHour: config.REPLY_MAX_PER_DOMAIN_PER_HOUR, maxPerDay: config.REPLY_MAX_PER_DAY,
        requireAuth: config.REPLY_REQUIRE_AUTH === 'none' ? null : config.REPLY_REQUIRE_AUTH,
        authservId: config.REPLY_AUTHSERV_ID ?? null, secret: config.REPLY_SECRET ?? null,
        listUrl: config.SIGNATORIES_URL ?? null,
        maxAgeDays: config.REPLY_MAX_AGE_DAYS,
      },
    }));

  const intakeDeps: IntakeDeps = {
    redis, prefix, store, replyQueue, context, folders,
    repliesEnabled: config.REPLIES, maxMessageBytes: config.MAX_MESSAGE_BYTES, bounceMarkDays: config.BOUNCE_MARK_DAYS,
  };

  // Fetched mail is understood in WORKER_THREADS threads when a batch is big enough to pay for them.
  const understander = createUnderstander({ size: config.WORKER_THREADS, understand: understandOptions(intakeDeps), log: log.child({ component: 'understand' }) });

  /** The mailbox login: the watcher's, and `endorse import`'s own reading connection. */
  const imapSettings = { host: config.IMAP_HOST, port: config.IMAP_PORT, secure: config.IMAP_SECURE, user: config.IMAP_USER, password: config.IMAP_PASSWORD, ...imapTls };
  // Notices a Redis that lost state and rebuilds it from the mailbox before anything is sent.
  const recovery = createRecovery(config, { redis, intakeDeps, imapSettings, log: log.child({ component: 'recovery' }) });
  const watcher = createWatcher({
    imap: imapSettings,
    redis, prefix, mailbox: config.IMAP_MAILBOX,
    sink: createIntakeSink(intakeDeps, understander),
    filing: store.filingSource(),
    maxMessageBytes: config.MAX_MESSAGE_BYTES, batchSize: config.FETCH_BATCH, pollMs: config.POLL_SECONDS * 1000,
    filingEnabled: config.FILING, folders, log: log.child({ component: 'watcher' }),
    junkByRole: config.explicitFolders.junk === null, folderHints: config.provider.folders ?? {},
    leaseTtlMs: config.LEASE_SECONDS * 1000,
    start: config.INTAKE_START,
    status, authRetry: { baseMs: config.IMAP_AUTH_RETRY_SECONDS * 1000, maxTries: config.IMAP_AUTH_MAX_TRIES },
  });

  const workers: Worker[] = [];
  const replyWorkers: Worker[] = [];
  // A crashed worker's active jobs go back to waiting once their lock lapses, found by the stalled
  // check. The lock must outlast the SMTP socket timeout (mailer) so a slow send is not run twice.
  const lockDuration = config.JOB_LOCK_SECONDS * 1000;
  // The processors are idempotent, so a job caught by several crashes may safely run again.
  const locks = { lockDuration, stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)), maxStalledCount: 10 };
  /**
   * Start the intake and/or reply workers (BullMQ), each on its own blocking connection. The large-
   * message intake runs with the intake unless `large: false` (extra threads leave it to the main one).
   */
  function startWorkers(parts: { intake?: boolean; reply?: boolean; large?: boolean } = { intake: true, reply: true }): void {
    const started: [string, Worker][] = [];
    const intakeWorker = (queue: string, concurrency: number) =>
      new Worker<IntakePayload>(
        queue,
        async (job: Job<IntakePayload>) => processIntake(intakePayload.parse(job.data), intakeDeps),
        { connection: workerConnection(), prefix, concurrency, ...locks },
      );
    if (parts.intake) started.push(['intake', intakeWorker(INTAKE_QUEUE, config.INTAKE_CONCURRENCY)]);
    if (parts.intake && parts.large !== false) started.push(['intake-large', intakeWorker(INTAKE_LARGE_QUEUE, 1)]);
    if (parts.reply) started.push(['reply', new Worker<ReplyPayload>(
      REPLY_QUEUE,
      async (job: Job<ReplyPayload>, token?: string) => processReply(replyPayload.parse(job.data), replyService(), job, token),
      { connection: workerConnection(), prefix, concurrency: config.REPLY_CONCURRENCY, ...locks },
    )]);
    for (const [name, w] of started) if (name === 'reply') replyWorkers.push(w);
    for (const [name, w] of started) {
      w.on('failed', (job, err) => log.warn({ queue: name, job: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
      w.on('error', (err) => log.error({ queue: name, err: err.message }, 'worker error'));
      workers.push(w);
    }
  }

  /**
   * True when no queue holds a job that is waiting, active or delayed, except reply jobs held back
   * by the open circuit breaker: those wait for the breaker (an hour at most), not for this run.
   */
  async function drained(): Promise<boolean> {
    for (const q of [intakeQueue, intakeLargeQueue, replyQueue]) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      if (q === replyQueue && c.delayed && (await pauseState(redis, prefix)).paused) c.delayed = 0;
      if (Object.values(c).some((n) => n > 0)) return false;
    }
    return true;
  }

  /**
   * Stop taking jobs at once (BullMQ `close()` without force: nothing more is fetched); resolves once
   * the jobs already active have finished. `close()` afterwards waits for nothing more.
   */
  async function stopWorkers(): Promise<void> {
    await Promise.allSettled(workers.map((w) => w.close()));
  }

  async function close(): Promise<void> {
    await Promise.allSettled(workers.map((w) => w.close()));
    const conns = workers.map((w) => w.opts.connection);
    await watcher.stop().catch(() => undefined);
    await understander.close();
    await Promise.allSettled([intakeQueue.close(), intakeLargeQueue.close(), replyQueue.close()]);
    await mailer?.close();
    await sentFolder?.close();
    for (const c of conns) if (c instanceof Redis) c.disconnect();
    redis.disconnect();
  }

  /** Retry what crashes and outages left failed, and queue any due acknowledgement that has no job. */
  async function repair(): Promise<void> {
    const r = await reconcile([intakeQueue, intakeLargeQueue], replyQueue, store, { redis, prefix }, { replies: config.REPLIES, maxAgeDays: config.REPLY_MAX_AGE_DAYS });
    if (r.intakeRetried || r.repliesRetried || r.repliesQueued || r.rawReleased) log.info(r, 'reconciled work left by an earlier run');
  }

  /**
   * Stop taking reply jobs, e.g. while Redis is rebuilt, waiting for those on the wire unless
   * `dontWait` (Redis is gone: they wait for it); `resumeReplies` undoes it.
   */
  const pauseReplies = async (dontWait = false) => {
    await Promise.all(replyWorkers.map((w) => w.pause(dontWait)));
  };
  const resumeReplies = () => {
    for (const w of replyWorkers) w.resume();
  };

  /** Connect to SMTP and log in (within the budget); throws with the server's words when it fails. */
  const verifySmtp = () => getMailer().verify();

  return { config, log, redis, store, intakeQueue, intakeLargeQueue, replyQueue, watcher, startWorkers, stopWorkers, drained, repair, close, intakeDeps, imapSettings, verifySmtp, recovery, pauseReplies, resumeReplies, understander };
}
