/**
 * `endorse users add NAME` (password from standard input when it is not a terminal, else asked for
 * twice without echo), `endorse users token NAME` (prints a new API token, shown once),
 * `endorse users list`, `endorse users role NAME ROLE` and `endorse users revoke NAME` (ends its
 * sessions and tokens, locks it).
 */
import { AccountError, type Role } from '../users/accounts';
import { createUsers } from '../users';
import { UsageError, withContainer } from './context';

/** All of standard input, without its final line break. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/**
 * Ask questions on the terminal with echo off, one line each. Keys typed (or pasted) ahead of a
 * question are kept for it, not lost with the previous answer.
 */
async function askHidden(questions: string[]): Promise<string[]> {
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  const answers: string[] = [];
  let line = '';
  process.stderr.write(questions[0]!);
  try {
    for await (const chunk of stdin) {
      for (const ch of chunk as string) {
        if (ch === '\u0003') throw new UsageError('cancelled');
        if (ch === '\r' || ch === '\n') {
          process.stderr.write('\n');
          answers.push(line);
          line = '';
          if (answers.length === questions.length) return answers;
          process.stderr.write(questions[answers.length]!);
        } else if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
        else line += ch;
      }
    }
    throw new UsageError('no password given');
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readStdin();
  const [first, again] = await askHidden(['Password: ', 'Password again: ']);
  if (first !== again) throw new UsageError('the two passwords differ');
  return first!;
}

/** `endorse users add NAME [--role organiser|admin]`. */
export async function usersAddCommand(name: string, role?: Role): Promise<void> {
  const password = await readPassword();
  await withContainer(async (c) => {
    try {
      const { created, role: now } = await createUsers(c.redis, c.config.QUEUE_PREFIX).accounts.add(name, password, role);
      process.stderr.write(`${name}: ${created ? 'account created' : 'password changed'} (${now})\n`);
    } catch (err) {
      if (err instanceof AccountError) throw new UsageError(err.message);
      throw err;
    }
  });
}

/** `endorse users token NAME`: the token on standard output, nothing else. */
export async function usersTokenCommand(name: string): Promise<void> {
  await withContainer(async (c) => {
    try {
      const token = await createUsers(c.redis, c.config.QUEUE_PREFIX).accounts.createToken(name);
      process.stdout.write(`${token}\n`);
      process.stderr.write(`API token for ${name}: shown only now; send it as "Authorization: Bearer TOKEN"\n`);
    } catch (err) {
      if (err instanceof AccountError) throw new UsageError(err.message);
      throw err;
    }
  });
}

/** `endorse users list [--json]`: one line per account (or a JSON array) on standard output. */
export async function usersListCommand(json: boolean): Promise<void> {
  await withContainer(async (c) => {
    const accounts = await createUsers(c.redis, c.config.QUEUE_PREFIX).accounts.list();
    if (json) {
      process.stdout.write(`${JSON.stringify(accounts)}\n`);
      return;
    }
    const rows = accounts.map((a) => [a.name, a.role, a.createdAt?.slice(0, 10) ?? '-', String(a.sessions), String(a.tokens),
      a.locked ? `revoked ${a.revokedAt?.slice(0, 16).replace('T', ' ') ?? ''}`.trim() : 'active']);
    const table = [['name', 'role', 'created', 'sessions', 'tokens', 'state'], ...rows];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
    for (const r of table) process.stdout.write(`${r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
    if (accounts.length === 0) process.stderr.write('no accounts yet: create one with `endorse users add NAME`\n');
  });
}

/** `endorse users role NAME organiser|admin`. */
export async function usersRoleCommand(name: string, role: Role): Promise<void> {
  await withContainer(async (c) => {
    try {
      await createUsers(c.redis, c.config.QUEUE_PREFIX).accounts.setRole(name, role);
      process.stderr.write(`${name}: now ${role === 'admin' ? 'an admin' : 'an organiser'}\n`);
    } catch (err) {
      if (err instanceof AccountError) throw new UsageError(err.message);
      throw err;
    }
  });
}

/** `endorse users revoke NAME`. */
export async function usersRevokeCommand(name: string): Promise<void> {
  await withContainer(async (c) => {
    try {
      const { sessions, tokens } = await createUsers(c.redis, c.config.QUEUE_PREFIX).accounts.revoke(name);
      process.stderr.write(`${name}: revoked: ${sessions} session(s) and ${tokens} API token(s) ended; it cannot log in until \`endorse users add ${name}\` sets a new password\n`);
    } catch (err) {
      if (err instanceof AccountError) throw new UsageError(err.message);
      throw err;
    }
  });
}
