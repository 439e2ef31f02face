#!/usr/bin/env node
/**
 * One-step set-up for a fresh clone, run before `npm test`, `npm run demo` and `npm run bench`:
 * installs the npm dependencies when they are missing, and the system's redis-server and Dovecot
 * (and docker-compose, which a test uses to validate docker-compose.yml, and Chromium for the review
 * page's browser tests) from Debian's packages when
 * they are missing and we may (root on Debian). Elsewhere it says exactly what to install.
 * Plain JavaScript with no dependencies, because it runs before `npm ci`.
 */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, accessSync, constants } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const say = (msg) => process.stderr.write(`setup: ${msg}\n`);

function onPath(bin) {
  const dirs = (process.env.PATH || '').split(':').concat(['/usr/sbin', '/usr/local/sbin', '/sbin']);
  return dirs.some((d) => {
    try {
      accessSync(join(d, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: root, ...opts });
  if (r.status !== 0) {
    say(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(1);
  }
}

// 1. npm dependencies
if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  say('installing npm dependencies (npm ci)');
  run('npm', existsSync(join(root, 'package-lock.json')) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
}

// 2. system services used by the tests, the demo and the benchmark
const needed = [
  { bin: 'redis-server', pkg: 'redis-server' },
  { bin: 'dovecot', pkg: 'dovecot-imapd' },
  { bin: 'docker-compose', pkg: 'docker-compose' },
  // The review page's browser tests drive the system Chromium (playwright-core downloads no browser).
  { bin: 'chromium', pkg: 'chromium' },
];
const missing = needed.filter((n) => !onPath(n.bin));
if (missing.length) {
  const pkgs = missing.map((m) => m.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const debian = existsSync('/etc/debian_version') && onPath('apt-get');
  if (isRoot && debian) {
    say(`installing ${pkgs.join(', ')} from Debian's packages`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env });
  } else {
    say(`missing: ${missing.map((m) => m.bin).join(', ')}.`);
    say(debian ? `install them with: sudo apt-get install -y ${pkgs.join(' ')}` : `install ${pkgs.join(', ')} with your system's package manager (on Debian/Ubuntu: apt-get install -y ${pkgs.join(' ')}), or run the services with docker-compose.yml`);
    process.exit(1);
  }
}
try {
  execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
} catch {
  say('redis-server is installed but does not run');
  process.exit(1);
}
