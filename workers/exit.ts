/** Shared ending of the worker entry points: exit 0 when stopped, 2 on bad config, 1 otherwise. */
import { ConfigError } from '../src/config';

export function exitOnFailure(run: Promise<unknown>): void {
  run.then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(err instanceof ConfigError ? 2 : 1);
    },
  );
}
