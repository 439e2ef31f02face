/** A stack per test file, for jest only (stack.ts is also used by the demo and the benchmark). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import { startStack, type Stack } from './stack';

/**
 * One stack and one state directory (STATE_DIR) for the tests of a file: started before them,
 * stopped and removed after. Read its fields inside tests, once `beforeAll` has run.
 */
export function stackForFile(opts: { redisAppendonly?: boolean } = {}): { readonly stack: Stack; readonly stateDir: string } {
  let stack: Stack | undefined;
  let stateDir: string | undefined;
  beforeAll(async () => {
    stack = await startStack(opts);
    stateDir = mkdtempSync(join(tmpdir(), 'endorse-state-'));
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });
  return {
    get stack() {
      if (!stack) throw new Error('the stack is not started (read it inside a test)');
      return stack;
    },
    get stateDir() {
      if (!stateDir) throw new Error('the state directory is not made (read it inside a test)');
      return stateDir;
    },
  };
}
