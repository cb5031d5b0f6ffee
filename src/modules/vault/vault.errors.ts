import { defineError } from '../../shared/errors.js';

export const vaultErrors = {
  unavailable: defineError('vault.unavailable', 503, 'The vault is unavailable: its master key is missing or unusable. Tickets work as usual.'),
  keyMismatch: defineError(
    'vault.key_mismatch',
    503,
    'The vault is unavailable: the configured master key is not the one its secrets are sealed with. Tickets work as usual.',
  ),
  erasureKeyMissing: defineError(
    'vault.erasure_key_missing',
    503,
    "This secret's erasure key is not in the data directory (with several processes, the data directory must be shared storage). Ask the customer to submit the credentials again.",
  ),
  integrityFailed: defineError('vault.integrity_failed', 500, 'The stored secret failed its integrity check and was not revealed.'),
  notFound: defineError('vault.not_found', 404, 'No such access request.'),
  notEmergency: defineError('vault.not_emergency', 409, 'Access can be requested on emergency tickets only. Change the ticket kind to emergency first.'),
  ticketEnded: defineError('vault.ticket_ended', 409, 'The ticket is resolved or closed; access requests end with it.'),
  customerOnly: defineError('vault.customer_only', 403, 'Only the customer of the ticket does this.'),
  staffOnly: defineError('vault.staff_only', 403, 'Only agents and admins do this.'),
  notAssigned: defineError(
    'vault.not_assigned',
    403,
    'Only the agent assigned to the ticket, or an admin, may reveal these credentials. The attempt was logged.',
  ),
  sessionRequired: defineError('vault.session_required', 403, 'Credentials are revealed to people signed in with a password, not to API tokens.'),
  reauthFailed: defineError('vault.reauth_failed', 403, 'The password is not correct. The attempt was logged.'),
  secondFactorFailed: defineError(
    'vault.second_factor_failed',
    403,
    'Enter a current code from your authenticator app (or a recovery code). The attempt was logged.',
  ),
  reauthThrottled: defineError('vault.reauth_throttled', 429, 'Too many wrong passwords. Wait a while before trying again.'),
  wrongState: defineError('vault.wrong_state', 409, 'The access request is not in a state that allows this.'),
  nothingToConfirm: defineError('vault.nothing_to_confirm', 409, 'There are no destroyed credentials to confirm as changed on this request.'),
};
