import type { TFunction } from 'i18next';
import { isApiError, NETWORK_ERROR, UNEXPECTED_RESPONSE } from '../api/client.js';

/** Words for an error: our translation of the server's `code` when we have one, else the server's `detail`. */
export function describeError(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('errors.fallback');
  if (error.code === NETWORK_ERROR) return t('errors.network');
  if (error.code === UNEXPECTED_RESPONSE) return t('errors.unexpected', { status: error.status });
  if (error.status === 429 && error.retryAfterSeconds) return t('errors.rateLimitedIn', { seconds: error.retryAfterSeconds });
  const key = `errors.${error.code}`;
  // Codes are open-ended (the server adds them over time), so the key is checked at run time.
  if (t(key as never, { defaultValue: '' }) !== '') return t(key as never);
  return error.detail ?? t('errors.fallback');
}

/** Server validation messages by form field (`body.email` → `email`), for showing beside the inputs. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const result: Record<string, string> = {};
  for (const { path, message } of error.errors) {
    const field = path.replace(/^body\.?/, '');
    if (field && !(field in result)) result[field] = message;
  }
  return result;
}
