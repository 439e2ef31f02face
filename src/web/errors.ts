/**
 * The web app's error catalogue: every failure a request can meet, as an HTTP status, a stable
 * machine `code` and a message that says what is wrong (safe to show; no stack, no internals).
 */
import { ZodError } from 'zod';
import { IllegalTransitionError, ReviewConflictError, ReviewError, StaleVersionError, UnknownItemError, UnknownMessageError } from '../review/errors';
import { exportRows } from '../review/export';

/** An error with an HTTP status and a stable code, as the API returns it. */
export class HttpError extends Error {
  override name = 'HttpError';
  /** `extra`: more fields for the JSON body (a stale version's current version and changes). */
  constructor(readonly statusCode: number, readonly code: string, message: string, readonly extra?: Record<string, unknown>) {
    super(message);
  }
}

/** The JSON body of every API error. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  [more: string]: unknown;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error',
};

/** Map any thrown value to an HttpError: ours as they are, store and validation errors by meaning. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof ZodError) {
    const what = err.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`).join('; ');
    return new HttpError(400, 'invalid_request', `Invalid request: ${what}`);
  }
  if (err instanceof UnknownItemError || err instanceof UnknownMessageError) return new HttpError(404, 'not_found', err.userMessage);
  if (err instanceof StaleVersionError) {
    return new HttpError(409, 'stale_version', err.userMessage, {
      yourVersion: err.expected, currentVersion: err.current, changesSince: err.changes,
      current: err.item ? { ...exportRows([err.item])[0], version: err.current } : null,
    });
  }
  if (err instanceof IllegalTransitionError) return new HttpError(409, 'illegal_transition', err.userMessage);
  if (err instanceof ReviewConflictError) return new HttpError(409, err.code, err.userMessage);
  if (err instanceof ReviewError) return new HttpError(400, 'review_error', err.userMessage);
  // Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx status and a code.
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new HttpError(e.statusCode, String(e.code ?? 'bad_request').toLowerCase(), e.message ?? 'Bad request');
  }
  return new HttpError(500, 'internal_error', 'Something went wrong on the server; it has been logged.');
}

/** The JSON body for an HttpError. */
export function errorBody(e: HttpError): ErrorBody {
  return { statusCode: e.statusCode, code: e.code, error: REASONS[e.statusCode] ?? 'Error', message: e.message, ...e.extra };
}
