import { defineError } from '../../shared/errors.js';

export const viewsErrors = {
  notFound: defineError('views.not_found', 404, 'No such saved view.'),
  sharedAdminOnly: defineError('views.shared_admin_only', 403, 'Only admins create or change shared views.'),
  tooMany: defineError('views.too_many', 409, 'There are as many saved views as allowed; delete one first.'),
};
