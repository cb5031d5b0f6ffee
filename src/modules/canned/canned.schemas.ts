import { z } from 'zod';

const title = z.string().trim().min(1).max(200);
const body = z
  .string()
  .max(20_000)
  .describe('Markdown with placeholders: {{customer.name}}, {{ticket.number}}, {{ticket.subject}}, {{ticket.replyDueAt}}, {{agent.name}}.');

export const createCannedBody = z
  .object({
    title,
    bodyEn: body.default(''),
    bodyRu: body.default(''),
    shared: z.boolean().default(false).describe('Shared with every agent (admins only); otherwise personal.'),
  })
  .refine((b) => b.bodyEn.trim() !== '' || b.bodyRu.trim() !== '', {
    message: 'Give the text in at least one language.',
    path: ['bodyEn'],
    params: { code: 'canned.text_required' },
  });

export const patchCannedBody = z
  .object({ title, bodyEn: body, bodyRu: body, shared: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'Give at least one field to change.', params: { code: 'validation.nothing_to_change' } });

export const renderCannedBody = z.object({ ticketId: z.uuid() });

export const cannedSchema = z.object({
  id: z.string(),
  title: z.string(),
  bodyEn: z.string(),
  bodyRu: z.string(),
  shared: z.boolean(),
  ownerId: z.string().nullable(),
  unknownPlaceholders: z.array(z.string()).describe('Placeholders the texts use that nothing fills; they stay visible when rendered.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const renderedSchema = z.object({ body: z.string(), language: z.enum(['en', 'ru']) });
