/** Values a client puts into its own translation of an error's `code` ("at most {{max}}"). */
export type ErrorParams = Record<string, string | number>;

/** An error that is safe to show: it carries a stable `code` and the HTTP status it maps to. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  readonly params?: ErrorParams;
  readonly headers?: Record<string, string>;

  constructor(args: {
    code: string;
    status: number;
    message: string;
    details?: Record<string, unknown>;
    params?: ErrorParams;
    headers?: Record<string, string>;
  }) {
    super(args.message);
    this.name = 'AppError';
    this.code = args.code;
    this.status = args.status;
    this.details = args.details;
    this.params = args.params;
    this.headers = args.headers;
  }
}

/**
 * Builds a factory for one kind of error, so each feature declares its errors in one place. The
 * message is English for API users and logs; the web app shows its own words for the `code`,
 * filled with `params`.
 */
export function defineError(code: string, status: number, message: string) {
  return (overrides: { message?: string; details?: Record<string, unknown>; params?: ErrorParams; headers?: Record<string, string> } = {}) =>
    new AppError({ code, status, message: overrides.message ?? message, details: overrides.details, params: overrides.params, headers: overrides.headers });
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Errors that any feature may raise. */
export const commonErrors = {
  notSignedIn: defineError('auth.not_signed_in', 401, 'Sign in to continue.'),
  forbidden: defineError('auth.forbidden', 403, 'You are not allowed to do this.'),
  scopeDenied: defineError('auth.scope_denied', 403, 'This token does not have the scope this action needs.'),
  csrfInvalid: defineError('auth.csrf_invalid', 403, 'The request is missing a valid CSRF token.'),
  invalidInput: defineError('request.invalid', 400, 'The request is not valid.'),
  notFound: defineError('request.not_found', 404, 'Not found.'),
  conflict: defineError('request.conflict', 409, 'The request conflicts with the current state.'),
};

/** A reason the process refuses to start (a damaged database, say): printed as one line, exit code 1. */
export class StartupError extends Error {
  override name = 'StartupError';
}
