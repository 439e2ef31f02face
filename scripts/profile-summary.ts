/**
 * Where a CPU profile's time went, by package: each sample's time goes to the nearest frame on its
 * stack that belongs to an npm package or to one of our `src/` folders, so a socket write made for
 * ioredis counts as ioredis. A flat profile (no single hot function) still shows which layer costs.
 * Usage: node dist/scripts/profile-summary.js FILE.cpuprofile [--top 20]
 * (profiles from `node dist/scripts/bench.js --only throughput --profile DIR`, or `node --cpu-prof`).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package (`ioredis`, `@scope/name`; a package's own dependency counts as it) or our folder (`src/replies`) a script URL belongs to, or null. */
export function owner(url: string): string | null {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/dist\/((?:src|scripts|test)\/[^/]+)/.exec(url);
  return ours ? ours[1]!.replace(/\.js$/, '') : null;
}

/** Milliseconds per owner; samples with none are V8's own `(garbage collector)`, `(idle)`, `(program)` or `node`. */
export function timeByOwner(p: Profile): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totals = new Map<string, number>();
  p.samples.forEach((id, i) => {
    let at: number | undefined = id;
    let name: string | null = null;
    while (at !== undefined && name === null) {
      name = owner(byId.get(at)!.callFrame.url);
      at = parent.get(at);
    }
    const leaf = byId.get(id)!.callFrame.functionName;
    const key = name ?? (leaf.startsWith('(') ? leaf : 'node');
    totals.set(key, (totals.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return totals;
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [--top N]');
  const top = process.argv.includes('--top') ? Number(process.argv[process.argv.indexOf('--top') + 1]) : 20;
  const totals = timeByOwner(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(`${(all / 1000).toFixed(1)} s profiled\n`);
  for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${(ms / 1000).toFixed(2).padStart(7)} s  ${((100 * ms) / all).toFixed(0).padStart(3)} %  ${name}\n`);
  }
}

if (require.main === module) main();
