/**
 * The logger shape the watcher needs: pino-like, object first. Kept here so the intake code does not
 * import pino (the composition root passes a pino child logger).
 */

/** A pino-compatible logger: `log.info({ uid }, 'message')`. */
export interface IntakeLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}
