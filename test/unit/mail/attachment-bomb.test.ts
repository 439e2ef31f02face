/**
 * Compression bombs cost the letter reader a bounded amount of memory and the worker nothing: the
 * peak RSS of the child reading them is sampled from /proc while it works.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readLetterText, CHILD_DATA_LIMIT_MB } from '../../../src/mail/attachment-text';
import { deflatedZeros, docx, pdf, textPdf, wp, zip, zlibZeros } from './letters.helper';

const MB = 1_048_576;

function statusKb(pid: number | 'self', field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // it exited between the listing and the read
  }
}

/** Our letter readers: child processes of this one running the reader's entry. */
function readerPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        const ppid = /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        return Number(ppid) === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('serveLetterRequests');
      } catch {
        return false;
      }
    });
}

/** Run `work`, sampling the readers' high-water marks every few milliseconds. */
async function peakWhile<T>(work: () => Promise<T>): Promise<{ result: T; peakBytes: number; pids: number[] }> {
  let peak = 0;
  const pids = new Set<number>();
  const sample = () => {
    for (const pid of readerPids()) {
      pids.add(pid);
      peak = Math.max(peak, statusKb(pid, 'VmHWM') * 1024);
    }
  };
  const timer = setInterval(sample, 5);
  try {
    const result = await work();
    sample();
    return { result, peakBytes: peak, pids: [...pids] };
  } finally {
    clearInterval(timer);
  }
}

describe('compression bombs in attached letters', () => {
  const normalPdf = textPdf(['Peace Committee of Tartu', 'We sign the appeal.']);
  const normalDocx = docx(wp('Tenants Network of Łódź signs the appeal.'));
  let baseline = 0;

  beforeAll(async () => {
    // The reader's own footprint with pdf.js loaded, before any bomb.
    const { result, peakBytes } = await peakWhile(() => readLetterText('pdf', normalPdf, 10_000));
    expect(result.text).toContain('Peace Committee of Tartu');
    baseline = peakBytes;
    expect(baseline).toBeGreaterThan(20 * MB);
  });

  const pdfBomb = pdf(zlibZeros(70), '/FlateDecode');

  it('stops a 4.4 GiB PDF bomb by memory alone (no time limit in reach), says why, and a fresh reader reads the next PDF', async () => {
    expect(pdfBomb.length).toBeLessThan(5_000_000);
    const ownPeakBefore = statusKb('self', 'VmHWM') * 1024;
    const { result, peakBytes, pids } = await peakWhile(() => readLetterText('pdf', pdfBomb, 10_000, 120_000));
    const ownGrowth = statusKb('self', 'VmHWM') * 1024 - ownPeakBefore;
    console.log(`PDF bomb: reader peak RSS ${(peakBytes / MB).toFixed(0)} MB (baseline ${(baseline / MB).toFixed(0)} MB), this process grew ${(ownGrowth / MB).toFixed(0)} MB: ${result.error}`);
    expect(result.text).toBeUndefined();
    expect(result.error).toBe('ran out of its memory limit while unpacking (a compression bomb?)');
    expect(peakBytes - baseline).toBeLessThan(300 * MB);
    expect(peakBytes).toBeLessThan((CHILD_DATA_LIMIT_MB + 50) * MB);
    expect(ownGrowth).toBeLessThan(100 * MB);

    const after = await peakWhile(() => readLetterText('pdf', normalPdf, 10_000));
    expect(after.result.text).toContain('We sign the appeal.');
    expect(after.pids.some((p) => !pids.includes(p))).toBe(true);
  }, 150_000);

  it('kills a reader that takes too long and replaces it', async () => {
    const slow = await peakWhile(() => readLetterText('pdf', pdfBomb, 10_000, 300));
    expect(slow.result).toEqual({ error: 'took longer than 0.3 s' });
    const next = await peakWhile(() => readLetterText('pdf', normalPdf, 10_000));
    expect(next.result.text).toContain('Peace Committee of Tartu');
    expect(next.pids.some((p) => !slow.pids.includes(p))).toBe(true);
  }, 60_000);

  it('stops a DOCX zip bomb at the entry cap without trusting its header, and reads the next DOCX', async () => {
    const bomb = zip([{ name: 'word/document.xml', data: Buffer.alloc(0), raw: { deflated: deflatedZeros(64), claimedSize: 4096 } }]);
    expect(bomb.length).toBeLessThan(5_000_000);
    const { result, peakBytes } = await peakWhile(() => readLetterText('docx', bomb, 10_000));
    console.log(`DOCX bomb: reader peak RSS ${(peakBytes / MB).toFixed(0)} MB: ${result.error}`);
    expect(result).toEqual({ error: 'word/document.xml unpacks to more than 16.0 MB (a compression bomb?)' });
    expect(peakBytes - baseline).toBeLessThan(300 * MB);
    expect((await readLetterText('docx', normalDocx, 10_000)).text).toBe('Tenants Network of Łódź signs the appeal.');
  }, 60_000);

  it('refuses letters over the input cap without reading them', async () => {
    expect(await readLetterText('pdf', Buffer.alloc(6_000_000), 10_000)).toEqual({ error: 'too big to read (6.0 MB, limit 5 MB)' });
    expect(await readLetterText('odt', Buffer.alloc(0), 10_000)).toEqual({ error: 'the file is empty' });
  });
});
