import { z } from 'zod';

/** Shapes shared by many routes. */
export const uuidParam = z.object({ id: z.uuid() });
// Trimmed and lower-cased before the check: people paste addresses with spaces and capitals.
export const emailSchema = z.string().trim().toLowerCase().email().max(254);
export const languageSchema = z.enum(['en', 'ru']);
export const problemSchema = z
  .object({ type: z.string(), title: z.string(), status: z.number(), code: z.string(), detail: z.string().optional() })
  .describe('An RFC 9457 problem document with a stable `code`.');
export const noContent = z.null().describe('No content');

/** The usual error responses, listed in OpenAPI for each route. */
export const problemResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  429: problemSchema,
};
