import { defineError } from '../../shared/errors.js';

export const tokensErrors = {
  notFound: defineError('tokens.not_found', 404, 'No such token.'),
  unknownScope: defineError('tokens.unknown_scope', 400, 'Unknown scope. Scopes are licenses:read and licenses:write.'),
  expiryInPast: defineError('tokens.expiry_in_past', 400, 'The expiry must be in the future.'),
};
