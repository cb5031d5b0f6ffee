import type { Ticket, User } from '../../db/types.js';
import { isStaff } from '../accounts/accounts.models.js';

/** Who may see a ticket: staff see all; a customer sees only their own (others are "not found"). */
export function canViewTicket({ user, ticket }: { user: Pick<User, 'id' | 'role'>; ticket: Pick<Ticket, 'customer_id'> }): boolean {
  return isStaff(user.role) || ticket.customer_id === user.id;
}

/** Agent-only actions: internal notes, declines, assignment, tags, priority, merge, status by hand. */
export function canWorkOnTicket({ user }: { user: Pick<User, 'role'> }): boolean {
  return isStaff(user.role);
}
