/**
 * Fault injection for the fault suite (issue 12), besides the Redis that redis.ts kills and rolls
 * back: a gate in front of a server that can refuse connections or answer SMTP with 421 at MAIL FROM;
 * a UIDVALIDITY change and a full disk under Dovecot's Maildir.
 * The world that uses them (seeded mail, the long-running worker, the checks) is in faults-world.ts.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, readdirSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { createServer, createConnection, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SmtpSink, SunkMessage } from './smtp-sink';
import { freePort } from './ports';

/**
 * What a gate does with connections: `pass` them to the server, `refuse` them (nothing listens: the
 * server is down or unreachable), or `smtp421` (a server that greets, then answers MAIL FROM with 421,
 * as a provider's rate limit does).
 */
export type GateMode = 'pass' | 'refuse' | 'smtp421';

/** A TCP proxy on a fixed loopback port in front of a server, whose mode the test switches. */
export interface Gate {
  port: number;
  readonly mode: GateMode;
  /** Switch mode; every open connection is cut, as when a server goes away or a network path breaks. */
  set(mode: GateMode): Promise<void>;
  close(): Promise<void>;
}

export async function startGate(targetPort: number): Promise<Gate> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let mode: GateMode = 'pass';
  let server: Server | null = null;
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s)).on('error', () => s.destroy());
  };
  const onConnection = (client: Socket) => {
    track(client);
    if (mode === 'smtp421') return answer421(client);
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    track(upstream);
    const done = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', done);
    upstream.on('close', done);
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const listen = () => new Promise<void>((resolve, reject) => {
    const s = createServer(onConnection);
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      server = s;
      resolve();
    });
  });
  const unlisten = () => new Promise<void>((resolve) => {
    const s = server;
    server = null;
    if (!s) return resolve();
    s.close(() => resolve());
  });
  const cutAll = () => {
    for (const s of sockets) s.destroy();
  };
  await listen();
  return {
    port,
    get mode() {
      return mode;
    },
    async set(next) {
      mode = next;
      cutAll();
      if (next === 'refuse') await unlisten();
      else if (!server) await listen();
    },
    async close() {
      cutAll();
      await unlisten();
    },
  };
}

/** Speak just enough SMTP to greet, then refuse the transaction at MAIL FROM with 421 and hang up. */
function answer421(sock: Socket): void {
  let buf = '';
  sock.write('220 127.0.0.1 ESMTP\r\n');
  sock.on('data', (d: Buffer) => {
    buf += d.toString('latin1');
    for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
      const verb = buf.slice(0, 4).toUpperCase();
      buf = buf.slice(i + 2);
      if (verb === 'MAIL') return void sock.end('421 4.3.2 Service not available, closing transmission channel\r\n');
      if (verb === 'QUIT') return void sock.end('221 2.0.0 Bye\r\n');
      sock.write(verb === 'EHLO' || verb === 'HELO' ? '250 127.0.0.1\r\n' : '250 2.0.0 OK\r\n');
    }
  });
}

/** Dovecot's Maildir (INBOX) of the test user. */
export function maildirOf(dovecotDir: string, user: string): string {
  return join(dovecotDir, 'mail', user, 'Maildir');
}

/**
 * Change INBOX's UIDVALIDITY the way a rebuilt index or a server migration does: Dovecot's uidlist and
 * index go, so it numbers the messages afresh under a new UIDVALIDITY and drops sessions that had
 * the folder open ("IMAP session state is inconsistent").
 */
export function resetUidValidity(dovecotDir: string, user: string): void {
  const md = maildirOf(dovecotDir, user);
  for (const f of readdirSync(md)) if (f === 'dovecot-uidlist' || f.startsWith('dovecot.index')) rmSync(join(md, f), { force: true });
}

/**
 * A small ext4 disk (a loop-mounted image of `megabytes`, no blocks reserved for root) mounted as the
 * user's mail home before Dovecot creates it, owned by Dovecot's user: a real filesystem, where a
 * folder's directory needs a new block as it grows, as on a production disk.
 */
export function mountMailDisk(dovecotDir: string, user: string, megabytes: number): { fill(): { bytes: number; files: number }; free(): void; unmount(): void } {
  const home = join(dovecotDir, 'mail', user);
  mkdirSync(home, { recursive: true });
  const imageDir = mkdtempSync(join(tmpdir(), 'endorse-faults-disk-'));
  const image = join(imageDir, 'mail.ext4');
  closeSync(openSync(image, 'w'));
  truncateSync(image, megabytes * 1024 * 1024);
  execFileSync('mkfs.ext4', ['-q', '-F', '-m', '0', image]);
  execFileSync('mount', ['-o', 'loop', image, home]);
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody']).toString());
    chownSync(home, id('-u'), id('-g'));
  }
  const filler = join(home, 'filler.bin');
  const files = join(home, 'filler.d');
  return {
    /** Write a file until no block is left, then empty files until no inode (or directory block) is left. */
    fill() {
      const fd = openSync(filler, 'w');
      const chunk = Buffer.alloc(64 * 1024, 0x5a);
      let bytes = 0;
      try {
        for (;;) bytes += writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        closeSync(fd);
      }
      let count = 0;
      try {
        mkdirSync(files);
        for (;;) closeSync(openSync(join(files, String(count++)), 'w'));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
      return { bytes, files: count };
    },
    /** Remove the filler: the disk has room again (what persisted meanwhile is unchanged). */
    free() {
      rmSync(filler, { force: true });
      rmSync(files, { recursive: true, force: true });
    },
    unmount() {
      // Lazy: Dovecot may still hold files there; the loop device goes with the last of them.
      execFileSync('umount', ['-l', home]);
      rmSync(imageDir, { recursive: true, force: true });
    },
  };
}

/** Whether this process may loop-mount an ext4 image (root in a container that allows it). */
export function canMountDisk(): boolean {
  const at = mkdtempSync(join(tmpdir(), 'endorse-faults-mnt-'));
  try {
    const image = join(at, 'probe.ext4');
    closeSync(openSync(image, 'w'));
    truncateSync(image, 4 * 1024 * 1024);
    execFileSync('mkfs.ext4', ['-q', '-F', image], { stdio: 'ignore' });
    mkdirSync(join(at, 'm'));
    execFileSync('mount', ['-o', 'loop', image, join(at, 'm')], { stdio: 'ignore' });
    execFileSync('umount', [join(at, 'm')]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(at, { recursive: true, force: true });
  }
}

/** The Message-ID header of a raw message (first 16 KB), or null. */
export function headerMessageId(raw: Buffer): string | null {
  const head = raw.subarray(0, 16384).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const m = /^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^>\r\n]+>)/im.exec(end >= 0 ? head.slice(0, end) : head);
  return m ? m[1]! : null;
}

/** Message-ID to folder names, read from the Maildir files on disk (what really persisted). */
export function maildirLocations(maildir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const folders = [['INBOX', maildir], ...readdirSync(maildir).filter((f) => f.startsWith('.') && f !== '.' && f !== '..').map((f) => [f.slice(1), join(maildir, f)])];
  for (const [name, path] of folders) {
    for (const sub of ['cur', 'new']) {
      const d = join(path!, sub);
      if (!existsSync(d)) continue;
      for (const f of readdirSync(d)) {
        const id = headerMessageId(readHead(join(d, f)));
        if (id) out.set(id, [...(out.get(id) ?? []), name!]);
      }
    }
  }
  return out;
}

function readHead(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16384);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Resolves the moment the sink accepts its next message, before the client has read the 250: a fault
 * injected then lands exactly between SMTP's acceptance and whatever the worker records after it.
 */
export function nextAccept(sink: SmtpSink): Promise<void> {
  return new Promise((resolve) => {
    const list = sink.messages;
    const push = list.push;
    list.push = (...items: SunkMessage[]) => {
      list.push = push;
      const n = push.apply(list, items);
      resolve();
      return n;
    };
  });
}
