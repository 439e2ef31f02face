/**
 * `npm run lint` step: no regular expression in src/ may take super-linear time on some input (one
 * mail froze the worker for a minute on a quadratic pattern). Collects every regex literal (from the
 * TypeScript syntax tree) and every pattern built with `new RegExp` (captured while each module of
 * dist/src is loaded), and asks the `recheck` checker about each. Exit 1 names the pattern, its file
 * and line, and an attack string; an allowlist entry needs a written reason.
 *
 * Run after `npm run build`: `node --enable-source-maps dist/scripts/lint-regex.js`. RECHECK_PATH
 * may point at a folder whose node_modules holds recheck (when it is not a dependency here).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One pattern to check and where it comes from. */
interface Found {
  source: string;
  flags: string;
  where: string;
}

/**
 * Patterns accepted although the checker flags them, each with why it cannot hurt. Keyed by
 * `file:line` of the pattern, so a new pattern on another line is checked again.
 */
const ALLOWED: Record<string, string> = {
  // A title and an organisation split at a comma or spaced dash: bounded repeats the fuzzing checker reads as growth.
  'src/mail/signature-lines.ts:32':
    'applied to `l`, which signatureOrg rejects when longer than 150 characters (`l.length > 150`, signature-lines.ts:28) and only shortens after: at most 60 starts of at most 150 characters',
  // Trailing auxiliaries and adverbs ("X has also hereby"): a suffix of repeated words, retried from each word.
  'src/mail/signers.ts:162':
    'applied to `clause`, cut to its last 240 characters by `.slice(-240)` on the line before (signers.ts:160): at most 240 starts of at most 240 characters',
};

/** Modules that run as programs when loaded (a CLI, a worker thread's entry): their patterns are literals. */
const ENTRY_POINTS = new Set(['cli.js', 'thread-entry.js']);

const root = resolve(__dirname, '..', '..');
const srcDir = join(root, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : n.endsWith('.ts') ? [p] : [];
  });
}

/** Regex literals of one file, and the lines of its `new RegExp(...)` / `RegExp(...)` calls. */
function scanFile(file: string): { literals: Found[]; calls: string[] } {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const rel = relative(root, file);
  const literals: Found[] = [];
  const calls: string[] = [];
  const where = (n: ts.Node) => `${rel}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
  const visit = (n: ts.Node): void => {
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = n.getText(sf);
      const end = text.lastIndexOf('/');
      literals.push({ source: text.slice(1, end), flags: text.slice(end + 1), where: where(n) });
    } else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp') {
      calls.push(where(n));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { literals, calls };
}

/**
 * Load every compiled module of src/ with RegExp wrapped, recording each constructed pattern and the
 * source line (through the source maps) of the `new RegExp` that made it.
 */
function captureConstructed(): Found[] {
  const seen: Found[] = [];
  const Original = RegExp;
  const wrapped = new Proxy(Original, {
    construct(target, args: [string | RegExp, string?]) {
      const re = new target(...args);
      const frame = (new Error().stack ?? '').split('\n').slice(2).find((l) => l.includes(`${join('src', '')}`) && !l.includes('node:'));
      const m = frame ? /\(?((?:\/|[A-Za-z]:)[^():]+\.ts):(\d+):\d+\)?\s*$/.exec(frame) : null;
      if (m) seen.push({ source: re.source, flags: re.flags, where: `${relative(root, m[1]!)}:${m[2]}` });
      return re;
    },
    apply(target, _this, args: [string | RegExp, string?]) {
      return Reflect.construct(wrapped, args) as RegExp;
    },
  });
  globalThis.RegExp = wrapped;
  try {
    const dist = join(root, 'dist', 'src');
    const loadModule = createRequire(__filename);
    const load = (dir: string): void => {
      for (const n of readdirSync(dir)) {
        const p = join(dir, n);
        if (statSync(p).isDirectory()) load(p);
        else if (n.endsWith('.js') && !ENTRY_POINTS.has(n)) loadModule(p);
      }
    };
    load(dist);
  } finally {
    globalThis.RegExp = Original;
  }
  return seen;
}

/** recheck's synchronous checker, from this project or from RECHECK_PATH. */
function loadRecheck(): (source: string, flags: string, params?: Record<string, unknown>) => CheckResult {
  const places = [root, ...(process.env.RECHECK_PATH ? [resolve(process.env.RECHECK_PATH)] : [])];
  for (const p of places) {
    try {
      return (createRequire(join(p, 'package.json'))('recheck') as { checkSync: ReturnType<typeof loadRecheck> }).checkSync;
    } catch {
      // try the next place
    }
  }
  console.error('lint-regex: the `recheck` package is not installed (npm install --save-dev recheck)');
  process.exit(1);
}

interface CheckResult {
  status: 'safe' | 'vulnerable' | 'unknown';
  complexity?: { summary: string };
  attack?: { string: string };
  error?: { kind: string };
}

function main(): void {
  const checkSync = loadRecheck();
  const files = tsFiles(srcDir);
  const scanned = files.map(scanFile);
  const literals = scanned.flatMap((s) => s.literals);
  const calls = scanned.flatMap((s) => s.calls);
  const constructed = captureConstructed();
  const byWhere = new Set(constructed.map((c) => c.where));
  const problems: string[] = [];
  // A `new RegExp` that did not run at load time cannot be checked here: it needs a reason to exist.
  for (const c of calls) if (!byWhere.has(c) && !ALLOWED[c]) problems.push(`${c}: a RegExp built at run time, not checked (build it at module load, or allowlist it with a reason)`);
  const unique = new Map<string, Found>();
  for (const f of [...literals, ...constructed]) unique.set(`${f.where}\u0000${f.source}\u0000${f.flags}`, f);
  let checked = 0;
  for (const f of unique.values()) {
    if (ALLOWED[f.where]) continue;
    // The `u`/`v` flag changes how the pattern parses; `g`, `y`, `d` do not change its cost.
    const flags = f.flags.replace(/[gyd]/g, '');
    // A fixed seed: the fuzzing checker gives the same verdict on every run.
    const r = checkSync(f.source, flags, { timeout: 10_000, randomSeed: 1 });
    checked++;
    if (r.status === 'vulnerable') {
      problems.push(`${f.where}: /${f.source.slice(0, 120)}${f.source.length > 120 ? '…' : ''}/${f.flags} is ${r.complexity?.summary ?? 'super-linear'}; attack ${JSON.stringify(r.attack?.string.slice(0, 60))}`);
    } else if (r.status === 'unknown') {
      problems.push(`${f.where}: /${f.source.slice(0, 120)}/${f.flags}: the checker could not decide (${r.error?.kind ?? 'unknown'})`);
    }
  }
  for (const p of problems) console.error(p);
  console.error(`lint-regex: ${checked} patterns checked, ${problems.length} problem(s)`);
  process.exit(problems.length ? 1 : 0);
}

main();
