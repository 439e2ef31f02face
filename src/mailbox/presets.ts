/**
 * Provider presets (MAIL_PROVIDER): what an organiser would otherwise look up for Gmail, Microsoft 365
 * or Fastmail before the worker can run well there: hosts, ports, TLS, the folder names the provider
 * uses, whether it files its own Sent copy of mail sent through its SMTP, and its connection and
 * sending limits. Pure data; config.ts applies a preset beneath the explicit variables.
 */

/** The RFC 6154 roles we look for, and the names a provider gives the folders holding them. */
export interface PresetFolders {
  sent: string;
  junk: string;
  archive?: string;
  drafts: string;
}

/** One provider's settings. */
export interface ProviderPreset {
  name: 'gmail' | 'microsoft365' | 'fastmail' | 'generic';
  imap?: { host: string; port: number; secure: boolean };
  smtp?: { host: string; port: number; secure: boolean };
  /** The SMTP hosts whose submissions the provider files in the Sent folder by itself (see keepsSentCopy). */
  sentCopyHosts: string[];
  /** Folder names to expect (they also carry RFC 6154 special-use flags there). */
  folders?: PresetFolders;
  /** Most simultaneous IMAP connections per mailbox before the server refuses more. */
  imapMaxConnections: number;
  /** Most simultaneous SMTP submission connections per mailbox. */
  smtpMaxConnections: number;
  /** Messages (or recipients, where the provider counts those) a mailbox may send a day. */
  maxPerDay: number;
  /** Messages a minute, where the provider publishes a limit. */
  maxPerMinute?: number;
}

/**
 * The presets. Sources (looked up 2026-12):
 * - Gmail: imap.gmail.com:993 and smtp.gmail.com:465 (implicit TLS) or 587 (STARTTLS). Mail submitted
 *   through smtp.gmail.com is filed in "[Gmail]/Sent Mail" by Gmail itself. IMAP: 15 simultaneous
 *   connections per account (Gmail Help "Too many simultaneous connections"; an older version of the
 *   page said 10). Sending: 2,000 messages a day for Google Workspace, 500 for a personal account
 *   (Gmail Help "Gmail sending limits in Google Workspace"); the lower figure is the preset's, since a
 *   Workspace mailbox can raise REPLY_MAX_PER_DAY and a personal one must not exceed it. Google
 *   publishes no SMTP connection limit: 3 is our own cautious choice, not a Google figure.
 * - Microsoft 365: outlook.office365.com:993, smtp.office365.com:587 (STARTTLS). Exchange Online
 *   stores mail sent by SMTP AUTH client submission in Sent Items and allows 3 concurrent SMTP
 *   connections per mailbox ("432 4.3.2 concurrent connection limit exceeded"), 10,000 recipients a
 *   day and 30 messages a minute (Exchange Team blog, "Changes coming to the SMTP Authenticated
 *   Submission client protocol", 2018; Exchange Online limits). IMAP: 20 concurrent connections per
 *   mailbox (Exchange Online throttling FAQ).
 * - Fastmail: imap.fastmail.com:993, smtp.fastmail.com:465. We found no statement that Fastmail files
 *   mail submitted by SMTP in Sent (its clients save their own copy), so the preset says no: a copy
 *   too many is harmless, a missing one would leave nothing to search after an interrupted send.
 *   Fastmail publishes no per-mailbox connection figures: Dovecot's default of 10 is used.
 * - Generic (own Dovecot, shared hosting): Dovecot's `mail_max_userip_connections` default is 10
 *   (per user and IP address); nothing is assumed about sending limits but the existing defaults.
 */
export const PRESETS: Readonly<Record<ProviderPreset['name'], ProviderPreset>> = Object.freeze({
  gmail: {
    name: 'gmail',
    imap: { host: 'imap.gmail.com', port: 993, secure: true },
    smtp: { host: 'smtp.gmail.com', port: 465, secure: true },
    sentCopyHosts: ['smtp.gmail.com'],
    folders: { sent: '[Gmail]/Sent Mail', junk: '[Gmail]/Spam', drafts: '[Gmail]/Drafts' },
    imapMaxConnections: 15,
    smtpMaxConnections: 3,
    maxPerDay: 500,
  },
  microsoft365: {
    name: 'microsoft365',
    imap: { host: 'outlook.office365.com', port: 993, secure: true },
    smtp: { host: 'smtp.office365.com', port: 587, secure: false },
    sentCopyHosts: ['smtp.office365.com', 'smtp-mail.outlook.com'],
    folders: { sent: 'Sent Items', junk: 'Junk Email', archive: 'Archive', drafts: 'Drafts' },
    imapMaxConnections: 20,
    smtpMaxConnections: 3,
    maxPerDay: 10_000,
    maxPerMinute: 30,
  },
  fastmail: {
    name: 'fastmail',
    imap: { host: 'imap.fastmail.com', port: 993, secure: true },
    smtp: { host: 'smtp.fastmail.com', port: 465, secure: true },
    sentCopyHosts: [],
    folders: { sent: 'Sent', junk: 'Spam', archive: 'Archive', drafts: 'Drafts' },
    imapMaxConnections: 10,
    smtpMaxConnections: 3,
    maxPerDay: 1000,
  },
  generic: {
    name: 'generic',
    sentCopyHosts: [],
    imapMaxConnections: 10,
    smtpMaxConnections: 3,
    maxPerDay: 1000,
  },
});

/** The names MAIL_PROVIDER accepts. */
export const PROVIDER_NAMES = Object.keys(PRESETS) as ProviderPreset['name'][];

/**
 * Whether the provider files its own Sent copy of what we send: only when we submit through one of
 * its own SMTP hosts (a relay elsewhere files nothing in the mailbox).
 */
export function providerKeepsSentCopy(preset: ProviderPreset, smtpHost: string): boolean {
  return preset.sentCopyHosts.includes(smtpHost.trim().toLowerCase());
}
