import { z } from 'zod';
import { emailSchema, languageSchema } from '../../http/schemas.js';
import { PUBLIC_KINDS } from './suggestions.models.js';

export const submitSuggestionBody = z.object({
  kind: z.enum(PUBLIC_KINDS),
  name: z.string().trim().min(1).max(200),
  email: emailSchema,
  subject: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000).describe('Markdown.'),
  language: languageSchema.optional().describe("The sender's language for mail; defaults from Accept-Language."),
  timeZone: z.string().max(64).optional().describe("The sender's IANA time zone, for the account made for them."),
  website: z.string().max(500).optional().describe('Leave empty: a field people do not see (requests that fill it are dropped).'),
});

export const confirmSuggestionBody = z.object({ token: z.string().min(1).max(200) });

export const submittedResponse = z.object({ status: z.literal('confirmation_sent') });
export const confirmedResponse = z.object({
  ticketNumber: z.number(),
  kind: z.enum(PUBLIC_KINDS),
  isNewAccount: z.boolean().describe('An account was made for the address; its owner was mailed a link to set a password.'),
});
