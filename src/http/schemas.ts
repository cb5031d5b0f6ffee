import { z } from 'zod';

/** Shapes shared by many routes. */
export const uuidParam = z.object({ id: z.uuid() });
// Trimmed and lower-cased before the check: people paste addresses with spaces and capitals.
export const emailSchema = z.string().trim().toLowerCase().email().max(254);
export const languageSchema = z.enum(['en', 'ru']);
const problemParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.string(),
    detail: z.string().optional(),
    params: problemParamsSchema.optional().describe("Values for a client's own translation of `code`."),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), code: z.string(), params: problemParamsSchema.optional() }))
      .optional()
      .describe('Each invalid field by its path, with a stable `code` and its parameters.'),
  })
  .describe('An RFC 9457 problem document with a stable `code`; `detail` is English, clients translate `code` with `params`.');
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
