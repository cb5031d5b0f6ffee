import { z } from 'zod';
import { emailSchema, languageSchema } from '../../http/schemas.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../accounts/accounts.models.js';

export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

export const publicUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'agent', 'customer']),
  language: languageSchema,
  timeZone: z.string(),
  emailVerified: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
  supportRules: z
    .object({
      version: z.string().describe('The current version of the support rules.'),
      acknowledgedVersion: z.string().nullable(),
      acknowledgedAt: z.string().nullable(),
      isAcknowledged: z.boolean().describe('The person acknowledged the current version.'),
    })
    .describe('The support rules the person acknowledged, and when (shown to agents too).'),
});

export const sessionResponse = z.object({
  user: publicUserSchema,
  csrfToken: z.string().describe('Send it back as the X-CSRF-Token header on every write made with the session cookie.'),
  serverTime: z.string().describe('The server clock, so the web app counts "time left" from it.'),
  signIn: z
    .enum(['complete', 'second_factor', 'two_factor_setup'])
    .describe(
      'complete; second_factor: send a code to /api/v1/auth/two-factor/verify; two_factor_setup: staff must set up an authenticator (/api/v1/me/two-factor/setup) before anything else.',
    ),
});

export const signInBody = z.object({ email: emailSchema, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) });
export const signUpBody = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(200),
  language: languageSchema.optional(),
  timeZone: z.string().max(64).optional(),
});
const revokeTokensField = z.boolean().default(false).describe('Also revoke every API token of the account (integrations using them stop working).');
export const verifyEmailBody = z.object({
  token: z.string().min(1).max(200),
  password: passwordSchema.describe(
    'The password of the account from now on. Whatever password, sessions and tokens the account had before verification end (someone else may have signed up with this address).',
  ),
});
export const emailBody = z.object({ email: emailSchema });
export const resetRequestBody = emailBody;
export const resetConfirmBody = z.object({ token: z.string().min(1).max(200), password: passwordSchema, revokeTokens: revokeTokensField });
export const signOutEverywhereBody = z.object({ revokeTokens: revokeTokensField }).nullish();
export const acceptedResponse = z.object({ status: z.string() });
