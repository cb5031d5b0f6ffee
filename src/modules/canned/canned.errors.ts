import { defineError } from '../../shared/errors.js';

export const cannedErrors = {
  notFound: defineError('canned.not_found', 404, 'No such canned response.'),
  sharedAdminOnly: defineError('canned.shared_admin_only', 403, 'Only admins create or change shared canned responses.'),
};
