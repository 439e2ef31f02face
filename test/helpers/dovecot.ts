/**
 * A private, rootless Dovecot 2.3 IMAP server on a free loopback port in a temp dir (after
 * ../shared/recipes/dovecot). As root it drops to `nobody` with setpriv, because Dovecot refuses
 * uid 0 for mail; chroots are off since they need root.
 */
import { spawn, execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, greeting, stopPid, waitFor } from './ports';
import { which } from './which';

export interface DovecotServer {
  port: number;
  user: string;
  password: string;
  dir: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Variations a test may ask for, each replacing one block of the default configuration (so tests of
 * provider-like servers stay declarative): the folders, the password database, TLS, or extra lines.
 */
export interface DovecotOptions {
  user?: string;
  password?: string;
  /** The body of `namespace inbox { ... }` (default: INBOX with `Sent` and `Junk` special-use folders). */
  namespace?: string;
  /** Replaces the passdb block (e.g. an `oauth2` passdb); `${dir}` inside is the server's temp dir. */
  passdb?: (dir: string) => string;
  /** Replaces `auth_mechanisms` (default `plain login`). */
  authMechanisms?: string;
  /** Lines replacing `ssl = no` (e.g. `ssl = yes` with ssl_cert/ssl_key); `${dir}` as above. */
  ssl?: (dir: string) => string;
  /** Appended to the configuration as is. */
  extraConf?: (dir: string) => string;
  /** Files written into the temp dir before start, name to content (e.g. an oauth2 .conf.ext, keys). */
  files?: Record<string, string>;
}

const DEFAULT_NAMESPACE = `  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
  }
  mailbox Junk {
    special_use = \\Junk
  }`;

function conf(dir: string, port: number, user: string, group: string, o: DovecotOptions): string {
  const passdb = o.passdb ? o.passdb(dir) : `passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}`;
  return `instance_name = endorse-test-${port}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
${o.ssl ? o.ssl(dir) : 'ssl = no'}
disable_plaintext_auth = no
auth_mechanisms = ${o.authMechanisms ?? 'plain login'}
default_internal_user = ${user}
default_internal_group = ${group}
default_login_user = ${user}
first_valid_uid = 1
${passdb}
userdb {
  driver = static
  args = home=${dir}/mail/%u
}
mail_location = maildir:~/Maildir
namespace inbox {
${o.namespace ?? DEFAULT_NAMESPACE}
}
protocol imap {
  mail_max_userip_connections = 200
  imap_idle_notify_interval = 1 secs
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
service ipc {
  chroot =
}
service old-stats {
  chroot =
}
service imap-urlauth-login {
  chroot =
}
service aggregator {
  chroot =
}
service director {
  chroot =
}
${o.extraConf ? o.extraConf(dir) : ''}
`;
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const f of readdirSync(path)) chownTree(join(path, f), uid, gid);
}

export async function startDovecot(opts: DovecotOptions = {}): Promise<DovecotServer> {
  const bin = which('dovecot', 'apt-get install dovecot-imapd');
  const user = opts.user ?? 'info@example.org';
  const password = opts.password ?? 'secret';
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'endorse-dovecot-'));
  for (const d of ['run', 'state', 'mail']) mkdirSync(join(dir, d));
  const root = process.getuid?.() === 0;
  const runAs = root ? 'nobody' : execFileSync('id', ['-un']).toString().trim();
  const group = execFileSync('id', ['-gn', runAs]).toString().trim();
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  for (const [name, content] of Object.entries(opts.files ?? {})) writeFileSync(join(dir, name), content);
  writeFileSync(join(dir, 'dovecot.conf'), conf(dir, port, runAs, group, opts));
  writeFileSync(join(dir, 'dovecot.log'), '');
  let cmd = bin;
  let args = ['-F', '-c', join(dir, 'dovecot.conf')];
  if (root) {
    const uid = Number(execFileSync('id', ['-u', runAs]).toString());
    const gid = Number(execFileSync('id', ['-g', runAs]).toString());
    chownTree(dir, uid, gid);
    args = [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', bin, ...args];
    cmd = which('setpriv', 'apt-get install util-linux');
  }
  const child = spawn(cmd, args, { stdio: 'ignore' });
  child.unref();
  const pid = child.pid!;
  await waitFor(`dovecot on 127.0.0.1:${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}); see ${dir}/dovecot.log`);
    return (await greeting(port)).startsWith('* OK');
  });
  return {
    port, user, password, dir, pid,
    async stop() {
      await stopPid(pid);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A Dovecot that knows no password: its oauth2 passdb accepts only tokens that `introspectionUrl`
 * (RFC 7662, e.g. test/helpers/oauth-server.ts) calls active, asked at every login.
 */
export function startOAuthDovecot(introspectionUrl: string, user: string, mechanisms = 'xoauth2'): Promise<DovecotServer> {
  return startDovecot({
    user,
    authMechanisms: mechanisms,
    passdb: (dir) => `passdb {
  driver = oauth2
  mechanisms = ${mechanisms}
  args = ${dir}/oauth2.conf.ext
}`,
    files: {
      'oauth2.conf.ext': [
        `introspection_url = ${introspectionUrl}`,
        'introspection_mode = post',
        'username_attribute = username',
        'active_attribute = active',
        'active_value = true',
        'force_introspection = yes',
      ].join('\n') + '\n',
    },
  });
}
