// Pure helpers for the unsaved calendar the admin edits. The server has the last word on what is
// valid; these only keep the draft in a shape the editor can show.
import { WEEKDAYS, type CalendarFile, type Interval, type Weekday } from './adminApi.js';

/** The interval a new row starts with: a whole day, like the default calendar's days. */
export const WHOLE_DAY: Interval = ['00:00', '24:00'];

export function isSameCalendar(a: CalendarFile, b: CalendarFile): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function minutesOf(time: string): number | null {
  const match = /^(\d\d):(\d\d)$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The interval a new row on a day starts with: office hours on an empty day, else from an hour
 * after the last interval's end (a break, say lunch) to the end of the day. The admin edits it.
 */
export function nextInterval(intervals: readonly Interval[]): Interval {
  const last = intervals[intervals.length - 1];
  if (!last) return ['09:00', '18:00'];
  const end = minutesOf(last[1]);
  if (end === null || end + 60 >= 24 * 60) return ['00:00', '01:00'];
  return [timeOf(end + 60), '24:00'];
}

export function setWeekday(draft: CalendarFile, day: Weekday, intervals: Interval[]): CalendarFile {
  return { ...draft, week: { ...draft.week, [day]: intervals } };
}

/** Adds a date to the holidays, keeping them sorted and unique. */
export function addHoliday(draft: CalendarFile, date: string): CalendarFile {
  if (draft.holidays.includes(date)) return draft;
  return { ...draft, holidays: [...draft.holidays, date].sort() };
}

export function removeHolidayAt(draft: CalendarFile, index: number): CalendarFile {
  return { ...draft, holidays: draft.holidays.filter((_, i) => i !== index) };
}

export function setSpecialDay(draft: CalendarFile, date: string, intervals: Interval[]): CalendarFile {
  const specialDays = { ...draft.specialDays, [date]: intervals };
  return {
    ...draft,
    specialDays: Object.fromEntries(
      Object.keys(specialDays)
        .sort()
        .map((key) => [key, specialDays[key]!]),
    ),
  };
}

export function removeSpecialDay(draft: CalendarFile, date: string): CalendarFile {
  const { [date]: _removed, ...rest } = draft.specialDays;
  return { ...draft, specialDays: rest };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toIntervals(value: unknown): Interval[] | null {
  if (!Array.isArray(value)) return null;
  const intervals: Interval[] = [];
  for (const item of value) {
    if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string' || typeof item[1] !== 'string') return null;
    intervals.push([item[0], item[1]]);
  }
  return intervals;
}

/**
 * An imported calendar file as a draft the editor can show, when its structure fits: left-out
 * weekdays, holidays and special days become empty, as the server reads them; values stay as written so the server can name what is
 * wrong with them. Null when the structure itself does not fit (the server then says why).
 */
export function toDraft(value: unknown): CalendarFile | null {
  if (!isPlainObject(value) || typeof value.timezone !== 'string') return null;
  const known = new Set(['timezone', 'week', 'holidays', 'specialDays']);
  if (Object.keys(value).some((key) => !known.has(key))) return null;
  const weekValue = value.week; // required, as the server reads the file; its days may be left out
  if (!isPlainObject(weekValue) || Object.keys(weekValue).some((key) => !(WEEKDAYS as readonly string[]).includes(key))) return null;
  const week = {} as Record<Weekday, Interval[]>;
  for (const day of WEEKDAYS) {
    const intervals = weekValue[day] === undefined ? [] : toIntervals(weekValue[day]);
    if (!intervals) return null;
    week[day] = intervals;
  }
  const holidays = value.holidays ?? [];
  if (!Array.isArray(holidays) || holidays.some((date) => typeof date !== 'string')) return null;
  const specialValue = value.specialDays ?? {};
  if (!isPlainObject(specialValue)) return null;
  const specialDays: Record<string, Interval[]> = {};
  for (const [date, raw] of Object.entries(specialValue)) {
    const intervals = toIntervals(raw);
    if (!intervals) return null;
    specialDays[date] = intervals;
  }
  return { timezone: value.timezone, week, holidays: holidays as string[], specialDays };
}

/** The dates a new calendar has as holidays that the old one did not. */
export function addedHolidays(before: CalendarFile, after: CalendarFile): string[] {
  const known = new Set(before.holidays);
  return after.holidays.filter((date) => !known.has(date));
}
