import { DateTime } from 'luxon';
import type { DbOrTrx } from '../../db/database.js';
import type { Ticket, TicketMessage, User } from '../../db/types.js';
import { isVerified, type Language } from '../accounts/accounts.models.js';
import type { Calendar } from '../calendar/calendar.models.js';
import { DEFAULT_CALENDAR } from '../calendar/calendar.file.js';
import { DEFAULT_REPLY_TARGETS, type ReplyTargets } from '../calendar/calendar.targets.js';
import { CALENDAR_SETTING, REPLY_TARGETS_SETTING } from '../calendar/calendar.usecases.js';
import { computeEntitlement } from '../licenses/licenses.entitlement.js';
import { createLicensesRepository } from '../licenses/licenses.repository.js';
import type { DueStatement, Quote, TicketRef } from '../mail/mail.templates.tickets.js';
import { createSettingsRepository } from '../settings/settings.repository.js';

const LOCALE: Record<Language, string> = { en: 'en-GB', ru: 'ru' };

/** An instant as people read it in their own zone and language: "Monday 30 November 2026 at 19:00 (Europe/Moscow)". */
export function formatInstant({ at, timeZone, language }: { at: number; timeZone: string; language: Language }): string {
  const local = DateTime.fromMillis(at, { zone: timeZone }).setLocale(LOCALE[language]);
  const text = local.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${text} (${timeZone})`;
}

/** A local date ("2027-03-01") as words in the reader's language. */
export function formatLocalDate({ date, language }: { date: string; language: Language }): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).setLocale(LOCALE[language]).toLocaleString(DateTime.DATE_FULL);
}

export function ticketRef(ticket: Pick<Ticket, 'number' | 'subject' | 'kind'>): TicketRef {
  return { number: ticket.number, subject: ticket.subject, kind: ticket.kind };
}

export function quoteOf(message: Pick<TicketMessage, 'body' | 'body_html'>): Quote {
  return { text: message.body, html: message.body_html };
}

/** When a customer message will be answered, before it is put in a reader's zone and language. */
export type DueInfo = { kind: 'due'; at: number } | { kind: 'no_target' } | { kind: 'best_effort'; guaranteedUntil: string | null };

/**
 * When a customer message will be answered: its due time, "no deadline" for targetless kinds, or
 * best effort and why (the guarantee ended on a date). Reads settings and licenses through the
 * caller's transaction.
 */
export async function findDueInfo({
  trx,
  ticket,
  message,
  customer,
}: {
  trx: DbOrTrx;
  ticket: Pick<Ticket, 'kind'>;
  message: Pick<TicketMessage, 'reply_due_at' | 'arrived_at'>;
  customer: User;
}): Promise<DueInfo> {
  if (message.reply_due_at !== null) return { kind: 'due', at: message.reply_due_at };
  const settings = createSettingsRepository({ db: trx });
  const targets = { ...DEFAULT_REPLY_TARGETS, ...(await settings.read<Partial<ReplyTargets>>({ key: REPLY_TARGETS_SETTING })) };
  if (targets[ticket.kind] === null || targets[ticket.kind] === undefined) return { kind: 'no_target' };
  const calendar = (await settings.read<Calendar>({ key: CALENDAR_SETTING })) ?? DEFAULT_CALENDAR;
  const licenses = await createLicensesRepository({ db: trx }).listOfCustomer({ customerId: customer.id });
  const entitlement = computeEntitlement({
    licenses: licenses.map((l) => ({ type: l.type, status: l.status, purchasedOn: l.purchased_on })),
    isEmailVerified: isVerified(customer),
    timezone: calendar.timezone,
    at: message.arrived_at,
  });
  return { kind: 'best_effort', guaranteedUntil: entitlement.guaranteedUntil };
}

/** The due, in the reader's zone and language. */
export function formatDue({ info, reader }: { info: DueInfo; reader: Pick<User, 'time_zone' | 'language'> }): DueStatement {
  if (info.kind === 'due') return { kind: 'due', at: formatInstant({ at: info.at, timeZone: reader.time_zone, language: reader.language }) };
  if (info.kind === 'no_target') return info;
  return { kind: 'best_effort', guaranteedUntil: info.guaranteedUntil ? formatLocalDate({ date: info.guaranteedUntil, language: reader.language }) : null };
}
