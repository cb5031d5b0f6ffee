import type { TFunction } from 'i18next';
import type { Language } from '../../api/client.js';
import { SUPPORT_KINDS, type Ticket } from './api.js';

const LOCALES: Record<Language, string> = { en: 'en-GB', ru: 'ru-RU' };
const HOUR = 3600_000;
/** Less time than this left before a reply is due reads as "due soon". */
export const DUE_SOON_MS = 4 * HOUR;
/** A thread quiet this long warns the customer that a new request may be answered faster. */
export const IDLE_WARNING_MS = 7 * 24 * HOUR;

function formatter(language: Language, timeZone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(LOCALES[language], { ...options, timeZone });
  } catch {
    // An unknown zone (a browser with older zone data): the browser's own zone is the next best.
    return new Intl.DateTimeFormat(LOCALES[language], options);
  }
}

// Every instant people read names its zone ("GMT+3"): a customer in New York and an agent in Berlin
// read "19:00" differently, and the person's own zone setting may not be the one they assume.

/** "Mon 30 Nov, 19:00 GMT+3" in the given zone: when a reply is due. */
export function formatDue(iso: string, { language, timeZone }: { language: Language; timeZone?: string }): string {
  return formatter(language, timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** "27 Nov 2026, 19:00 GMT+3" in the given zone: when something happened. */
export function formatDateTime(iso: string, { language, timeZone }: { language: Language; timeZone?: string }): string {
  return formatter(language, timeZone, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** "1 Mar 2027" for a local date ("2027-03-01"); the date is shown as it is, whatever the zone. */
export function formatLocalDate(date: string, language: Language): string {
  const [year, month, day] = date.split('-').map(Number);
  if (!year || !month || !day) return date;
  return formatter(language, 'UTC', { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(Date.UTC(year, month - 1, day)));
}

/** "2 d 4 h", "3 h 20 min", "5 min": a duration, rounded down to what matters. */
export function formatDuration(t: TFunction, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? t('tickets.duration.daysHours', { days, hours }) : t('tickets.duration.days', { days });
  if (hours > 0) return mins > 0 ? t('tickets.duration.hoursMinutes', { hours, minutes: mins }) : t('tickets.duration.hours', { hours });
  return t('tickets.duration.minutes', { minutes: mins });
}

export type DueTone = 'overdue' | 'soon' | 'ok' | 'best-effort' | 'none';

/** Where a ticket stands against its reply target, as seen by an agent at `now` (the server's clock). */
export function dueStateOf(ticket: Pick<Ticket, 'replyDueAt' | 'waitingSince' | 'kind' | 'status'>, now: number): { tone: DueTone; ms: number } {
  if (ticket.replyDueAt) {
    const ms = Date.parse(ticket.replyDueAt) - now;
    return { tone: ms < 0 ? 'overdue' : ms < DUE_SOON_MS ? 'soon' : 'ok', ms };
  }
  if (ticket.status === 'open' && ticket.waitingSince && SUPPORT_KINDS.includes(ticket.kind)) return { tone: 'best-effort', ms: 0 };
  return { tone: 'none', ms: 0 };
}

/** True when support owes the customer an answer (a message waits). */
export function isWaitingForSupport(ticket: Pick<Ticket, 'waitingSince' | 'status'>): boolean {
  return ticket.waitingSince !== null && ticket.status === 'open';
}

/** "1.2 MB" */
export function formatSize(bytes: number, language: Language): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}
