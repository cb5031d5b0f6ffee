import { defineError } from '../../shared/errors.js';

export const webhooksErrors = {
  notFound: defineError('webhooks.not_found', 404, 'There is no such webhook subscription.'),
  deliveryNotFound: defineError('webhooks.delivery_not_found', 404, 'There is no such delivery.'),
  invalidUrl: defineError('webhooks.invalid_url', 400, 'The webhook URL must be an http:// or https:// URL without a user name or password.'),
  unresolvable: defineError('webhooks.unresolvable', 400, 'The webhook URL names a host that cannot be resolved.'),
  privateAddress: defineError(
    'webhooks.private_address',
    400,
    'The webhook URL points at a private, loopback or link-local address. An admin can allow such addresses in the webhook settings.',
  ),
};
