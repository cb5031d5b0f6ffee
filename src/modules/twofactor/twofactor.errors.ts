import { defineError } from '../../shared/errors.js';

export const twoFactorErrors = {
  required: defineError('auth.second_factor_required', 401, 'Enter the code from your authenticator app (or a recovery code) to finish signing in.'),
  setupRequired: defineError('auth.two_factor_setup_required', 403, 'Two-factor sign-in is required for staff: set up an authenticator app before going on.'),
  invalidCode: defineError('two_factor.invalid_code', 401, 'The code is not correct, or was already used.'),
  throttled: defineError('two_factor.throttled', 429, 'Too many wrong codes. Wait a while before trying again.'),
  alreadyEnabled: defineError('two_factor.already_enabled', 409, 'Two-factor sign-in is already on. Turn it off first to set up another authenticator.'),
  notSetUp: defineError('two_factor.not_set_up', 409, 'Start the setup first: there is no authenticator waiting for confirmation.'),
  notEnabled: defineError('two_factor.not_enabled', 409, 'Two-factor sign-in is not on for this account.'),
  requiredByPolicy: defineError('two_factor.required_by_policy', 409, 'Two-factor sign-in is required for staff; it cannot be turned off.'),
  wrongPassword: defineError('two_factor.wrong_password', 403, 'The password is not correct.'),
};
