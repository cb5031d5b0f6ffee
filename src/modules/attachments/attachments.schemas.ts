import { z } from 'zod';

export const uploadedSchema = z.object({
  id: z.string(),
  fileName: z.string().describe('Sanitized: no path, no control characters, at most 200 characters.'),
  contentType: z.string().describe('Decided from the bytes, not from what the client claimed.'),
  size: z.number(),
});

// Documents the form for OpenAPI; the parts themselves are read as a stream, so the parsed body
// is null when this runs (and passes as nothing).
export const uploadForm = z
  .preprocess((body) => body ?? undefined, z.object({ file: z.string().meta({ format: 'binary' }).describe('The file (one per request).') }).optional())
  .describe('multipart/form-data with one file part.');

export const downloadResponse = {
  description: 'The file, as a download.',
  content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } },
};
