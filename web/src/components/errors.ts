import type { TFunction } from 'i18next';
import { isApiError, NETWORK_ERROR, UNEXPECTED_RESPONSE, type Problem } from '../api/client.js';
import { describeCode, type Message } from './messages.js';

/** One invalid field of a problem document. */
export type Issue = NonNullable<Problem['errors']>[number];

/** Words for an error: our translation of the server's `code` (with its `params`), else the server's `detail`. */
export function describeError(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('errors.fallback');
  if (error.code === NETWORK_ERROR) return t('errors.network');
  if (error.code === UNEXPECTED_RESPONSE) return t('errors.unexpected', { status: error.status });
  if (error.status === 429 && error.retryAfterSeconds) return t('errors.rateLimitedIn', { seconds: error.retryAfterSeconds });
  return describeCode(t, { code: error.code, params: error.params, fallback: error.detail });
}

/** One invalid field as a message: its code from our catalogues, the server's words only for an unknown code. */
export function issueMessage(issue: Issue): Message {
  return issue.code ? { code: issue.code, params: issue.params, fallback: issue.message } : issue.message;
}

/** Server validation problems by form field (`body.email` → `email`), for showing beside the inputs. */
export function fieldErrorsOf(error: unknown): Record<string, Message> {
  if (!isApiError(error)) return {};
  const result: Record<string, Message> = {};
  for (const issue of error.errors) {
    const field = issue.path.replace(/^body\.?/, '');
    if (field && !(field in result)) result[field] = issueMessage(issue);
  }
  return result;
}
