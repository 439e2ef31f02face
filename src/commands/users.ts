/**
 * `endorse users add NAME` (password from standard input when it is not a terminal, else asked for
 * twice without echo) and `endorse users token NAME` (prints a new API token, shown once).
 */
import { AccountError } from '../users/accounts';
import { createUsers } from '../users';
import { UsageError, withContainer } from './context';

/** All of standard input, without its final line break. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Ask on the terminal with echo off. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readStdin();
  const first = await askHidden('Password: ');
  const again = await askHidden('Password again: ');
  if (first !== again) throw new UsageError('the two passwords differ');
  return first;
}

/** `endorse users add NAME`. */
export async function usersAddCommand(name: string): Promise<void> {
  const password = await readPassword();
  await withContainer(async (c) => {
    try {
      const { created } = await createUsers(c.redis, c.config.QUEUE_PREFIX).accounts.add(name, password);
      process.stderr.write(`${name}: ${created ? 'account created' : 'password changed'}\n`);
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
