/**
 * `understandMessage` for the main thread, loaded on its first use. The understanding core
 * (mailparser, html-to-text, the analysis and its tables) costs a process about 20 MB of memory;
 * while worker threads understand a backlog, the main thread never needs its own copy.
 */
import type { AnalysisContext } from '../mail/types';
import type { understandMessage } from './understand';

type Core = typeof import('./understand');
let core: Core | null = null;

function load(): Core {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (core ??= require('./understand') as Core);
}

export const understandInline: typeof understandMessage = (...args) => load().understandMessage(...args);

/** A short endorsement for the warm-up: nothing is stored or counted. */
const SAMPLE = Buffer.from(
  'From: Warm-up <warm-up@example.invalid>\r\nTo: info@example.invalid\r\nSubject: Endorsement of the appeal\r\n'
  + 'Message-ID: <warm-up@example.invalid>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
  + 'Dear friends,\r\n\r\nour organisation, the Example Peace Network from Austria, endorses the appeal and would like to be added to the list of signatories.\r\n\r\n'
  + 'Kind regards,\r\nJane Example\r\nExample Peace Network\r\nhttps://example.invalid\r\n',
);

/**
 * Load the core and understand one sample, uncounted: the first mail under IDLE then does not pay
 * for loading and first-run set-up (about 0.4 s). For a worker that watches, once it does.
 */
export async function warmInline(context: AnalysisContext): Promise<void> {
  load();
  // Straight to the analysis: through understandMessage the sample would count in the stage durations.
  const [{ parseMail }, { analyzeMail }] = [await import('../mail/parse'), await import('../mail/analyze')];
  analyzeMail(await parseMail(SAMPLE), context);
}
