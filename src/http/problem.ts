import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { classifyDatabaseFailure, DATABASE_FAILURE_PROBLEMS, type DatabaseFailure } from '../db/failures.js';
import { isAppError, type ErrorParams } from '../shared/errors.js';
import { codeOfZodIssue, type ValidationIssue } from '../shared/validation-issues.js';

/** An RFC 9457 problem document, with our stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  /** Values for the client's own translation of `code`. */
  params?: ErrorParams;
  errors?: ValidationIssue[];
  details?: Record<string, unknown>;
}

export function sendProblem(
  reply: FastifyReply,
  problem: Omit<Problem, 'type' | 'title'> & { title?: string },
  headers: Record<string, string> = {},
): FastifyReply {
  const body: Problem = { ...problem, type: `https://supportdesk.dev/problems/${problem.code}`, title: problem.title ?? problem.detail ?? problem.code };
  // A string body skips the route's response serializer, which only knows the success shapes.
  return reply.code(problem.status).headers(headers).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}

// Fastify's own errors, by code, mapped to our stable codes.
const FASTIFY_ERRORS: Record<string, { status: number; code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'request.unsupported_media_type', detail: 'Send the body as application/json.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'request.too_large', detail: 'The request body is too large.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'request.malformed', detail: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'request.malformed', detail: 'The body is not valid JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'request.malformed', detail: 'The Content-Length does not match the body.' },
};

const CONFLICT = { status: 409, code: 'request.conflict', detail: 'The request conflicts with a change made at the same time. Try again.' };

// Database errors a request can cause by itself (two identical writes at once, text the database
// cannot hold), by PostgreSQL SQLSTATE or SQLite extended code.
const DATABASE_ERRORS: Record<string, { status: number; code: string; detail: string }> = {
  '23505': CONFLICT, // unique_violation
  '40001': CONFLICT, // serialization_failure
  '40P01': CONFLICT, // deadlock_detected
  SQLITE_CONSTRAINT_UNIQUE: CONFLICT,
  SQLITE_CONSTRAINT_PRIMARYKEY: CONFLICT,
  '22021': { status: 400, code: 'request.invalid', detail: 'The text holds characters that cannot be stored.' }, // character_not_in_repertoire
  '22P05': { status: 400, code: 'request.invalid', detail: 'The text holds characters that cannot be stored.' }, // untranslatable_character
  '54000': { status: 413, code: 'request.too_large', detail: 'The text is too large to store.' }, // program_limit_exceeded
};

/** The one error path: known errors become their problem; anything else a 500 without its message. */
export function handleError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  { onDatabaseFailure }: { onDatabaseFailure?: (failure: DatabaseFailure) => void } = {},
): FastifyReply {
  if (isAppError(error)) {
    return sendProblem(
      reply,
      {
        status: error.status,
        code: error.code,
        detail: error.message,
        ...(error.params && { params: error.params }),
        ...(error.details && { details: error.details }),
      },
      error.headers,
    );
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue): ValidationIssue => {
      const where = error.validationContext ?? 'body';
      const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      const { code, params } = codeOfZodIssue({ keyword: issue.keyword, message: issue.message, params: issue.params });
      return { path: path ? `${where}.${path}` : where, message: issue.message ?? 'invalid', code, ...(params && { params }) };
    });
    return sendProblem(reply, {
      status: 400,
      code: 'request.invalid',
      detail: `Invalid request: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      errors,
    });
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
    return sendProblem(reply, { status: 500, code: 'server.error', detail: 'Something went wrong on our side.' });
  }
  const err = error as { code?: string; statusCode?: number; message?: string };
  const known = err.code ? FASTIFY_ERRORS[err.code] : undefined;
  if (known) return sendProblem(reply, { status: known.status, code: known.code, detail: known.detail });
  if (err.statusCode === 429)
    return sendProblem(reply, { status: 429, code: 'request.rate_limited', detail: 'Too many requests. Slow down and try again shortly.' });
  if (err.statusCode === 400 && err.message && /JSON/i.test(err.message))
    return sendProblem(reply, { status: 400, code: 'request.malformed', detail: 'The body is not valid JSON.' });
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    return sendProblem(reply, { status: err.statusCode, code: 'request.invalid', detail: 'The request is not valid.' });
  }
  const failure = classifyDatabaseFailure(error);
  if (failure) {
    onDatabaseFailure?.(failure);
    const { status, code, detail, retryAfterSeconds } = DATABASE_FAILURE_PROBLEMS[failure];
    request.log.warn({ err: error, failure }, 'request failed: database unavailable, full or damaged');
    return sendProblem(reply, { status, code, detail }, { 'retry-after': String(retryAfterSeconds) });
  }
  const database = DATABASE_ERRORS[err.code ?? ''];
  if (database) {
    // A safety net, not a design: the use cases avoid these; when one still happens, the caller
    // gets a clean answer and the log says where.
    request.log.warn({ err: error }, 'database refused a write');
    return sendProblem(reply, database);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, { status: 500, code: 'server.error', detail: 'Something went wrong on our side.' });
}
