/**
 * `understandMessage` for the main thread, loaded on its first use. The understanding core
 * (mailparser, html-to-text, the analysis and its tables) costs a process about 30 MB of memory;
 * while worker threads understand a backlog, the main thread never needs its own copy.
 */
import type { understandMessage } from './understand';

let loaded: typeof understandMessage | null = null;

export const understandInline: typeof understandMessage = (...args) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= (require('./understand') as typeof import('./understand')).understandMessage;
  return loaded(...args);
};
