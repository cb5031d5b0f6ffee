import { defineError } from '../../shared/errors.js';

export const authErrors = {
  invalidCredentials: defineError('auth.invalid_credentials', 401, 'The email or password is not correct.'),
  throttled: defineError('auth.throttled', 429, 'Too many failed sign-in attempts. Wait a few minutes and try again.'),
  tokenInvalid: defineError('auth.token_invalid', 400, 'This link is not valid any more. Ask for a new one.'),
  accountDisabled: defineError('auth.account_disabled', 403, 'This account is disabled.'),
  emailNotVerified: defineError(
    'auth.email_not_verified',
    403,
    'Confirm your email address first: follow the link we mailed you (you can ask for a new one on the sign-in page).',
  ),
};
