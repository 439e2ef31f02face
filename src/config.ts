/**
 * Configuration: the environment variables of CONTRACT.md (plus a few of ours) and the appeal profile
 * file, read once, validated by zod, frozen. `loadConfig` never reads process.env by itself: the caller passes the environment,
 * so tests build configs without touching globals. Secrets may come from `*_FILE` variables.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { loadAppealProfile } from './appeal/load';
import { AppealProfileError, displayTitle, type AppealProfile } from './appeal/profile';
import { PRESETS, PROVIDER_NAMES, providerKeepsSentCopy, type ProviderPreset } from './mailbox/presets';
import { resolveMailAuth, type OAuthSettings } from './mailbox/oauth/settings';
import type { IntakeStart } from './intake/start';

/** A configuration value is missing or malformed; `message` names the variable and the problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const bool = (dflt: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? dflt : ['true', '1', 'yes'].includes(v)));

const port = (dflt: number) => z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(dflt);
const positiveInt = (dflt: number) => z.coerce.number({ message: 'must be a whole number' }).int().positive().default(dflt);
const nonEmpty = z.string({ message: 'is required' }).trim().min(1, 'is required');
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));

/**
 * WEB_TRUST_PROXY: unset or false trusts no proxy; `true` trusts one proxy on this machine or a
 * private network (loopback, link-local, private ranges: a compose network); otherwise a
 * comma-separated list of the proxies' addresses or CIDR ranges. Only a trusted proxy's
 * X-Forwarded-For and X-Forwarded-Proto are believed.
 */
/** An IP address, or one with a prefix length (CIDR). */
function proxyAddress(entry: string): boolean {
  const [ip, bits, ...rest] = entry.trim().split('/');
  const family = isIP(ip ?? '');
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

const trustProxy = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim())
  .refine((v) => v === '' || /^(?:true|false|yes|no|1|0)$/i.test(v) || v.split(',').every(proxyAddress),
    'must be true, false, or a comma-separated list of proxy addresses or CIDR ranges')
  .transform((v): boolean | string => {
    if (v === '' || /^(?:false|no|0)$/i.test(v)) return false;
    if (/^(?:true|yes|1)$/i.test(v)) return true;
    return v.split(',').map((p) => p.trim()).join(',');
  });

/** INTAKE_START: `all`, `now`, or a calendar date (UTC midnight of YYYY-MM-DD). */
const intakeStart = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim().toLowerCase() || 'now')
  .refine((v) => v === 'all' || v === 'now' || isCalendarDate(v), 'must be all, now or a date YYYY-MM-DD')
  .transform((v): IntakeStart => (v === 'all' || v === 'now' ? { mode: v } : { mode: 'since', date: v }));

/** A real YYYY-MM-DD date (2026-02-30 is not). */
export function isCalendarDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

const addressLike = /^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+)$/;

const schema = z.object({
  IMAP_HOST: nonEmpty,
  IMAP_PORT: port(993),
  IMAP_SECURE: bool(true),
  IMAP_USER: nonEmpty,
  /** Required unless the mailbox logs in with OAuth2 (MAIL_AUTH, checked in loadConfig). */
  IMAP_PASSWORD: z.string().trim().default(''),
  IMAP_MAILBOX: z.string().trim().min(1).default('INBOX'),
  SMTP_HOST: nonEmpty,
  SMTP_PORT: port(587),
  SMTP_SECURE: bool(false),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: optionalText,
  FROM_ADDRESS: nonEmpty.regex(addressLike, 'must be an address such as "Appeal team <info@example.org>"'),
  REDIS_URL: z
    .string()
    .trim()
    .default('redis://127.0.0.1:6379')
    .refine((v) => /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://'),
  QUEUE_PREFIX: z
    .string()
    .trim()
    .default('endorse')
    .refine((v) => /^[A-Za-z0-9_.-]+$/.test(v), 'may hold only letters, digits, dot, dash and underscore'),
  /** The appeal's English title; with APPEAL_FILE, used only where the file has no English title. */
  APPEAL_TITLE: optionalText,
  /** The appeal profile, YAML or JSON (see src/appeal/profile.ts); wins over APPEAL_TITLE. */
  APPEAL_FILE: optionalText,
  WEB_HOST: z.string().trim().min(1).default('127.0.0.1'),
  WEB_PORT: port(3000),
  /** Which reverse proxies in front of the web process to believe about the client (X-Forwarded-For/-Proto). */
  WEB_TRUST_PROXY: trustProxy,
  /** The address organisers open, e.g. https://review.example.org: https turns on HSTS. */
  WEB_PUBLIC_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s/]+(?:\/\S*)?$/.test(v), 'must be an http:// or https:// address'),
  // Ours, beyond the contract:
  MAX_MESSAGE_BYTES: positiveInt(25 * 1024 * 1024),
  FILING: bool(true),
  FOLDER_ENDORSEMENTS: z.string().trim().min(1).default('Endorsements'),
  FOLDER_AUTOMATED: z.string().trim().min(1).default('Automated'),
  FOLDER_JUNK: z.string().trim().min(1).default('Junk'),
  POLL_SECONDS: positiveInt(60),
  FETCH_BATCH: positiveInt(200),
  INTAKE_CONCURRENCY: positiveInt(8),
  // A reply mostly waits (Redis, SMTP, the Sent-folder append): 16 in parallel keep the SMTP
  // connections (SMTP_MAX_CONNECTIONS caps them) busy; 4 left them idle between round trips.
  REPLY_CONCURRENCY: positiveInt(16),
  REPLIES: bool(true),
  /** Extra threads running intake and reply workers beside the main one: parsing mail is CPU work. */
  WORKER_THREADS: z.coerce.number({ message: 'must be a whole number' }).int().min(0).max(64).default(Math.max(0, availableParallelism() - 1)),
  /** How long the watcher's mailbox lease lives without renewal: a crashed watcher's successor waits this long. */
  LEASE_SECONDS: positiveInt(30),
  /** BullMQ job lock: a crashed worker's jobs are retried after this; must exceed the SMTP socket timeout. */
  JOB_LOCK_SECONDS: positiveInt(60),
  /**
   * After SIGTERM/SIGINT, how long in-flight work may take before the worker exits 1 leaving it for
   * the next start; below docker-compose's `stop_grace_period` (60 s), which ends in SIGKILL.
   */
  STOP_GRACE_SECONDS: positiveInt(50),
  /** Global circuit breaker: at most this many replies an hour; past it replies wait (delayed, not dropped). */
  REPLY_MAX_PER_HOUR: positiveInt(200),
  /** Automatic acknowledgements per address per 24 h (0: none to anyone). */
  REPLY_PER_RECIPIENT_PER_DAY: z.coerce.number({ message: 'must be a whole number' }).int().min(0).default(1),
  /**
   * `dmarc`: acknowledge only mail whose From domain passed DMARC (or aligned SPF/DKIM); `auto`: the
   * same for every message carrying REPLY_AUTHSERV_ID's Authentication-Results; `none`: every sender.
   */
  REPLY_REQUIRE_AUTH: z.enum(['none', 'dmarc', 'auto'], { message: 'must be none, dmarc or auto' }).default('auto'),
  /** Our receiving server's authserv-id in Authentication-Results; unset: the topmost header is trusted. */
  REPLY_AUTHSERV_ID: optionalText,
  /** Past this many replies to one recipient domain in an hour, replies wait for an organiser's release. */
  REPLY_MAX_PER_DOMAIN_PER_HOUR: positiveInt(30),
  /** Past this many replies in 24 hours, replies wait for an organiser's release. */
  REPLY_MAX_PER_DAY: positiveInt(1000),
  /** HMAC secret of our reply Message-IDs; unset: one is made once and kept in Redis. */
  REPLY_SECRET: optionalText,
  /** When the Sent folder is searched before a send: after an interrupted attempt, or always (Redis state not trusted). */
  REPLY_SENT_CHECK: z.enum(['attempts', 'always'], { message: 'must be attempts or always' }).default('attempts'),
  /** An address our replies bounced from gets none for this many days after the last bounce. */
  BOUNCE_MARK_DAYS: positiveInt(30),
  /** Staged raw bytes of a message not yet taken in (or kept because it failed) expire after this. */
  RAW_TTL_HOURS: positiveInt(72),
  /** Where a copy of each reply is appended in the mailbox; empty: no copy (and no Sent search on recovery). */
  SENT_FOLDER: z.string().trim().default('Sent'),
  /** The provider whose hosts, ports, folders and limits are the defaults (src/mailbox/presets.ts). */
  MAIL_PROVIDER: z.enum(PROVIDER_NAMES as [ProviderPreset['name'], ...ProviderPreset['name'][]], { message: `must be one of ${PROVIDER_NAMES.join(', ')}` }).default('generic'),
  /** The Sent folder by name (same as SENT_FOLDER, which it wins over); unset: the server's \Sent folder. */
  FOLDER_SENT: optionalText,
  /**
   * Whether we append a copy of each reply to the Sent folder: `auto` unless the provider files its
   * own copy of mail sent through its SMTP (Gmail, Microsoft 365), `always`, or `never`.
   */
  SENT_COPY: z.enum(['auto', 'always', 'never'], { message: 'must be auto, always or never' }).default('auto'),
  /** Where the list of signatories is published, named in confirmations. */
  SIGNATORIES_URL: optionalText,
  /** A folder of the organisers' own reply templates (`<type>/<lang>.<part>.hbs`), searched before ours. */
  TEMPLATES_DIR: optionalText.refine((v) => v === undefined || (existsSync(v) && statSync(v).isDirectory()), 'must be a folder that exists'),
  /**
   * Where intake starts on a mailbox it has never read (no cursor yet): `now` (only mail arriving from
   * then on), `all` (the whole history), or a date YYYY-MM-DD (mail received on or after it). Once a
   * cursor exists it no longer matters. History is taken in with `endorse import`.
   */
  INTAKE_START: intakeStart,
  /** Never acknowledge mail received more than this many days ago (0: no limit). */
  REPLY_MAX_AGE_DAYS: z.coerce.number({ message: 'must be a whole number' }).int().min(0).default(7),
  /** After this many refused IMAP logins in a row the watcher stops until a restart (a lockout or IP ban costs more). */
  IMAP_AUTH_MAX_TRIES: positiveInt(5),
  /** Wait after the first refused IMAP login; doubled after each next one, up to an hour. */
  IMAP_AUTH_RETRY_SECONDS: positiveInt(60),
  /** A reply an organiser's action sends (confirmation, withdrawal note) waits this long, so Undo can stop it; 0 sends at once. */
  REVIEW_UNDO_SECONDS: z.coerce.number({ message: 'must be a whole number' }).int().min(0).max(86400).default(60),
  /**
   * Where the worker remembers Redis's epoch and checkpoint outside Redis, to notice a Redis that lost
   * state (src/recovery); empty: in memory only (a reset while no worker runs is then seen only by our
   * replies in the Sent folder).
   */
  STATE_DIR: z.string().trim().default('./state'),
  /** How often the running worker moves the epoch's checkpoint up (and checks Redis kept it). */
  EPOCH_CHECKPOINT_SECONDS: positiveInt(2),
  /**
   * The worker collects its heap once it grew this many MB past the last collection (checked every
   * second), so memory follows what is alive (src/heap-pace.ts); 0 leaves it to V8.
   */
  HEAP_PACE_MB: z.coerce.number({ message: 'must be a whole number' }).int().min(0).max(4096).default(8),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The worker's /metrics listener (Prometheus); 0: none. The web process serves /metrics on WEB_PORT. */
  METRICS_PORT: port(0),
  /** Where the worker's /metrics listens: this machine only unless changed (a compose network: 0.0.0.0). */
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** When set, every /metrics request must bear it (`Authorization: Bearer …`); unset: web serves loopback clients only. */
  METRICS_TOKEN: optionalText,
  // OAuth2 login for IMAP and SMTP (src/mailbox/oauth/settings.ts; CONTRACT.md "OAuth2"):
  /** `password` or `oauth2`; unset: oauth2 when OAUTH_FLOW or GOOGLE_SERVICE_ACCOUNT_FILE is set. */
  MAIL_AUTH: z.enum(['password', 'oauth2'], { message: 'must be password or oauth2' }).optional(),
  OAUTH_PROVIDER: z.enum(['microsoft365', 'google', 'generic'], { message: 'must be microsoft365, google or generic' }).optional(),
  OAUTH_FLOW: z.enum(['client_credentials', 'refresh_token', 'service_account'], { message: 'must be client_credentials, refresh_token or service_account' }).optional(),
  OAUTH_TOKEN_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), 'must be an http:// or https:// address'),
  OAUTH_DEVICE_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), 'must be an http:// or https:// address'),
  OAUTH_AUTHORIZE_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), 'must be an http:// or https:// address'),
  OAUTH_CLIENT_ID: optionalText,
  OAUTH_CLIENT_SECRET: optionalText,
  OAUTH_REFRESH_TOKEN: optionalText,
  /** Read at each refresh (not here): `endorse auth` creates it, and rotated tokens are saved to it. */
  OAUTH_REFRESH_TOKEN_FILE: optionalText,
  OAUTH_SCOPE: optionalText,
  OAUTH_TENANT: optionalText,
  GOOGLE_SERVICE_ACCOUNT_FILE: optionalText,
  /** Without implicit TLS, STARTTLS is required before login unless these allow cleartext (loopback tests). */
  IMAP_ALLOW_PLAINTEXT: bool(false),
  SMTP_ALLOW_PLAINTEXT: bool(false),
  /** A PEM file of a private CA to trust for the server's certificate. */
  IMAP_CA_FILE: optionalText,
  SMTP_CA_FILE: optionalText,
  /**
   * Connections open at once across every thread and process of this appeal (a Redis semaphore).
   * Defaults from MAIL_PROVIDER (withPreset): IMAP at most 5, leaving the provider's other slots to
   * the organisers' own mail clients; SMTP the provider's limit.
   */
  IMAP_MAX_CONNECTIONS: positiveInt(5),
  SMTP_MAX_CONNECTIONS: positiveInt(3),
  /** `even`: at most REPLY_MAX_PER_DAY/24 replies an hour, so a backlog is spread over the day (default for Gmail and Microsoft 365). */
  REPLY_PACING: z.enum(['off', 'even'], { message: 'must be off or even' }).default('off'),
  /** Where the long-running worker writes scheduled backups; unset: none. */
  BACKUP_DIR: optionalText,
  /** Minutes between scheduled backups (0: none). */
  BACKUP_EVERY_MINUTES: z.coerce.number({ message: 'must be a whole number' }).int().min(0).max(7 * 24 * 60).default(60),
  /** How many scheduled backups are kept in BACKUP_DIR (the newest). */
  BACKUP_KEEP: positiveInt(48),
});

export type Config = Readonly<Omit<z.output<typeof schema>, 'APPEAL_TITLE'>> & {
  /** The appeal's title where no language applies (the profile's English title, else its first). */
  readonly APPEAL_TITLE: string;
  /** The appeal profile: from APPEAL_FILE, or one English title from APPEAL_TITLE. */
  readonly appeal: AppealProfile;
  /** The bare address of FROM_ADDRESS, lower-case. */
  readonly fromAddress: string;
  /** The display name of FROM_ADDRESS, or ''. */
  readonly fromName: string;
  /** The MAIL_PROVIDER preset: its hosts and limits are the defaults beneath the explicit variables. */
  readonly provider: ProviderPreset;
  /** True when the provider files its own Sent copy of our replies in this mailbox (its preset says so, SMTP_HOST is its own, SMTP_USER is IMAP_USER). */
  readonly keepsSentCopy: boolean;
  /** Whether a copy of each reply is appended to the Sent folder (SENT_COPY, keepsSentCopy, SENT_FOLDER not empty). */
  readonly appendSentCopy: boolean;
  /** The provider's IMAP connections per mailbox (a default for a connection budget). */
  readonly imapMaxConnections: number;
  /** The provider's SMTP submission connections per mailbox. */
  readonly smtpMaxConnections: number;
  /** The provider's daily sending limit. */
  readonly maxPerDay: number;
  /**
   * Folder names the organisers set for a role: these are used as they are. A role left unset (null)
   * is looked up among the server's folders by its RFC 6154 flag, and created only when none has it.
   * `sent` is '' when SENT_FOLDER is set empty: no Sent copy and no Sent search.
   */
  readonly explicitFolders: { readonly sent: string | null; readonly junk: string | null };
  /** OAuth2 login settings, or null when the mailbox logs in with IMAP_PASSWORD. */
  readonly oauth: OAuthSettings | null;
  /** The contents of IMAP_CA_FILE / SMTP_CA_FILE, read once. */
  readonly imapCa?: string;
  readonly smtpCa?: string;
};



/** Read a CA file named by `name`, or a ConfigError naming the variable. */
function readCa(name: string, file: string | undefined): { ca?: string; error?: string } {
  if (!file) return {};
  try {
    const ca = readFileSync(file, 'utf8');
    return /-----BEGIN CERTIFICATE-----/.test(ca) ? { ca } : { error: `${name} ${file} holds no PEM certificate` };
  } catch (err) {
    return { error: `${name}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
}

const SECRET_FILES = ['IMAP_PASSWORD', 'SMTP_PASSWORD', 'REPLY_SECRET', 'OAUTH_CLIENT_SECRET'] as const;

/** Resolve `X_FILE` into `X` (trailing newline trimmed); having both is an error. */
function resolveSecretFiles(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out = { ...env };
  for (const name of SECRET_FILES) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) throw new ConfigError(`${name} and ${name}_FILE are both set: keep one`);
    try {
      out[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new ConfigError(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  return out;
}

/**
 * Validate an environment into a frozen Config.
 * @throws ConfigError naming every variable that is missing or malformed.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const resolved = withPreset(resolveSecretFiles(env));
  const parsed = schema.safeParse(resolved);
  const lines = parsed.success
    ? []
    : parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '?');
      const given = resolved[name];
      const msg = given === undefined && /required|expected string/.test(i.message) ? 'is required' : i.message;
      return `${name} ${msg}`;
    });
  let appeal: AppealProfile | undefined;
  try {
    appeal = loadAppealProfile(resolved);
  } catch (err) {
    if (!(err instanceof AppealProfileError)) throw err;
    lines.push(err.message);
  }
  const mailAuth = parsed.success ? resolveMailAuth({ ...parsed.data, MAIL_PROVIDER: resolved.MAIL_PROVIDER }) : null;
  if (mailAuth) lines.push(...mailAuth.problems);
  const imapCa = readCa('IMAP_CA_FILE', parsed.data?.IMAP_CA_FILE);
  const smtpCa = readCa('SMTP_CA_FILE', parsed.data?.SMTP_CA_FILE);
  for (const e of [imapCa.error, smtpCa.error]) if (e) lines.push(e);
  if (!parsed.success || !appeal || lines.length) throw new ConfigError(`configuration: ${[...new Set(lines)].join('; ')}`);
  const from = parsed.data.FROM_ADDRESS;
  const angle = /<\s*([^\s<>]+)\s*>/.exec(from);
  const fromAddress = (angle ? angle[1]! : from).toLowerCase();
  const fromName = angle ? from.slice(0, from.indexOf('<')).trim().replace(/^"|"$/g, '') : '';
  const provider = PRESETS[parsed.data.MAIL_PROVIDER];
  // The provider files the copy in the mailbox that logged in to SMTP: only ours when it is the same.
  const smtpLogin = parsed.data.SMTP_USER ?? parsed.data.IMAP_USER;
  const keepsSentCopy = providerKeepsSentCopy(provider, parsed.data.SMTP_HOST) && smtpLogin.toLowerCase() === parsed.data.IMAP_USER.toLowerCase();
  const sentName = parsed.data.FOLDER_SENT ?? (resolved.SENT_FOLDER !== undefined ? parsed.data.SENT_FOLDER : null);
  const appendSentCopy = sentName !== '' && (parsed.data.SENT_COPY === 'always' || (parsed.data.SENT_COPY === 'auto' && !keepsSentCopy));
  return Object.freeze({
    ...parsed.data,
    APPEAL_TITLE: displayTitle(appeal),
    SIGNATORIES_URL: parsed.data.SIGNATORIES_URL ?? appeal.signatoriesUrl,
    appeal, fromAddress, fromName,
    provider, keepsSentCopy, appendSentCopy,
    imapMaxConnections: provider.imapMaxConnections, smtpMaxConnections: provider.smtpMaxConnections, maxPerDay: provider.maxPerDay,
    explicitFolders: Object.freeze({ sent: sentName, junk: resolved.FOLDER_JUNK?.trim() ? parsed.data.FOLDER_JUNK : null }),
    oauth: mailAuth?.settings ?? null,
    ...(imapCa.ca ? { imapCa: imapCa.ca } : {}), ...(smtpCa.ca ? { smtpCa: smtpCa.ca } : {}),
  });
}

/**
 * The MAIL_PROVIDER preset's hosts, ports, TLS, connection and daily limits as defaults: a variable
 * the environment sets (not empty) wins. An unknown provider is left for the schema to name.
 */
function withPreset(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const preset = PRESETS[(env.MAIL_PROVIDER?.trim() || 'generic') as ProviderPreset['name']];
  if (!preset) return env;
  const defaults: Record<string, string | undefined> = {
    IMAP_HOST: preset.imap?.host, IMAP_PORT: preset.imap && String(preset.imap.port), IMAP_SECURE: preset.imap && String(preset.imap.secure),
    SMTP_HOST: preset.smtp?.host, SMTP_PORT: preset.smtp && String(preset.smtp.port), SMTP_SECURE: preset.smtp && String(preset.smtp.secure),
    IMAP_MAX_CONNECTIONS: String(Math.min(5, preset.imapMaxConnections)), SMTP_MAX_CONNECTIONS: String(preset.smtpMaxConnections),
    // Below the provider's daily limit, and spread over the day where a provider enforces one.
    REPLY_MAX_PER_DAY: String(Math.min(1000, preset.maxPerDay)),
    REPLY_PACING: preset.name === 'gmail' || preset.name === 'microsoft365' ? 'even' : undefined,
  };
  const out = { ...env };
  for (const [name, value] of Object.entries(defaults)) if (value !== undefined && !env[name]?.trim()) out[name] = value;
  return out;
}

/** The settings that are secret, for log redaction. */
export const SECRET_KEYS = ['IMAP_PASSWORD', 'SMTP_PASSWORD', 'REPLY_SECRET', 'OAUTH_CLIENT_SECRET', 'OAUTH_REFRESH_TOKEN'];
