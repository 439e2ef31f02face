/**
 * docker-compose.yml is valid for docker-compose and keeps Redis safe for queues (AOF, noeviction);
 * the `tls` profile puts Caddy (automatic HTTPS for WEB_DOMAIN) in front of a web process that
 * trusts it; the worker and web services have health checks, and those checks really tell a live
 * service from a dead one (run here against a real Redis and a real web app). The `monitoring`
 * profile runs Prometheus scraping the worker's /metrics and Grafana with the repository's dashboard,
 * both on loopback only.
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { parseYaml } from '../../src/appeal/yaml';
import { leaseKey } from '../../src/intake/lease';
import { buildApp } from '../../src/web/app';
import { startRedis } from '../helpers/redis';
import { which } from '../helpers/which';
import { world, closeAll } from './web-world';

const root = join(__dirname, '../..');
let resolved = '';
let services: string[] = [];

/** One service's block of `docker-compose config` output (services are printed in name order). */
function service(name: string): string {
  const start = resolved.indexOf(`\n  ${name}:\n`);
  if (start < 0) throw new Error(`no service ${name}`);
  const rest = resolved.slice(start + 1);
  const end = rest.search(/\n {2}[a-z][\w-]*:\n|\n[a-z]/);
  return end < 0 ? rest : rest.slice(0, end);
}

beforeAll(() => {
  const bin = which('docker-compose', 'apt-get install docker-compose');
  const dir = mkdtempSync(join(tmpdir(), 'compose-'));
  try {
    copyFileSync(join(root, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
    copyFileSync(join(root, 'Caddyfile'), join(dir, 'Caddyfile'));
    writeFileSync(join(dir, '.env'), 'APPEAL_TITLE=test\nWEB_DOMAIN=review.example.org\n');
    services = execFileSync(bin, ['--profile', 'tls', 'config', '--services'], { cwd: dir }).toString().trim().split('\n').sort();
    resolved = execFileSync(bin, ['--profile', 'tls', 'config'], { cwd: dir }).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
afterAll(closeAll);

test('docker-compose config accepts the file and shows Redis with AOF and noeviction', () => {
  // docker-compose 1.x lists every profile's services here.
  expect(services).toEqual(['caddy', 'grafana', 'prometheus', 'redis', 'web', 'worker']);
  const redis = service('redis');
  expect(redis).toMatch(/--appendonly\s*\n\s*- "?yes"?/);
  expect(redis).toMatch(/--maxmemory-policy\s*\n\s*- noeviction/);
  expect(resolved).toMatch(/REDIS_URL: redis:\/\/redis:6379/);
});

test('the tls profile runs Caddy on 80 and 443 for WEB_DOMAIN with the repository Caddyfile, once the web service is healthy', () => {
  const caddy = service('caddy');
  expect(caddy).toMatch(/image: caddy:2/);
  expect(caddy).toMatch(/profiles:\s*\n\s*- tls/);
  expect(caddy).toMatch(/published: 443\s*\n\s*target: 443/);
  expect(caddy).toMatch(/published: 80\s*\n\s*target: 80/);
  expect(caddy).toMatch(/WEB_DOMAIN: review\.example\.org/);
  expect(caddy).toMatch(/Caddyfile:\/etc\/caddy\/Caddyfile:ro/);
  expect(caddy).toMatch(/depends_on:\s*\n\s*web:\s*\n\s*condition: service_healthy/);
  // Caddy holds its certificates in a volume, so a restart does not ask Let's Encrypt again.
  expect(caddy).toMatch(/caddy-data:\/data/);
  // Caddy has no secrets: it gets no env_file.
  expect(caddy).not.toMatch(/APPEAL_TITLE|IMAP_|SMTP_/);

  const caddyfile = readFileSync(join(root, 'Caddyfile'), 'utf8');
  expect(caddyfile).toMatch(/^\{\$WEB_DOMAIN\} \{$/m);
  expect(caddyfile).toMatch(/reverse_proxy web:3000/);
});

test('the web service trusts the proxy in front and is published on loopback only', () => {
  const web = service('web');
  expect(web).toMatch(/WEB_TRUST_PROXY: "true"/);
  expect(web).toMatch(/WEB_HOST: 0\.0\.0\.0/);
  expect(web).toMatch(/host_ip: 127\.0\.0\.1|127\.0\.0\.1:3000:3000/);
});

test('the worker and web services have health checks running the healthcheck script', () => {
  for (const [name, arg] of [['worker', 'worker'], ['web', 'web']]) {
    const block = service(name!);
    expect(block).toMatch(new RegExp(`healthcheck:[\\s\\S]*test:\\s*\\n\\s*- CMD\\s*\\n\\s*- node\\s*\\n\\s*- dist/scripts/healthcheck.js\\s*\\n\\s*- ${arg}`));
    expect(block).toMatch(/interval: \d+s/);
  }
});

test('the monitoring profile: Prometheus scrapes the worker\'s /metrics on the compose network, Grafana shows the dashboard, both on loopback', () => {
  const prometheus = service('prometheus');
  expect(prometheus).toMatch(/image: prom\/prometheus:v\d/);
  expect(prometheus).toMatch(/profiles:\s*\n\s*- monitoring/);
  expect(prometheus).toMatch(/monitoring\/prometheus\.yml:\/etc\/prometheus\/prometheus\.yml:ro/);
  expect(prometheus).toMatch(/--config\.file=\/etc\/prometheus\/prometheus\.yml/);
  expect(prometheus).toMatch(/- 127\.0\.0\.1:9090:9090/);
  expect(prometheus).toMatch(/prometheus-data:\/prometheus/);
  expect(prometheus).not.toMatch(/APPEAL_TITLE|IMAP_|SMTP_/);
  const grafana = service('grafana');
  expect(grafana).toMatch(/profiles:\s*\n\s*- monitoring/);
  expect(grafana).toMatch(/- 127\.0\.0\.1:3001:3000/);
  expect(grafana).toMatch(/monitoring\/grafana\/provisioning:\/etc\/grafana\/provisioning:ro/);
  expect(grafana).toMatch(/monitoring\/grafana\/endorsement-inbox\.json:\/var\/lib\/grafana\/dashboards\/endorsement-inbox\.json:ro/);
  expect(grafana).toMatch(/GF_USERS_ALLOW_SIGN_UP: 'false'|GF_USERS_ALLOW_SIGN_UP: "false"/);
  // The services a plain `docker compose up` starts are in no profile; the monitoring ones only run when asked.
  for (const name of ['redis', 'worker', 'web']) expect(service(name)).not.toMatch(/profiles:/);

  // The worker listens for Prometheus on the compose network, and publishes no port.
  const worker = service('worker');
  expect(worker).toMatch(/METRICS_HOST: 0\.0\.0\.0/);
  const port = /METRICS_PORT: '?(\d+)'?/.exec(worker)?.[1];
  expect(port).toBe('9464');
  expect(worker).toMatch(/REDIS_URL: redis:\/\/redis:6379/);
  expect(worker).not.toMatch(/\n {4}ports:/);

  // prometheus.yml scrapes exactly that port, and the web process only when someone turns it on.
  const config = parseYaml(readFileSync(join(root, 'monitoring/prometheus.yml'), 'utf8'), 'monitoring/prometheus.yml') as { scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[] };
  expect(config.scrape_configs.map((c) => c.job_name)).toEqual(['endorse-worker']);
  expect(config.scrape_configs[0]!.metrics_path).toBe('/metrics');
  expect(config.scrape_configs[0]!.static_configs[0]!.targets).toEqual([`worker:${port}`]);

  // Grafana's data source is that Prometheus, and the dashboard is the one provisioned.
  const ds = parseYaml(readFileSync(join(root, 'monitoring/grafana/provisioning/datasources/prometheus.yml'), 'utf8'), 'monitoring/grafana/provisioning/datasources/prometheus.yml') as { datasources: { url: string; type: string }[] };
  expect(ds.datasources[0]).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
  const provider = parseYaml(readFileSync(join(root, 'monitoring/grafana/provisioning/dashboards/endorsement-inbox.yml'), 'utf8'), 'monitoring/grafana/provisioning/dashboards/endorsement-inbox.yml') as { providers: { options: { path: string } }[] };
  expect(provider.providers[0]!.options.path).toBe('/var/lib/grafana/dashboards');
  expect(JSON.parse(readFileSync(join(root, 'monitoring/grafana/endorsement-inbox.json'), 'utf8'))).toMatchObject({ uid: 'endorsement-inbox', title: 'Endorsement inbox' });
});

describe('the health check script (built: dist/scripts/healthcheck.js)', () => {
  const script = join(root, 'dist/scripts/healthcheck.js');
  const baseEnv = { IMAP_HOST: 'imap.example', IMAP_USER: 'u', IMAP_PASSWORD: 'p', SMTP_HOST: 'smtp.example', FROM_ADDRESS: 'info@example.org', APPEAL_TITLE: 'test', PATH: process.env.PATH! };
  /** Run the script (asynchronously: the web app it asks lives in this process). */
  const run = (arg: string, env: Record<string, string>) => new Promise<{ status: number | null; stdout: string }>((resolve) => {
    const child = execFile(process.execPath, [script, arg], { env: { ...baseEnv, ...env }, encoding: 'utf8', timeout: 20_000 }, (_err, stdout) =>
      resolve({ status: child.exitCode, stdout }));
  });

  beforeAll(() => {
    if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build first`);
  });

  test('worker: unhealthy until a watcher holds the mailbox lease, and once the lease lapses', async () => {
    const server = await startRedis();
    const redis = new Redis(server.url);
    try {
      const env = { REDIS_URL: server.url, QUEUE_PREFIX: 'hc', IMAP_MAILBOX: 'INBOX' };
      const none = await run('worker', env);
      expect(none.status).toBe(1);
      expect(none.stdout).toMatch(/no watcher holds the mailbox lease \(hc:lease:INBOX\)/);
      await redis.set(leaseKey('hc', 'INBOX'), 'host:1:abc', 'PX', 8000);
      expect((await run('worker', env)).status).toBe(0);
      // Let the lease lapse, as it does when no watcher renews it.
      await new Promise((r) => setTimeout(r, 50));
      await redis.pexpire(leaseKey('hc', 'INBOX'), 1);
      await new Promise((r) => setTimeout(r, 50));
      expect((await run('worker', env)).status).toBe(1);
      // Redis down: unhealthy, not hanging.
      redis.disconnect();
      await server.stop();
      expect((await run('worker', env)).status).toBe(1);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });

  test('web: healthy while the app answers /healthz with 200, not when it says 503 or is gone', async () => {
    const w = await world();
    let up = true;
    const app = await buildApp({ store: w.store, users: w.users, config: { APPEAL_TITLE: 'test', REPLIES: false }, health: async () => up });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = String((app.server.address() as { port: number }).port);
    expect((await run('web', { WEB_PORT: port })).status).toBe(0);
    up = false;
    const sick = await run('web', { WEB_PORT: port });
    expect(sick.status).toBe(1);
    expect(sick.stdout).toMatch(/answered 503/);
    await app.close();
    expect((await run('web', { WEB_PORT: port })).status).toBe(1);
  });
});
