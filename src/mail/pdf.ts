/**
 * Text of an attached PDF letter, through pdf-parse (pdf.js underneath), run in a worker thread. The
 * thread gives a real time limit (pdf.js parses synchronously in Node, so a timer in this thread
 * could not interrupt a hostile PDF) and a memory cap; any failure means "no text", never an exception.
 * One thread is kept (unref'd) and reused, because loading pdf.js costs ~200 ms; it is replaced after
 * a timeout or crash.
 */
import { Worker } from 'node:worker_threads';

/** PDFs above this size are left for a person: endorsement letters are a page or two. */
const MAX_PDF_BYTES = 5_000_000;
const TIMEOUT_MS = 5_000;
const MAX_PAGES = 10;

// Plain CommonJS run by the worker thread. It lives outside any test runner's module sandbox, so
// pdf.js can load its own ESM worker with a dynamic import (jest's sandbox cannot).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFParse } = require(workerData.modulePath);
parentPort.on('message', async ({ id, data, pages }) => {
  const parser = new PDFParse({ data });
  let text = '';
  try {
    const r = await parser.getText({ first: pages });
    text = String(r.text || '');
  } catch (e) {
    text = '';
  } finally {
    await parser.destroy().catch(() => undefined);
  }
  parentPort.postMessage({ id, text });
});
`;

type Pending = { resolve: (t: string) => void; timer: NodeJS.Timeout };
let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function settle(id: number, text: string): void {
  const p = pending.get(id);
  if (!p) return;
  pending.delete(id);
  clearTimeout(p.timer);
  p.resolve(text.replace(/\n-- \d+ of \d+ --\n/g, '\n').trim());
  if (pending.size === 0) worker?.unref();
}

/** Drop the thread (after a timeout or crash) and fail whatever it was still doing. */
function discard(w: Worker): void {
  if (worker === w) worker = null;
  void w.terminate().catch(() => undefined);
  for (const id of [...pending.keys()]) settle(id, '');
}

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { modulePath: require.resolve('pdf-parse') },
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  w.on('message', (m: { id?: unknown; text?: unknown }) => settle(Number(m?.id), typeof m?.text === 'string' ? m.text : ''));
  w.on('error', () => discard(w));
  w.on('exit', () => discard(w));
  worker = w;
  return w;
}

/** Read the text of a PDF, or '' when it cannot be read within the limits. */
export function readPdfText(content: Buffer | undefined): Promise<string> {
  if (!content || content.length === 0 || content.length > MAX_PDF_BYTES) return Promise.resolve('');
  return new Promise((resolve) => {
    let w: Worker;
    try {
      w = getWorker();
    } catch {
      resolve('');
      return;
    }
    const id = nextId++;
    const timer = setTimeout(() => discard(w), TIMEOUT_MS);
    pending.set(id, { resolve, timer });
    w.ref();
    w.postMessage({ id, data: new Uint8Array(content), pages: MAX_PAGES });
  });
}
