/**
 * `endorse doctor`: checks a setup end to end before (or while) the worker runs — configuration,
 * appeal profile, DNS, TCP and TLS, IMAP login and folders, SMTP and its login, Redis, and what the
 * running worker last saw — one line each, with one line of advice per failure. It reads only: no
 * mail is sent, nothing in the mailbox or in Redis changes. Exit 1 when any check failed.
 */
import Redis from 'ioredis';
import { describeBackups } from '../backup/health';
import { readBackupStatus } from '../backup/schedule';
import { ConfigError, type Config } from '../config';
import { closeConnection, openConnection } from '../intake/connection';
import { roleFolders } from '../mailbox/folders';
import { createTokenSource } from '../mailbox/oauth/grants';
import type { AccessTokenSource } from '../mailbox/oauth/token-cache';
import { createMailer } from '../replies/mailer';
import { classifyConnectionError, type ConnectionState } from '../status/classify';
import { describeStatus } from '../status/health';
import { checkDns, probeServer, type CheckOutcome } from '../status/probe';
import { readStatuses } from '../status/store';
import { readConfig } from './context';

/** One printed line. */
interface Check extends CheckOutcome {
  name: string;
}

/** Thrown when a check failed, so the CLI exits 1 after the report. */
export class DoctorFailed extends Error {
  override name = 'DoctorFailed';
}

const ADVICE: Record<Exclude<ConnectionState, 'ok'>, (svc: 'IMAP' | 'SMTP') => string> = {
  auth_failed: (svc) => `check ${svc}_USER and ${svc}_PASSWORD (Gmail and other providers with two-step login want an app password)`,
  unreachable: (svc) => `check ${svc}_HOST and ${svc}_PORT, and that this machine may reach the server`,
  tls_error: (svc) => `check that ${svc}_SECURE matches the port (true for ${svc === 'IMAP' ? 993 : 465}, false for ${svc === 'IMAP' ? 143 : 587})`,
};

function failed(err: unknown, svc: 'IMAP' | 'SMTP', at: { host: string; port: number; secure: boolean }, oauth = false): CheckOutcome {
  const c = classifyConnectionError(err, svc === 'IMAP' ? 'imap' : 'smtp', at);
  if (c && oauth && c.state === 'auth_failed') {
    return { result: 'FAIL', detail: c.message, advice: 'the OAuth2 login was refused: check the OAUTH_* settings and the app\'s consent for this mailbox, or run `endorse auth` again' };
  }
  if (c) return { result: 'FAIL', detail: c.message, advice: ADVICE[c.state](svc) };
  return { result: 'FAIL', detail: (err as Error).message ?? String(err), advice: `see the ${svc} server's log` };
}

function appealCheck(config: Config): CheckOutcome {
  const langs = Object.keys(config.appeal.titles);
  const from = config.APPEAL_FILE ? `from ${config.APPEAL_FILE}` : 'from APPEAL_TITLE';
  const detail = `"${config.APPEAL_TITLE}", ${langs.length} title${langs.length === 1 ? '' : 's'} (${langs.slice(0, 8).join(', ')}${langs.length > 8 ? ', …' : ''}) ${from}`;
  if (langs.length > 1) return { result: 'ok', detail };
  return { result: 'warn', detail, advice: 'mail that names the appeal in another language is recognised less well: write a profile with its titles in every language (APPEAL_FILE, see profiles/)' };
}

async function imapChecks(config: Config, oauth: AccessTokenSource | undefined): Promise<Check[]> {
  const at = { host: config.IMAP_HOST, port: config.IMAP_PORT, secure: config.IMAP_SECURE };
  // As the worker connects: STARTTLS required unless IMAP_ALLOW_PLAINTEXT, a private CA trusted.
  const settings = { ...at, user: config.IMAP_USER, password: config.IMAP_PASSWORD, oauth, allowPlaintext: config.IMAP_ALLOW_PLAINTEXT, ca: config.imapCa };
  const none = () => undefined;
  let client;
  try {
    client = await openConnection(settings, { onNewMail: none, onClose: none, onError: none }, { idle: false });
  } catch (err) {
    return [{ name: 'IMAP login', ...failed(err, 'IMAP', at, Boolean(oauth)) }];
  }
  const out: Check[] = [{ name: 'IMAP login', result: 'ok', detail: `logged in as ${config.IMAP_USER}${oauth ? ' (OAuth2)' : ''}` }];
  try {
    const list = await client.list();
    const paths = new Set(list.map((f) => f.path));
    // INBOX is case-insensitive (RFC 3501 5.1); every other name is exact.
    const inbox = config.IMAP_MAILBOX.toUpperCase() === 'INBOX';
    const watched = list.find((f) => (inbox ? f.path.toUpperCase() === 'INBOX' : f.path === config.IMAP_MAILBOX));
    if (!watched) {
      out.push({ name: 'IMAP folders', result: 'FAIL', detail: `the watched folder "${config.IMAP_MAILBOX}" does not exist (${list.length} folders: ${list.slice(0, 8).map((f) => f.path).join(', ')})`,
        advice: 'set IMAP_MAILBOX to one of the folders listed' });
    } else {
      // STATUS (RFC 3501 6.3.10) reads the counts without selecting the folder.
      const st = await client.status(watched.path, { messages: true });
      // As the worker picks them: a name the organisers set, else the server's role folder (RFC 6154), else ours.
      const roles = roleFolders(list);
      const junk = config.explicitFolders.junk ?? roles.junk ?? config.FOLDER_JUNK;
      const sent = config.explicitFolders.sent === '' ? null : (config.explicitFolders.sent ?? roles.sent ?? 'Sent');
      const wanted = [...(config.FILING ? [config.FOLDER_ENDORSEMENTS, config.FOLDER_AUTOMATED, junk] : []), ...(sent ? [sent] : [])];
      const missing = [...new Set(wanted)].filter((f) => !paths.has(f));
      const roleText = Object.entries(roles).map(([role, path]) => `${role} "${path}"`).join(', ');
      out.push({ name: 'IMAP folders', result: 'ok', detail: `${list.length} folder${list.length === 1 ? '' : 's'} listed${roleText ? ` (${roleText})` : ''}; "${watched.path}" holds ${st ? st.messages : '?'} messages${missing.length ? `; the worker will create ${missing.join(', ')}` : ''}` });
    }
  } catch (err) {
    out.push({ name: 'IMAP folders', result: 'FAIL', detail: `LIST/STATUS failed: ${(err as { responseText?: string }).responseText ?? (err as Error).message}`, advice: 'check the account\'s rights on its folders' });
  } finally {
    await closeConnection(client);
  }
  return out;
}

async function smtpLogin(config: Config, oauth: AccessTokenSource | undefined): Promise<CheckOutcome> {
  const at = { host: config.SMTP_HOST, port: config.SMTP_PORT, secure: config.SMTP_SECURE };
  // As the container builds it: SMTP_PASSWORD means a relay with its own login, else the mailbox's token.
  const mailer = createMailer({
    ...at, user: config.SMTP_USER, password: config.SMTP_PASSWORD, pool: true, oauth: config.SMTP_PASSWORD ? undefined : oauth,
    allowPlaintext: config.SMTP_ALLOW_PLAINTEXT, ca: config.smtpCa,
  });
  try {
    await mailer.verify();
    const who = config.SMTP_USER ?? (oauth && !config.SMTP_PASSWORD ? oauth.user : undefined);
    return { result: 'ok', detail: who ? `logged in as ${who} (nothing sent)` : 'no SMTP_USER: replies are sent without AUTH (nothing sent)' };
  } catch (err) {
    return failed(err, 'SMTP', at, Boolean(oauth && !config.SMTP_PASSWORD));
  } finally {
    await mailer.close();
  }
}

/** Redis answers, its version, persistence and eviction policy; then the worker's stored view. */
async function redisChecks(config: Config): Promise<Check[]> {
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  let lastError: Error | null = null;
  redis.on('error', (err: Error) => (lastError = err));
  try {
    await redis.connect().catch((err: Error) => {
      throw lastError ?? err;
    });
    await redis.ping();
    const info = await redis.info();
    // INFO is "key:value" lines: read by prefix, no pattern built from a name.
    const field = (k: string) => info.split('\n').find((l) => l.startsWith(`${k}:`))?.slice(k.length + 1).trim();
    const version = field('redis_version') ?? '?';
    const aof = field('aof_enabled') === '1';
    const policy = field('maxmemory_policy') ?? '?';
    const out: Check[] = [];
    const detail = `Redis ${version} answers PING; AOF ${aof ? 'on' : 'off'}; maxmemory-policy ${policy}`;
    if (policy !== 'noeviction' && policy !== '?') {
      out.push({ name: 'Redis', result: 'FAIL', detail, advice: 'set maxmemory-policy noeviction: evicted queue or review keys are lost work' });
    } else if (!aof) {
      out.push({ name: 'Redis', result: 'warn', detail, advice: 'turn on appendonly yes: without it a Redis restart can lose the organisers\' last decisions' });
    } else {
      out.push({ name: 'Redis', result: 'ok', detail });
    }
    const statuses = await readStatuses(redis, config.QUEUE_PREFIX);
    const seen = (['imap', 'smtp'] as const).map((n) => describeStatus(n, statuses[n])).filter((l): l is string => l !== null);
    if (seen.length) {
      const stopped = statuses.imap?.stopped === true;
      out.push({ name: 'worker', result: stopped ? 'FAIL' : 'warn', detail: `the worker last saw: ${seen.join('; ')}`,
        advice: stopped ? 'the mailbox watcher gave up: once the checks above pass, restart the worker' : 'the worker retries on its own; the checks above show whether it can succeed now' });
    } else {
      out.push({ name: 'worker', result: 'ok', detail: Object.keys(statuses).length ? 'the worker\'s connections were ok when last used' : 'no connection status recorded yet (the worker has not run)' });
    }
    const backups = describeBackups(config, await readBackupStatus(redis, config.QUEUE_PREFIX));
    if (backups) out.push({ name: 'backups', ...backups });
    return out;
  } catch (err) {
    return [{ name: 'Redis', result: 'FAIL', detail: `${config.REDIS_URL.replace(/\/\/[^@/]*@/, '//…@')}: ${(err as Error).message}`, advice: 'check REDIS_URL and that Redis runs' }];
  } finally {
    redis.disconnect();
  }
}

/** Print one check as `ok    name: detail` plus, for warn and FAIL, an indented advice line. */
function print(c: Check): void {
  process.stdout.write(`${c.result.padEnd(5)} ${c.name}: ${c.detail}\n${c.advice && c.result !== 'ok' ? `      → ${c.advice}\n` : ''}`);
}

/** Run every check, print each as it completes; resolves the checks. */
export async function runDoctor(): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (c: Check) => {
    checks.push(c);
    print(c);
  };
  let config: Config;
  try {
    config = readConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    add({ name: 'configuration', result: 'FAIL', detail: err.message.replace(/^configuration: /, ''), advice: 'set the variables named above (docs/CONTRACT.md lists them all); nothing else can be checked before' });
    return checks;
  }
  add({ name: 'configuration', result: 'ok', detail: `mailbox ${config.IMAP_USER} on ${config.IMAP_HOST}:${config.IMAP_PORT}, SMTP ${config.SMTP_HOST}:${config.SMTP_PORT}, watching "${config.IMAP_MAILBOX}"` });
  add({ name: 'appeal profile', ...appealCheck(config) });

  // Each step needs the one before: no TLS probe of a name that does not resolve, no login without a server.
  const imapDns = await checkDns(config.IMAP_HOST, 'IMAP');
  add({ name: 'IMAP DNS', ...imapDns });
  const imapServer = imapDns.result === 'FAIL' ? null : await probeServer('imap', { host: config.IMAP_HOST, port: config.IMAP_PORT, secure: config.IMAP_SECURE, ca: config.imapCa });
  if (imapServer) add({ name: 'IMAP server', ...imapServer });
  // The worker's own token source: a refresh token the provider rotates is saved as the worker would.
  const oauth = config.oauth ? createTokenSource(config.oauth) : undefined;
  if (imapServer && imapServer.result !== 'FAIL') for (const c of await imapChecks(config, oauth)) add(c);

  const smtpDns = await checkDns(config.SMTP_HOST, 'SMTP');
  add({ name: 'SMTP DNS', ...smtpDns });
  const smtpServer = smtpDns.result === 'FAIL' ? null : await probeServer('smtp', { host: config.SMTP_HOST, port: config.SMTP_PORT, secure: config.SMTP_SECURE, ca: config.smtpCa });
  if (smtpServer) add({ name: 'SMTP server', ...smtpServer });
  if (smtpServer && smtpServer.result !== 'FAIL') add({ name: 'SMTP login', ...(await smtpLogin(config, oauth)) });

  for (const c of await redisChecks(config)) add(c);
  return checks;
}

/** `endorse doctor`. */
export async function doctorCommand(): Promise<void> {
  const checks = await runDoctor();
  const failures = checks.filter((c) => c.result === 'FAIL').length;
  if (failures) throw new DoctorFailed(`doctor: ${failures} of ${checks.length} checks failed`);
}
