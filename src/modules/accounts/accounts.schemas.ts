import { z } from 'zod';
import { emailSchema, languageSchema } from '../../http/schemas.js';
import { passwordSchema, publicUserSchema } from '../auth/auth.schemas.js';

export const updateMeBody = z
  .object({ name: z.string().trim().min(1).max(200), language: languageSchema, timeZone: z.string().max(64) })
  .partial()
  .refine((b) => Object.keys(b).length > 0, {
    message: 'Give at least one of name, language, timeZone.',
    params: { code: 'validation.nothing_to_change' },
  });

export const createUserBody = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(200),
  role: z.enum(['admin', 'agent', 'customer']),
  password: passwordSchema.optional().describe('Leave out to mail the person a link to set their own.'),
  language: languageSchema.optional(),
  timeZone: z.string().max(64).optional(),
});

export const listUsersQuery = z.object({
  role: z.enum(['admin', 'agent', 'customer', 'staff']).optional().describe('`staff`: agents and admins.'),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('The `nextCursor` of the previous page.'),
});

export const userListResponse = z.object({ items: z.array(publicUserSchema), nextCursor: z.string().nullable() });
export { publicUserSchema };

export const supportRulesBody = z.object({ version: z.string().min(1).max(40).describe('The version of the rules that was shown (`supportRules.version`).') });

export const updateUserBody = z
  .object({
    role: z.enum(['admin', 'agent']).describe('Between agent and admin only; the last active admin stays one.'),
    disabled: z.boolean().describe('true ends every session, mailed link and API token of the person at once.'),
    reassignTo: z
      .uuid()
      .nullable()
      .describe("With `disabled: true`: the active agent or admin who takes the person's open tickets; null or left out leaves them unassigned."),
  })
  .partial()
  .refine((b) => (b.role === undefined) !== (b.disabled === undefined), {
    message: 'Give one of role, disabled (one change per request).',
    params: { code: 'validation.nothing_to_change' },
  });
