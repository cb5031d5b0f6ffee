// Dates and times for the admin screens, always in the calendar's zone (not the browser's).
import type { TFunction } from 'i18next';
import type { Language } from '../../api/client.js';
import type { Weekday } from './adminApi.js';

// British English gives "Fri 27 Nov, 19:00": day before month and a 24-hour clock, as the rules read.
const LOCALES: Record<Language, string> = { en: 'en-GB', ru: 'ru' };

/** "Fri 27 Nov, 19:00 GMT+3" for an instant, in the given zone (named, since admins may sit elsewhere). */
export function formatInstant({ at, timeZone, language }: { at: string | number; timeZone: string; language: Language }): string {
  const date = typeof at === 'number' ? at : Date.parse(at);
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(date);
}

function parseDate(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const at = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(at) ? null : at;
}

/** "Mon, 30 Nov 2026" for a local date (YYYY-MM-DD); the text itself when it is not a date. */
export function formatLocalDate({ date, language }: { date: string; language: Language }): string {
  const at = parseDate(date);
  if (at === null) return date;
  return new Intl.DateTimeFormat(LOCALES[language], { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(at);
}

/** The local date and weekday of an instant in a zone. */
function localDateIn({ at, timeZone }: { at: number; timeZone: string }): { date: string; weekday: Weekday } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, weekday: part('weekday').toLowerCase().slice(0, 3) as Weekday };
}

const WEEKDAY_NUMBER: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/**
 * The preview's default start as a datetime-local value ("2026-11-27T19:00"): Friday 19:00 in the
 * calendar's zone, this week's when today is Friday (the rules' own example is a Friday evening).
 */
export function nextFridayEvening({ now, timeZone }: { now: number; timeZone: string }): string {
  const { date, weekday } = localDateIn({ at: now, timeZone });
  const daysAhead = (WEEKDAY_NUMBER.fri - WEEKDAY_NUMBER[weekday] + 7) % 7;
  const friday = new Date(parseDate(date)! + daysAhead * 86_400_000).toISOString().slice(0, 10);
  return `${friday}T19:00`;
}

/**
 * "24 h of business time" for a number of business minutes. Not days: how many working days 1440
 * business minutes span depends on the calendar (one whole day, or about three days of office hours).
 */
export function describeBusinessMinutes(t: TFunction, total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (hours === 0) return t('admin.duration.minutes', { minutes });
  return minutes === 0 ? t('admin.duration.hours', { hours }) : t('admin.duration.hoursMinutes', { hours, minutes });
}
