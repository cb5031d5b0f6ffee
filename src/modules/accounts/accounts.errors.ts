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
  lastAdmin: defineError('accounts.last_admin', 409, 'This is the last active admin; make someone else an admin first.'),
  cannotDeactivateSelf: defineError('accounts.cannot_deactivate_self', 409, 'You cannot deactivate your own account; ask another admin.'),
  roleNotAllowed: defineError('accounts.role_not_allowed', 400, 'Only agents and admins change roles, and only between agent and admin.'),
  invalidReassignTarget: defineError('accounts.invalid_reassign_target', 400, 'Open tickets can only go to another active agent or admin.'),
  wrongPassword: defineError('accounts.wrong_password', 403, 'The current password is not correct.'),
};
