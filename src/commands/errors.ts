/** Errors the CLI maps to exit codes; a module of its own so `cli.ts` loads no command's code up front. */

/** Bad usage (an unknown id, a bad flag value): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
