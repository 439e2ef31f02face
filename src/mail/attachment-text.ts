/**
 * Text of attached letters (PDF, DOCX, ODT), read in a child process under hard limits. A thread's
 * `resourceLimits` cap only the JS heap: pdf.js inflates streams into ArrayBuffers outside it, and a
 * 4.5 GiB PDF bomb took a worker thread past 1.2 GB. A process under a kernel data limit
 * (RLIMIT_DATA via `ulimit -d`, which counts every private writable mapping) fails the allocation
 * instead, and a timer kills it when it runs too long. One child is kept (unref'd) and reused, since
 * loading pdf.js costs ~200 ms; it is replaced after a kill or crash. Any failure is "no text" with a
 * reason for the reviewer, never an exception.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { extname, join } from 'node:path';
import type { LetterFormat, LetterReply, LetterRequest } from './attachment-child';

export type { LetterFormat } from './attachment-child';

/** What reading a letter gave: its text, or why there is none. */
export interface LetterText {
  text?: string;
  error?: string;
}

/** Input caps: endorsement letters are a page or two; a DOCX/ODT may carry a logo besides the text. */
const MAX_INPUT_BYTES: Record<LetterFormat, number> = { pdf: 5_000_000, docx: 10_000_000, odt: 10_000_000 };
/** Default time limit per letter; pdf.js needs well under a second for a real one. */
export const LETTER_TIMEOUT_MS = 5_000;
/** Starting node and loading pdf.js is slow on a busy machine; it is not the letter's fault. */
const START_TIMEOUT_MS = 30_000;
/** The child's data limit: node with pdf.js needs ~100 MB, a letter a few MB more. */
export const CHILD_DATA_LIMIT_MB = 320;
const NODE_FLAGS = ['--max-old-space-size=160', '--max-semi-space-size=16'];

const FORMATS: Array<{ format: LetterFormat; types: RegExp; ext: RegExp }> = [
  { format: 'pdf', types: /^application\/(?:x-)?pdf$/, ext: /\.pdf$/i },
  { format: 'docx', types: /^application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document$/, ext: /\.docx$/i },
  { format: 'odt', types: /^application\/vnd\.oasis\.opendocument\.text$/, ext: /\.odt$/i },
];
/** Labels mail clients put on any file; then the file name tells the format. */
const GENERIC_TYPES = /^(?:application\/(?:octet-stream|zip|x-zip-compressed|msword|download|force-download|x-download|binary)|binary\/octet-stream)$/;

/** The letter format of an attachment, from its content type or, under a generic type, its name. */
export function letterFormat(a: { contentType: string; filename: string | null }): LetterFormat | null {
  for (const f of FORMATS) if (f.types.test(a.contentType)) return f.format;
  if (!GENERIC_TYPES.test(a.contentType) || !a.filename) return null;
  return FORMATS.find((f) => f.ext.test(a.filename!))?.format ?? null;
}

// Run from sources (ts-jest), the child transpiles our .ts files with the TypeScript compiler, a dev
// dependency; built code runs the compiled .js and never loads it.
const BOOT = `
const entry = process.argv[1];
if (entry.endsWith('.ts')) {
  const ts = require(require.resolve('typescript', { paths: [entry] }));
  const fs = require('node:fs');
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  require.extensions['.ts'] = (m, file) => m._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), { fileName: file, compilerOptions }).outputText, file);
}
require(entry).serveLetterRequests();
`;
const ENTRY = join(__dirname, `attachment-child${extname(__filename)}`);

interface Job {
  format: LetterFormat;
  data: Uint8Array;
  maxChars: number;
  timeoutMs: number;
  resolve: (r: LetterText) => void;
}

interface Reader {
  child: ChildProcess;
  ready: boolean;
  job: (Job & { id: number; timer: NodeJS.Timeout }) | null;
  /** Why the reader was stopped, for the job it was doing. */
  killedFor: string | null;
  startTimer: NodeJS.Timeout;
}

let reader: Reader | null = null;
const queue: Job[] = [];
let nextId = 1;

function start(): Reader {
  const script = `ulimit -d ${CHILD_DATA_LIMIT_MB * 1024} 2>/dev/null; exec "$0" "$@"`;
  const child = spawn('/bin/sh', ['-c', script, process.execPath, ...NODE_FLAGS, '-e', BOOT, ENTRY], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    serialization: 'advanced',
  });
  const r: Reader = { child, ready: false, job: null, killedFor: null, startTimer: setTimeout(() => stop(r, 'the letter reader did not start'), START_TIMEOUT_MS) };
  r.startTimer.unref();
  child.on('message', (m: LetterReply) => onReply(r, m));
  // 'close', not 'exit': it comes after the IPC channel has delivered the child's last reply.
  child.on('close', () => onExit(r));
  child.on('error', () => onExit(r));
  return r;
}

function stop(r: Reader, why: string): void {
  r.killedFor ??= why;
  r.child.kill('SIGKILL');
}

function onReply(r: Reader, m: LetterReply): void {
  if ('ready' in m) {
    r.ready = true;
    clearTimeout(r.startTimer);
  } else if (r.job && m.id === r.job.id) {
    const job = r.job;
    r.job = null;
    clearTimeout(job.timer);
    job.resolve('text' in m ? { text: m.text } : { error: m.error });
    if ('last' in m && m.last) retire(r);
  }
  pump();
}

/** Stop giving work to a reader that is on its way out; its exit is then no one's concern. */
function retire(r: Reader): void {
  if (reader === r) reader = null;
}

function onExit(r: Reader): void {
  if (reader !== r) return;
  reader = null;
  clearTimeout(r.startTimer);
  if (r.job) {
    clearTimeout(r.job.timer);
    r.job.resolve({ error: r.killedFor ?? 'the letter reader crashed (out of memory? a compression bomb?)' });
    r.job = null;
  } else if (!r.ready) {
    // It never started: failing the waiting letters beats retrying for ever.
    for (const job of queue.splice(0)) job.resolve({ error: r.killedFor ?? 'the letter reader could not start' });
  }
  pump();
}

function pump(): void {
  if (!queue.length) {
    if (reader && !reader.job) idle(reader, true);
    return;
  }
  reader ??= start();
  const r = reader;
  idle(r, false);
  if (!r.ready || r.job) return;
  const job = queue.shift()!;
  const id = nextId++;
  r.job = { ...job, id, timer: setTimeout(() => stop(r, `took longer than ${job.timeoutMs / 1000} s`), job.timeoutMs) };
  const req: LetterRequest = { id, format: job.format, data: job.data, maxChars: job.maxChars };
  r.child.send(req, (err) => {
    if (err) stop(r, 'the letter reader could not be reached');
  });
}

/** An idle reader must not keep the program alive. */
function idle(r: Reader, yes: boolean): void {
  const handle = r.child as ChildProcess & { channel?: { ref(): void; unref(): void } | null };
  if (yes) {
    r.child.unref();
    handle.channel?.unref();
  } else {
    r.child.ref();
    handle.channel?.ref();
  }
}

/**
 * Read the text of a letter, or say why it cannot be read (too big, encrypted, a bomb, too slow).
 * Letters are read one at a time; the time limit counts from the moment the child takes one.
 */
export function readLetterText(format: LetterFormat, content: Buffer | undefined, maxChars: number, timeoutMs = LETTER_TIMEOUT_MS): Promise<LetterText> {
  if (!content || content.length === 0) return Promise.resolve({ error: 'the file is empty' });
  const cap = MAX_INPUT_BYTES[format];
  if (content.length > cap) {
    return Promise.resolve({ error: `too big to read (${(content.length / 1e6).toFixed(1)} MB, limit ${cap / 1e6} MB)` });
  }
  return new Promise((resolve) => {
    queue.push({ format, data: new Uint8Array(content), maxChars, timeoutMs, resolve });
    pump();
  });
}
