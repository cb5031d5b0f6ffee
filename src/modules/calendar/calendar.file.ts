// The calendar file: the JSON that import, export, the CLI and the API all share (DESIGN.md,
// "Business calendar"). Parsing validates it, names every problem by its path, and normalises.
import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { ErrorParams } from '../../shared/errors.js';
import { toValidationIssue } from '../../shared/validation-issues.js';
import { formatLocalTime, parseLocalDate, parseLocalTime } from './calendar.dates.js';
import { compileCalendar, NoBusinessTimeError, WEEKDAYS, type Calendar, type LocalInterval, type Weekday } from './calendar.models.js';

/** Codes of the problems a calendar file (or the reply targets) can have, beside Zod's own `validation.*`. */
export const CALENDAR_ISSUE_CODES = [
  'calendar.unknown_time_zone',
  'calendar.invalid_start_time',
  'calendar.invalid_end_time',
  'calendar.start_not_before_end',
  'calendar.intervals_overlap',
  'calendar.not_a_date',
  'calendar.no_business_time',
  'calendar.not_a_ticket_kind',
  'calendar.target_missing',
  'calendar.target_not_whole',
  'calendar.target_too_small',
  'calendar.target_too_big',
] as const;
export type CalendarIssueCode = (typeof CALENDAR_ISSUE_CODES)[number];

/**
 * One problem in a calendar file; `path` reads like `week.mon[1]` or `specialDays.2025-13-01`.
 * `message` is English; `code` and `params` let a client say it in its own language.
 */
export interface CalendarFileIssue {
  path: string;
  message: string;
  code: string;
  params?: ErrorParams;
}

/** A refinement's issue, carrying its code (read back by `toValidationIssue`). */
function issue(code: CalendarIssueCode, message: string, params: ErrorParams = {}) {
  return { code: 'custom' as const, message, params: { code, ...params } };
}

/** Thrown by `parseCalendarFile` with every problem found. */
export class CalendarFileError extends Error {
  readonly code = 'calendar.invalid_file';
  readonly issues: CalendarFileIssue[];
  constructor(issues: CalendarFileIssue[]) {
    super(`invalid calendar file: ${issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ')}`);
    this.name = 'CalendarFileError';
    this.issues = issues;
  }
}

const NOT_A_DATE = 'not a date (YYYY-MM-DD)';

const dayIntervalsSchema = z.array(z.tuple([z.string(), z.string()])).superRefine((intervals, ctx) => {
  const valid: Array<{ index: number; start: number; end: number }> = [];
  intervals.forEach(([startText, endText], index) => {
    const start = parseLocalTime({ text: startText, isEnd: false });
    const end = parseLocalTime({ text: endText, isEnd: true });
    if (start === null)
      ctx.addIssue({
        ...issue('calendar.invalid_start_time', `not a start time (HH:MM, 00:00–23:59): '${startText}'`, { value: startText }),
        path: [index, 0],
      });
    if (end === null)
      ctx.addIssue({ ...issue('calendar.invalid_end_time', `not an end time (HH:MM, 00:00–24:00): '${endText}'`, { value: endText }), path: [index, 1] });
    if (start === null || end === null) return;
    if (start >= end)
      ctx.addIssue({
        ...issue('calendar.start_not_before_end', `start must be before end: ['${startText}', '${endText}']`, { start: startText, end: endText }),
        path: [index],
      });
    else valid.push({ index, start, end });
  });
  // Touching intervals (09:00–13:00, 13:00–18:00) are fine and get joined; overlapping ones are
  // almost always a typo, so they are refused rather than guessed at.
  valid.sort((a, b) => a.start - b.start || a.index - b.index);
  let reach = -1;
  for (const interval of valid) {
    if (interval.start < reach) ctx.addIssue({ ...issue('calendar.intervals_overlap', 'intervals overlap'), path: [interval.index] });
    reach = Math.max(reach, interval.end);
  }
});

const weekShape = Object.fromEntries(WEEKDAYS.map((day) => [day, dayIntervalsSchema.default([])])) as Record<Weekday, z.ZodDefault<typeof dayIntervalsSchema>>;

/** The calendar file's schema (structure and every check); `parseCalendarFile` also normalises. */
export const calendarFileSchema = z.strictObject({
  timezone: z.string().superRefine((timezone, ctx) => {
    if (!IANAZone.isValidZone(timezone)) ctx.addIssue(issue('calendar.unknown_time_zone', `unknown IANA time zone '${timezone}'`, { zone: timezone }));
  }),
  week: z.strictObject(weekShape),
  holidays: z
    .array(z.string())
    .default([])
    .superRefine((holidays, ctx) => {
      holidays.forEach((date, index) => {
        if (parseLocalDate(date) === null) ctx.addIssue({ ...issue('calendar.not_a_date', NOT_A_DATE, { value: date }), path: [index] });
      });
    }),
  specialDays: z
    .record(z.string(), dayIntervalsSchema)
    .default({})
    .superRefine((specialDays, ctx) => {
      for (const date of Object.keys(specialDays)) {
        if (parseLocalDate(date) === null) ctx.addIssue({ ...issue('calendar.not_a_date', NOT_A_DATE, { value: date }), path: [date] });
      }
    }),
});

/** The calendar file as written (weekdays, holidays and special days may be left out). */
export type CalendarFile = z.input<typeof calendarFileSchema>;

const WHOLE_DAY: LocalInterval[] = [['00:00', '24:00']];

/** Mon–Fri whole days in Europe/Moscow, no holidays (DESIGN.md, "Default calendar"). */
export const DEFAULT_CALENDAR: Calendar = deepFreeze({
  timezone: 'Europe/Moscow',
  week: { mon: WHOLE_DAY, tue: WHOLE_DAY, wed: WHOLE_DAY, thu: WHOLE_DAY, fri: WHOLE_DAY, sat: [], sun: [] },
  holidays: [],
  specialDays: {},
});

/**
 * Validates a calendar file (already parsed from JSON) and returns the calendar normalised:
 * intervals sorted with touching ones joined, holidays sorted and unique, special days by date.
 * Throws CalendarFileError listing every problem.
 */
export function parseCalendarFile(input: unknown): { calendar: Calendar } {
  const result = calendarFileSchema.safeParse(input);
  if (!result.success) {
    throw new CalendarFileError(
      result.error.issues.map((found) => toValidationIssue({ issue: found as unknown as { code: string; message: string }, path: formatPath(found.path) })),
    );
  }
  const file = result.data;
  const calendar: Calendar = {
    timezone: file.timezone,
    week: Object.fromEntries(WEEKDAYS.map((day) => [day, normaliseIntervals(file.week[day])])) as Calendar['week'],
    holidays: [...new Set(file.holidays)].sort(),
    specialDays: Object.fromEntries(
      Object.keys(file.specialDays)
        .sort()
        .map((date) => [date, normaliseIntervals(file.specialDays[date]!)]),
    ),
  };
  try {
    compileCalendar(calendar);
  } catch (error) {
    if (error instanceof NoBusinessTimeError) throw new CalendarFileError([{ path: '', message: error.message, code: 'calendar.no_business_time' }]);
    throw error;
  }
  return { calendar };
}

/** Writes a calendar as the file's JSON text, in a stable order so exports diff cleanly. */
export function serializeCalendarFile(calendar: Calendar): string {
  const json = (value: unknown): string => JSON.stringify(value);
  const intervals = (list: readonly LocalInterval[]): string => `[${list.map(([start, end]) => `[${json(start)}, ${json(end)}]`).join(', ')}]`;
  const block = (lines: string[], open: string, close: string): string =>
    lines.length === 0 ? `${open}${close}` : `${open}\n${lines.join(',\n')}\n  ${close}`;
  const week = WEEKDAYS.map((day) => `    ${json(day)}: ${intervals(calendar.week[day] ?? [])}`);
  const holidays = [...new Set(calendar.holidays)].sort().map((date) => `    ${json(date)}`);
  const specialDays = Object.keys(calendar.specialDays)
    .sort()
    .map((date) => `    ${json(date)}: ${intervals(calendar.specialDays[date]!)}`);
  return [
    '{',
    `  "timezone": ${json(calendar.timezone)},`,
    `  "week": ${block(week, '{', '}')},`,
    `  "holidays": ${block(holidays, '[', ']')},`,
    `  "specialDays": ${block(specialDays, '{', '}')}`,
    '}',
    '',
  ].join('\n');
}

function normaliseIntervals(intervals: ReadonlyArray<readonly [string, string]>): LocalInterval[] {
  const parsed = intervals
    .map(([start, end]) => [parseLocalTime({ text: start, isEnd: false })!, parseLocalTime({ text: end, isEnd: true })!] as const)
    .sort((a, b) => a[0] - b[0]);
  const joined: Array<[number, number]> = [];
  for (const [start, end] of parsed) {
    const last = joined[joined.length - 1];
    if (last && last[1] >= start) last[1] = Math.max(last[1], end);
    else joined.push([start, end]);
  }
  return joined.map(([start, end]) => [formatLocalTime(start), formatLocalTime(end)] as const);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, '');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
