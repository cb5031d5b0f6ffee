import { defineError } from '../../shared/errors.js';

export const licensesErrors = {
  notFound: defineError('licenses.not_found', 404, 'No such license.'),
  customerNotCustomer: defineError('licenses.not_a_customer', 409, 'Licenses belong to customers; this email belongs to an agent or admin.'),
  customerNotFound: defineError('licenses.customer_not_found', 404, 'No such customer.'),
};
