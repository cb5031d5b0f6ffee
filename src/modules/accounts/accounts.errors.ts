import { defineError } from '../../shared/errors.js';

export const accountsErrors = {
  emailTaken: defineError('accounts.email_taken', 409, 'An account with this email already exists.'),
  userNotFound: defineError('accounts.user_not_found', 404, 'No such user.'),
  invalidTimeZone: defineError('accounts.invalid_time_zone', 400, 'The time zone is not a known IANA time zone.'),
  rulesOutdated: defineError('accounts.rules_outdated', 409, 'The support rules have changed since this page was loaded; read them again.'),
  mailThrottled: defineError(
    'accounts.mail_throttled',
    429,
    'Too many mails were asked for this address or from your network recently. Wait a while and try again.',
  ),
  wrongPassword: defineError('accounts.wrong_password', 403, 'The current password is not correct.'),
};
