#!/usr/bin/env node
/**
 * The `endorse` command (CONTRACT.md). Data goes to standard output, progress and errors to
 * standard error. Exit codes: 0 success, 1 runtime failure, 2 bad usage or configuration.
 */
import { Argument, Command, CommanderError, Option } from 'commander';
import { ConfigError } from './config';
import { UsageError } from './commands/errors';

/** Commands load their code when run, so `endorse extract` never loads the servers' libraries. */
const cmd = {
  extract: () => import('./commands/extract'),
  doctor: () => import('./commands/doctor'),
  export: () => import('./commands/export'),
  import: () => import('./commands/import'),
  messages: () => import('./commands/messages'),
  replies: () => import('./commands/replies'),
  review: () => import('./commands/review'),
  users: () => import('./commands/users'),
  web: () => import('./commands/web'),
  templates: () => import('./commands/templates'),
  worker: () => import('./commands/worker'),
  auth: () => import('./commands/auth'),
  backup: () => import('./commands/backup'),
};

function buildProgram(): Command {
  const program = new Command('endorse')
    .description('Runs the inbox of a public appeal: takes in endorsements by email, queues them for review, acknowledges them.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('extract')
    .description('read raw messages (.eml, or - for standard input) offline and print one JSON line per file')
    .option('--json', 'print JSON lines (the default)')
    .argument('<file...>')
    .action(async (files: string[]) => (await cmd.extract()).extractCommand(files));

  program
    .command('worker')
    .description('watch the mailbox and run the intake and reply workers until SIGTERM')
    .option('--once', 'process everything now in the mailbox, wait for the queues to drain, and exit')
    .action(async (opts: { once?: boolean }) => (await cmd.worker()).workerCommand(Boolean(opts.once)));

  program
    .command('export')
    .description('print endorsements (default: approved, as JSON)')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv', 'html']).default('json'))
    .addOption(new Option('--status <status>', 'which endorsements').choices(['pending', 'approved', 'rejected', 'withdrawn', 'all']).default('approved'))
    .option('--language <tag>', 'language of the headings and country names in --format html (e.g. de, uk)', 'en')
    .action(async (opts: { format: 'json' | 'csv' | 'html'; status: string; language: string }) => (await cmd.export()).exportCommand(opts.format, opts.status, opts.language));

  program
    .command('import')
    .description('take mail already in the mailbox in for review (never acknowledged; left in place unless --file)')
    .requiredOption('--since <date>', 'received on or after this date (YYYY-MM-DD)')
    .option('--until <date>', 'received on or before this date (YYYY-MM-DD)')
    .option('--folder <name>', 'the folder to read (default: IMAP_MAILBOX)')
    .option('--file', 'file imported mail into the folders as intake does (watched folder only)')
    .action(async (opts: { since: string; until?: string; folder?: string; file?: boolean }) => (await cmd.import()).importCommand(opts));

  const review = program.command('review').description('review transitions, as on the web page');
  review
    .command('approve')
    .argument('<id...>')
    .option('--by <name>', 'who approves (default: the OS user)')
    .option('--version <n>', 'refuse if the item is no longer at this version (one id only)')
    .action(async (ids: string[], opts: { by?: string; version?: string }) => (await cmd.review()).reviewCommand('approve', ids, opts.by, undefined, opts.version));
  review
    .command('reject')
    .argument('<id...>')
    .option('--reason <text>', 'why')
    .option('--by <name>', 'who rejects (default: the OS user)')
    .option('--version <n>', 'refuse if the item is no longer at this version (one id only)')
    .action(async (ids: string[], opts: { by?: string; reason?: string; version?: string }) => (await cmd.review()).reviewCommand('reject', ids, opts.by, opts.reason, opts.version));
  review
    .command('remove')
    .description('carry out a withdrawal request: withdraw the signer it is linked to (or --of) and queue the withdrawal note')
    .argument('<id>')
    .option('--of <original>', 'link the request to this item first')
    .option('--by <name>', 'who removes (default: the OS user)')
    .action(async (id: string, opts: { of?: string; by?: string }) => (await cmd.review()).reviewRemoveCommand(id, opts.of, opts.by));
  review
    .command('undo')
    .description('within REVIEW_UNDO_SECONDS of an action: cancel the mail it queued and put the statuses back')
    .argument('<id...>')
    .option('--by <name>', 'who undoes (default: the OS user)')
    .action(async (ids: string[], opts: { by?: string }) => (await cmd.review()).reviewUndoCommand(ids, opts.by));

  program
    .command('messages')
    .description('every message the worker has taken in')
    .option('--json', 'print a JSON array')
    .action(async (opts: { json?: boolean }) => (await cmd.messages()).messagesCommand(Boolean(opts.json)));

  program
    .command('bounces')
    .description('addresses our replies bounced from')
    .command('clear')
    .description('lift the bouncing mark of an address, so replies may go to it again')
    .argument('<address>')
    .action(async (address: string) => (await cmd.replies()).bouncesClearCommand(address));

  program
    .command('replies')
    .description('automatic replies')
    .command('release')
    .description('release the replies held past REPLY_MAX_PER_DAY or REPLY_MAX_PER_DOMAIN_PER_HOUR')
    .action(async () => (await cmd.replies()).repliesReleaseCommand());

  program
    .command('templates')
    .description('reply templates')
    .command('check')
    .description('render every reply template in every language with sample data; fail naming any missing variable or part')
    .action(async () => (await cmd.templates()).templatesCheckCommand());

  const users = program.command('users').description('organiser accounts for the review page');
  users
    .command('add')
    .description('create an account (or change its password); the password is read from standard input when it is not a terminal')
    .argument('<name>')
    .addOption(new Option('--role <role>', 'organiser, or admin (manages accounts, sees the job dashboard); default: admin for the first account, else organiser').choices(['organiser', 'admin']))
    .action(async (name: string, opts: { role?: 'organiser' | 'admin' }) => (await cmd.users()).usersAddCommand(name, opts.role));
  users
    .command('role')
    .description('make an account an organiser or an admin')
    .argument('<name>')
    .addArgument(new Argument('<role>').choices(['organiser', 'admin']))
    .action(async (name: string, role: 'organiser' | 'admin') => (await cmd.users()).usersRoleCommand(name, role));
  users
    .command('token')
    .description('print a new API token for an account (shown once; stored hashed)')
    .argument('<name>')
    .action(async (name: string) => (await cmd.users()).usersTokenCommand(name));
  users
    .command('list')
    .description('every account: role, when created, open sessions, API tokens, whether revoked')
    .option('--json', 'print a JSON array')
    .action(async (opts: { json?: boolean }) => (await cmd.users()).usersListCommand(Boolean(opts.json)));
  users
    .command('revoke')
    .description('end every session and API token of an account and lock it until `users add` sets a new password')
    .argument('<name>')
    .action(async (name: string) => (await cmd.users()).usersRevokeCommand(name));

  program
    .command('doctor')
    .description('check configuration, appeal profile, DNS, TLS, IMAP login and folders, SMTP and Redis; one line each, exit 1 on any failure (sends nothing, changes nothing)')
    .action(async () => (await cmd.doctor()).doctorCommand());

  program
    .command('web')
    .description('serve the review page and its JSON API on WEB_HOST:WEB_PORT until SIGTERM')
    .action(async () => (await cmd.web()).webCommand());

  program
    .command('backup')
    .description('write a backup of Redis (decisions, items and their history, reply and sent records, questions, accounts) as JSON lines')
    .option('--out <file>', 'write to this file (mode 0600, atomically), or a new timestamped file in this folder; default (or -): standard output')
    .action(async (opts: { out?: string }) => (await cmd.backup()).backupCommand(opts));

  program
    .command('restore')
    .description('restore a backup: everything missing comes back; newer item versions and existing keys are kept')
    .argument('<file>')
    .option('--force', 'overwrite existing records and keys (items still keep the higher version)')
    .option('--other-prefix', 'restore a backup made under another QUEUE_PREFIX into this one')
    .action(async (file: string, opts: { force?: boolean; otherPrefix?: boolean }) => (await cmd.backup()).restoreCommand(file, opts));

  program
    .command('auth')
    .description('sign in to the mailbox with OAuth2 and store the refresh token the worker uses (OAUTH_FLOW=refresh_token)')
    .addArgument(new Argument('[provider]', 'the provider (default: OAUTH_PROVIDER)').choices(['microsoft', 'google']))
    .option('--out <file>', 'where to store the token (default: OAUTH_REFRESH_TOKEN_FILE)')
    .addOption(new Option('--method <method>', 'device code (Microsoft default) or browser redirect (Google default)').choices(['device', 'browser']))
    .action(async (provider: 'microsoft' | 'google' | undefined, opts: { out?: string; method?: 'device' | 'browser' }) =>
      (await cmd.auth()).authCommand(provider, opts));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof ConfigError || err instanceof UsageError) {
      process.stderr.write(`endorse: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`endorse: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
