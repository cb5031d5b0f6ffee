import type { TicketKind } from '../../db/types.js';
import { isStaff, type Role } from '../accounts/accounts.models.js';

// The optional mails. Account mails, vault mails and answers to inbound mail are never optional.
export const CUSTOMER_SWITCHES = ['ticketReceived', 'agentReply', 'pendingReminder', 'ticketResolved'] as const;
export const STAFF_SWITCHES = ['newTicket', 'customerReply', 'replyDueSoon', 'breached'] as const;
/** Admins also get the weekly report summary (reports.weekly). */
export const ADMIN_SWITCHES = [...STAFF_SWITCHES, 'weeklySummary'] as const;
export type CustomerSwitch = (typeof CUSTOMER_SWITCHES)[number];
export type StaffSwitch = (typeof STAFF_SWITCHES)[number];
export type NotificationSwitch = CustomerSwitch | (typeof ADMIN_SWITCHES)[number];

export const ALL_KINDS: readonly TicketKind[] = ['question', 'problem', 'emergency', 'suggestion', 'partnership'];

/** What a person chose; anything not chosen is on (every kind, for new-ticket mail). */
export interface StoredPreferences {
  switches?: Partial<Record<NotificationSwitch, boolean>>;
  /** Staff: which kinds of new ticket they hear about ("their queues"). */
  newTicketKinds?: TicketKind[];
}

export type CustomerPreferences = Record<CustomerSwitch, boolean>;
export type StaffPreferences = Record<StaffSwitch, boolean> & { newTicketKinds: TicketKind[]; weeklySummary?: boolean };

/** The switches that apply to a role. */
export function switchesFor(role: Role): readonly NotificationSwitch[] {
  if (role === 'admin') return ADMIN_SWITCHES;
  return isStaff(role) ? STAFF_SWITCHES : CUSTOMER_SWITCHES;
}

/** The effective preferences of a person with this role. */
export function resolvePreferences({ role, stored }: { role: Role; stored: StoredPreferences | undefined }): CustomerPreferences | StaffPreferences {
  const switches = Object.fromEntries(switchesFor(role).map((s) => [s, stored?.switches?.[s] ?? true]));
  if (!isStaff(role)) return switches as CustomerPreferences;
  const kinds = stored?.newTicketKinds ?? ALL_KINDS;
  return { ...(switches as Record<StaffSwitch, boolean>), newTicketKinds: ALL_KINDS.filter((k) => kinds.includes(k)) };
}

/** Whether a person wants one optional mail (and, for new tickets, this kind). */
export function wantsMail({
  role,
  stored,
  what,
  kind,
}: {
  role: Role;
  stored: StoredPreferences | undefined;
  what: NotificationSwitch;
  kind?: TicketKind;
}): boolean {
  if (!switchesFor(role).includes(what)) return false;
  if (stored?.switches?.[what] === false) return false;
  if (what === 'newTicket' && kind) return (stored?.newTicketKinds ?? ALL_KINDS).includes(kind);
  return true;
}

/** A change a person asked for, applied to what they had. Keys of the other role are an error (`undefined`). */
export function applyPreferenceChange({
  role,
  stored,
  change,
}: {
  role: Role;
  stored: StoredPreferences | undefined;
  change: Partial<Record<NotificationSwitch, boolean>> & { newTicketKinds?: TicketKind[] };
}): { stored: StoredPreferences } | { notApplicable: string[] } {
  const allowed = new Set<string>([...switchesFor(role), ...(isStaff(role) ? ['newTicketKinds'] : [])]);
  const notApplicable = Object.keys(change).filter((k) => !allowed.has(k));
  if (notApplicable.length > 0) return { notApplicable };
  const switches = { ...stored?.switches };
  for (const s of switchesFor(role)) {
    const value = change[s];
    if (value !== undefined) switches[s] = value;
  }
  const newTicketKinds = change.newTicketKinds ? ALL_KINDS.filter((k) => change.newTicketKinds!.includes(k)) : stored?.newTicketKinds;
  return { stored: { switches, ...(newTicketKinds && { newTicketKinds }) } };
}
