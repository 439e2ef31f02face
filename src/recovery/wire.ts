/**
 * The recovery guard built from the configuration: where the state file is, how the Sent folder is
 * found, which folders are filed into, and the rebuild run under the mailbox lease (so it never runs
 * beside a watcher, and two workers never rebuild at once).
 */
import type Redis from 'ioredis';
import type { Config } from '../config';
import { closeConnection, openConnection, type ImapSettings } from '../intake/connection';
import { DEFAULT_BATCH_BYTES } from '../intake/fetch-plan';
import { acquireLease } from '../intake/lease';
import type { IntakeDeps } from '../jobs/intake';
import { countOurReplies, findSentFolder, type SentFolderWhere } from '../replies/sent-scan';
import { readStatuses } from '../status/store';
import { createRecoveryGuard, type RecoveryGuard } from './guard';
import { rebuild, type RebuildSummary } from './rebuild';
import { stateFile } from './state-file';
import type { StartRecord } from '../intake/start';

/** What the worker's container hands over. */
export interface RecoveryWiring {
  redis: Redis;
  intakeDeps: IntakeDeps;
  imapSettings: ImapSettings;
  log: { info(o: object, msg: string): void; warn(o: object, msg: string): void; error(o: object, msg: string): void };
}

/** Where our replies' copies are, as the reply service finds them (SENT_FOLDER), or null for none. */
export function sentWhere(config: Config): SentFolderWhere | null {
  const named = config.explicitFolders.sent;
  if (named === '') return null;
  return { folder: named ?? 'Sent', byRole: named === null, hint: config.provider.folders?.sent };
}

/** The domains of our reply Message-IDs (FROM_ADDRESS's). */
export function replyDomains(config: Config): string[] {
  return [config.fromAddress.split('@')[1] ?? 'localhost'];
}

/** The rebuild alone, under the mailbox lease (also `endorse rebuild`). */
export async function rebuildUnderLease(
  config: Config, w: RecoveryWiring, ctx: { rememberedStart: StartRecord | null; lastGood: number | null },
): Promise<RebuildSummary> {
  const ttlMs = config.LEASE_SECONDS * 1000;
  const lease = await acquireLease({ redis: w.redis, prefix: config.QUEUE_PREFIX, mailbox: config.IMAP_MAILBOX, ttlMs, waitMs: 2 * ttlMs + 1000 });
  try {
    return await rebuild({
      redis: w.redis, prefix: config.QUEUE_PREFIX, imap: w.imapSettings, watched: config.IMAP_MAILBOX,
      folders: { endorsements: config.FOLDER_ENDORSEMENTS, automated: config.FOLDER_AUTOMATED, junk: config.FOLDER_JUNK },
      junkByRole: config.explicitFolders.junk === null, folderHints: config.provider.folders ?? {},
      sent: sentWhere(config), domains: replyDomains(config), intake: w.intakeDeps,
      limits: { batchSize: config.FETCH_BATCH, maxBatchBytes: DEFAULT_BATCH_BYTES, maxMessageBytes: config.MAX_MESSAGE_BYTES },
      rawTtlSeconds: config.RAW_TTL_HOURS * 3600, concurrency: config.INTAKE_CONCURRENCY,
      lease, log: w.log, ...ctx,
    });
  } finally {
    await lease.release().catch(() => false);
  }
}

/** The worker's recovery guard. */
export function createRecovery(config: Config, w: RecoveryWiring): RecoveryGuard {
  return createRecoveryGuard({
    redis: w.redis, prefix: config.QUEUE_PREFIX, watched: config.IMAP_MAILBOX, log: w.log,
    stateFile: config.STATE_DIR ? stateFile(config.STATE_DIR, config.QUEUE_PREFIX) : null,
    sentEvidence: async () => {
      const where = sentWhere(config);
      if (!where) return 0;
      const client = await openConnection(w.imapSettings, { onNewMail: () => undefined, onClose: () => undefined, onError: () => undefined }, { idle: false });
      try {
        const folder = await findSentFolder(client, where);
        return folder ? await countOurReplies(client, folder, replyDomains(config)) : 0;
      } finally {
        await closeConnection(client);
      }
    },
    imapAnswers: async () => (await readStatuses(w.redis, config.QUEUE_PREFIX)).imap?.state === 'ok',
    rebuild: (ctx) => rebuildUnderLease(config, w, ctx),
  });
}
