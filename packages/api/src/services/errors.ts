import type { ErrorCode } from '@parley/contracts';

/** Typed failure of a domain operation. Adapters map `code` to a tRPC code, HTTP status or socket ack. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new DomainError('BAD_REQUEST', message, details);
export const unauthorized = (message = 'sign in first') => new DomainError('UNAUTHORIZED', message);
export const forbidden = (message = 'you do not have access to this') =>
  new DomainError('FORBIDDEN', message);
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string) => new DomainError('CONFLICT', message);
export const rateLimited = (message = 'too many requests, slow down') =>
  new DomainError('RATE_LIMITED', message);

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** HTTP status for a domain error code (bot API, webhooks, upload routes). */
export const httpStatusFor: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};
