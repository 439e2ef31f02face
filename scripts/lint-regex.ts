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
import { createHash } from 'node:crypto';
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
 * Patterns accepted although the checker flags them, each with why it cannot hurt. Keyed by the file
 * and a digest of the pattern (`allowKey`, printed with each problem): an entry follows its pattern
 * when lines move, and a changed pattern is checked again. A `new RegExp` that does not run at load
 * time is keyed by its `file:line` instead (there is no pattern to digest).
 */
const ALLOWED: Record<string, string> = {
  // A title and an organisation split at a comma or spaced dash: bounded repeats the fuzzing checker reads as growth.
  'src/mail/signature-lines.ts#d99e493bb353':
    'applied to `l`, which signatureOrg rejects when longer than 150 characters (`l.length > 150`) and only shortens after: at most 60 starts of at most 150 characters',
  // Trailing auxiliaries and adverbs ("X has also hereby"): a suffix of repeated words, retried from each word.
  'src/mail/signers.ts#dc615576ec72':
    'in nameBefore, applied to `clause`, cut to its last 240 characters by `.slice(-240)` on the line before: at most 240 starts of at most 240 characters',
  // Big alternations of literal phrases with single `\s*`/`\s+` and bounded repeats (`.{0,60}`, `.{1,40}`, `[^.:\n]{0,40}`), none
  // nested: each start reads at most ~110 characters, so the cost is linear; the checker only times out on their size.
  'src/mail/lexicon/machine.ts#0c3e1a1792b8':
    'BOUNCE_BODY, read on the body text cut to 20,000 characters (`mail.text.slice(0, 20_000)` in classify.ts) and only when another bounce signal holds (automated.ts); per start at most ~110 characters read; measured 0.14 ms on 20,000 characters of near-miss phrases (1.5 ms on 200,000)',
  'src/mail/lexicon/machine.ts#b3f0498ce8ce':
    'AUTO_BODY, read only when `text.newText.length < 1500` (automated.ts); `.{1,40}` is its one repeat; measured 0.01 ms on 1,500 characters of near-miss phrases',
  'src/mail/lexicon/machine.ts#714620ac3a1c':
    'CHALLENGE, read on the sender\'s own text cut to 5,000 characters (`own.slice(0, 5_000)` in classify.ts); `.{0,60}` is its one repeat; measured 0.01 ms on 5,000 characters of "please click x{60} verify that you" (0.5 ms on 200,000)',
  // The fuzzing checker counts steps growing on "юs's's…" in its own engine; V8 runs that input linearly. A verb added to
  // VERBS changes the digest: check that the phrase adds no repeat, then take the key `npm run lint` prints.
  'src/mail/lexicon/signing.ts#b15d39b1ca7b':
    'VERB_RE and HAS_VERB_RE (the same list with and without `g`): sentenceCandidates skips paragraphs over 3000 characters (`para.length > 3000`), standaloneCandidates lines over 300 (`line.length > 300`); only `\\s+` between the words of a phrase; measured 0.15 ms at 3,000 and 0.30 ms at 6,000 characters of the checker\'s attack (linear; 11 ms at 200,000)',
  'src/mail/lexicon/signing.ts#9a168eb2a160':
    'EXPLICIT_RE, applied to a mail\'s or a letter\'s text, each cut to 200,000 characters (`plain.slice(0, maxText)` in parse.ts, letters read with `budget.maxText`); its repeats are `[^.:\\n]{0,40}`: per start at most ~60 characters read; measured 2.1 ms on 200,000 characters of near-miss "listed our organisation figurer aaa…"',
  // Up to five words before "in/from": `(?:[\p{L}'-]+ ){0,5}` retried from each start.
  'src/mail/country-score.ts#24689e042e58':
    'SELF_BEFORE_RE, applied to the 90 characters before a place (`prose.slice(Math.max(0, h.start - 90), h.start)`); measured 0.01 ms on the checker\'s attack at 90 characters',
  // A name and a trailing place, anchored at the start: a lazy name of at most 200 and a place of at most 101 characters.
  'src/mail/signers.ts#e2682960f33a':
    'in peelPlaceSuffix, anchored at `^` with bounded repeats only (`.{2,200}?`, `[^,–—]{2,60}`, `[^,–—]{2,40}`): at most 200 name lengths each followed by a place of at most 101 characters, whatever the input length; measured under 0.01 ms on 200,000 characters of "xy from zz - " and of "ab "',
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

/** The allowlist key of a pattern: its file and a digest of the pattern itself, so moving it keeps its entry and changing it drops it. */
function allowKey(f: Found): string {
  const digest = createHash('sha256').update(`/${f.source}/${f.flags.replace(/[gyd]/g, '')}`).digest('hex').slice(0, 12);
  return `${f.where.replace(/:\d+$/, '')}#${digest}`;
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
    if (ALLOWED[allowKey(f)]) continue;
    // The `u`/`v` flag changes how the pattern parses; `g`, `y`, `d` do not change its cost.
    const flags = f.flags.replace(/[gyd]/g, '');
    // A fixed seed: the fuzzing checker gives the same verdict on every run.
    const r = checkSync(f.source, flags, { timeout: 10_000, randomSeed: 1 });
    checked++;
    if (r.status === 'vulnerable') {
      problems.push(`${f.where} (allowlist key ${allowKey(f)}): /${f.source.slice(0, 120)}${f.source.length > 120 ? '…' : ''}/${f.flags} is ${r.complexity?.summary ?? 'super-linear'}; attack ${JSON.stringify(r.attack?.string.slice(0, 60))}`);
    } else if (r.status === 'unknown') {
      problems.push(`${f.where} (allowlist key ${allowKey(f)}): /${f.source.slice(0, 120)}/${f.flags}: the checker could not decide (${r.error?.kind ?? 'unknown'})`);
    }
  }
  for (const p of problems) console.error(p);
  console.error(`lint-regex: ${checked} patterns checked, ${problems.length} problem(s)`);
  process.exit(problems.length ? 1 : 0);
}

main();
