/**
 * Text of an attached PDF letter, through pdf-parse (pdf.js underneath), run in a worker thread. The
 * thread gives a real time limit (pdf.js parses synchronously in Node, so a timer in this thread
 * could not interrupt a hostile PDF) and a memory cap; any failure means "no text", never an exception.
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
(async () => {
  const parser = new PDFParse({ data: workerData.data });
  try {
    const r = await parser.getText({ first: workerData.pages });
    parentPort.postMessage(String(r.text || ''));
  } catch (e) {
    parentPort.postMessage('');
  } finally {
    await parser.destroy().catch(() => undefined);
  }
})();
`;

/** Read the text of a PDF, or '' when it cannot be read within the limits. */
export function readPdfText(content: Buffer | undefined): Promise<string> {
  if (!content || content.length === 0 || content.length > MAX_PDF_BYTES) return Promise.resolve('');
  return new Promise((resolve) => {
    let done = false;
    let worker: Worker;
    const finish = (text: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker?.terminate().catch(() => undefined);
      resolve(text.replace(/\n-- \d+ of \d+ --\n/g, '\n').trim());
    };
    const timer = setTimeout(() => finish(''), TIMEOUT_MS);
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { modulePath: require.resolve('pdf-parse'), data: new Uint8Array(content), pages: MAX_PAGES },
        resourceLimits: { maxOldGenerationSizeMb: 256 },
      });
      worker.once('message', (m: unknown) => finish(typeof m === 'string' ? m : ''));
      worker.once('error', () => finish(''));
      worker.once('exit', () => finish(''));
    } catch {
      finish('');
    }
  });
}
