// What a new install still lacks (the first-run checklist) and whether the business calendar
// knows the holidays of the coming weeks. Pure: no I/O, no clock.
import { formatLocalDate, fromDayNumber, parseLocalDate, toDayNumber } from '../calendar/calendar.dates.js';
import type { Calendar } from '../calendar/calendar.models.js';

/** How far ahead the calendar must know its holidays. */
export const HOLIDAY_HORIZON_DAYS = 60;

export const CHECKLIST_ITEMS = ['holidays', 'reply_targets', 'mail', 'first_agent'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

/** Years from `today` to `today + horizon` with no holiday data. */
export interface HolidayGaps {
  missingYears: number[];
  /** The first date within the horizon that falls in a year without holiday data, or null. */
  firstUncoveredDate: string | null;
}

/**
 * A year has holiday data when the calendar names any holiday or special day in it: a calendar
 * that names none for a year would promise replies on that year's public holidays.
 */
export function findHolidayGaps({
  calendar,
  today,
  horizonDays = HOLIDAY_HORIZON_DAYS,
}: {
  calendar: Calendar;
  today: string;
  horizonDays?: number;
}): HolidayGaps {
  const first = parseLocalDate(today);
  if (first === null) throw new Error(`not a local date: ${today}`);
  const covered = new Set([...calendar.holidays, ...Object.keys(calendar.specialDays)].map((date) => Number(date.slice(0, 4))));
  const fromYear = fromDayNumber(first).year;
  const toYear = fromDayNumber(first + horizonDays).year;
  const missingYears: number[] = [];
  for (let year = fromYear; year <= toYear; year++) if (!covered.has(year)) missingYears.push(year);
  const firstMissing = missingYears[0];
  const firstUncoveredDate =
    firstMissing === undefined ? null : firstMissing === fromYear ? today : formatLocalDate(toDayNumber({ year: firstMissing, month: 1, day: 1 }));
  return { missingYears, firstUncoveredDate };
}
