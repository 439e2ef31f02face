/**
 * The child process that reads attached letters (PDF through pdf-parse/pdf.js, DOCX and ODT through
 * office-text.ts). It runs apart from the worker so that a hostile file can cost only this process:
 * attachment-text.ts starts it under a kernel data limit and kills it on a timeout. Answers one
 * request at a time over the IPC channel; exits when the parent goes away or memory ran short.
 */
import { PDFParse } from 'pdf-parse';
import { officeText, type OfficeFormat } from './office-text';
import { ZipError } from './zip';

export type LetterFormat = 'pdf' | OfficeFormat;

/** Parent -> child. */
export interface LetterRequest {
  id: number;
  format: LetterFormat;
  data: Uint8Array;
  maxChars: number;
}

/**
 * Child -> parent: the text, or why there is none. `ready` announces a started child; `last` says it
 * exits after this reply.
 */
export type LetterReply = { ready: true } | { id: number; text: string } | { id: number; error: string; last?: boolean };

/** Letters are a page or two; beyond this a person reads the rest. */
const MAX_PDF_PAGES = 10;

async function pdfText(data: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data });
  try {
    const r = await parser.getText({ first: MAX_PDF_PAGES });
    return String(r.text ?? '').replace(/\n-- \d+ of \d+ --\n/g, '\n').trim();
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

/** A reviewer-readable reason for a failure; `fatal` when this process should not go on. */
export function failureReason(err: unknown, format: LetterFormat): { error: string; fatal: boolean } {
  const e = err as { name?: string; message?: string };
  const text = `${e?.name ?? ''}: ${e?.message ?? String(err)}`;
  if (err instanceof ZipError) return { error: err.message, fatal: false };
  if (/allocation failed|out of memory|Invalid typed array length|Array buffer/i.test(text)) {
    return { error: 'ran out of its memory limit while unpacking (a compression bomb?)', fatal: true };
  }
  if (/Password/i.test(text)) return { error: 'the document is encrypted', fatal: false };
  if (/Invalid ?PDF|InvalidPDF/i.test(text)) return { error: 'not a readable PDF', fatal: false };
  return { error: `could not be read as ${format.toUpperCase()}: ${(e?.message ?? String(err)).slice(0, 120)}`, fatal: false };
}

async function answer(req: LetterRequest): Promise<{ reply: LetterReply; fatal: boolean }> {
  try {
    const text = req.format === 'pdf' ? await pdfText(req.data) : officeText(Buffer.from(req.data.buffer, req.data.byteOffset, req.data.byteLength), req.format, req.maxChars);
    if (!text.trim()) {
      const error = req.format === 'pdf' ? 'no text layer (a scanned image?)' : 'the document holds no text';
      return { reply: { id: req.id, error }, fatal: false };
    }
    return { reply: { id: req.id, text: text.slice(0, req.maxChars) }, fatal: false };
  } catch (err) {
    const { error, fatal } = failureReason(err, req.format);
    return { reply: fatal ? { id: req.id, error, last: true } : { id: req.id, error }, fatal };
  }
}

/** Serve requests on the IPC channel until the parent disconnects. */
export function serveLetterRequests(): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('attachment-child must be started with an IPC channel');
  let queue = Promise.resolve();
  process.on('message', (req: LetterRequest) => {
    queue = queue.then(async () => {
      const { reply, fatal } = await answer(req);
      send(reply, undefined, {}, () => {
        // After a failed allocation this heap is not worth trusting: a fresh child takes over.
        if (fatal) process.exit(0);
      });
    });
  });
  process.on('disconnect', () => process.exit(0));
  send({ ready: true });
}
