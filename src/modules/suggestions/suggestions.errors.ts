import { defineError } from '../../shared/errors.js';

export const suggestionsErrors = {
  tooMany: defineError('suggestions.too_many', 429, 'Too many requests from this address recently. Try again later.'),
  linkInvalid: defineError('suggestions.link_invalid', 400, 'This confirmation link is not valid any more. Send the form again.'),
  addressUnavailable: defineError(
    'suggestions.address_unavailable',
    409,
    'This address cannot send requests through the public form. Sign in and use the Personal Account or the workspace.',
  ),
};
