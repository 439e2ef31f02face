/** docker-compose.yml is valid for docker-compose and keeps Redis safe for queues (AOF, noeviction). */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { which } from '../helpers/which';

test('docker-compose config accepts the file and shows Redis with AOF and noeviction', () => {
  const bin = which('docker-compose', 'apt-get install docker-compose');
  const dir = mkdtempSync(join(tmpdir(), 'compose-'));
  try {
    copyFileSync(join(__dirname, '../../docker-compose.yml'), join(dir, 'docker-compose.yml'));
    writeFileSync(join(dir, '.env'), 'APPEAL_TITLE=test\n');
    const services = execFileSync(bin, ['config', '--services'], { cwd: dir }).toString().trim().split('\n').sort();
    expect(services).toEqual(['redis', 'web', 'worker']);
    const resolved = execFileSync(bin, ['config'], { cwd: dir }).toString();
    const redis = resolved.slice(resolved.indexOf('  redis:'), resolved.indexOf('  web:'));
    expect(redis).toMatch(/--appendonly\s*\n\s*- "?yes"?/);
    expect(redis).toMatch(/--maxmemory-policy\s*\n\s*- noeviction/);
    expect(resolved).toMatch(/REDIS_URL: redis:\/\/redis:6379/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
