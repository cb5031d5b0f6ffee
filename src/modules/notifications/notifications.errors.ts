import { defineError } from '../../shared/errors.js';

export const notificationsErrors = {
  notApplicable: defineError('notifications.not_applicable', 400, 'Some of these notifications do not exist for your role.'),
};
