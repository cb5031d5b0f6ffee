import type { AppInstance } from './types.js';
import { commonErrors } from '../shared/errors.js';

const MAX_DEPTH = 32;

/** The path of the first string holding a NUL character, or undefined. */
export function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\0')}`;
    const found = findNul(item, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses text with NUL characters in any body, query or path parameter, on every route: PostgreSQL
 * cannot store them in text (it answered 500), and no field of ours has a use for them. Runs after
 * the access check, so an unauthorised caller learns nothing from it.
 */
export function registerTextGuard(app: AppInstance): void {
  app.addHook('preValidation', async (request) => {
    if (!request.routeOptions.config.access) return;
    const where = findNul(request.params, 'params') ?? findNul(request.query, 'querystring') ?? findNul(request.body, 'body');
    if (where) {
      throw commonErrors.invalidInput({
        message: `Invalid request: ${where}: text may not contain NUL characters (U+0000).`,
        details: { path: where },
      });
    }
  });
}
