import { defineError } from '../../shared/errors.js';

export const ticketsErrors = {
  notFound: defineError('tickets.not_found', 404, 'No such ticket.'),
  supportNotEntitled: defineError(
    'tickets.support_not_entitled',
    403,
    'Support tickets need an active commercial license. Buy or renew a commercial license to open support; suggestions and partnership requests stay open to you.',
  ),
  customerRequired: defineError('tickets.customer_required', 400, 'Name the customer (customerEmail) when opening a ticket on their behalf.'),
  customerNotFound: defineError('tickets.customer_not_found', 404, 'No customer with this email.'),
  licenseNotFound: defineError('tickets.license_not_found', 404, 'This license does not belong to the customer.'),
  internalNotAllowed: defineError('tickets.internal_not_allowed', 403, 'Only agents write internal notes.'),
  statusNotAllowed: defineError('tickets.status_not_allowed', 409, 'The ticket cannot move to this status from its current one.'),
  alreadyDeclined: defineError('tickets.already_declined', 409, 'The ticket is already declined; the customer has its explanation.'),
  ticketClosed: defineError('tickets.closed', 409, 'The ticket is closed.'),
  notResolved: defineError('tickets.not_resolved', 409, 'Only a resolved or closed ticket can be rated.'),
  declinedNotRated: defineError('tickets.declined_not_rated', 409, 'A declined ticket is not rated; reply with more information to have it looked at again.'),
  assigneeNotAgent: defineError('tickets.assignee_not_agent', 400, 'Tickets are assigned to agents or admins.'),
  mergeInvalid: defineError('tickets.merge_invalid', 409, 'These tickets cannot be merged (same ticket, another customer, or already merged).'),
  attachmentNotFound: defineError('tickets.attachment_not_found', 404, 'No such attachment.'),
};
