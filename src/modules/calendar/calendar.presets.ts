// Presets: official holidays merged into a calendar as plain data the admin can still edit
// (DESIGN.md, "Default calendar"). Russian production calendars come from the Labour Code and the
// Government's decrees (calendar.russia.ts); other countries' public holidays from `date-holidays`.
import { createRequire } from 'node:module';
import type HolidaysClass from 'date-holidays';
import { formatLocalDate, formatLocalTime, parseLocalDate, parseLocalTime, weekdayOfDayNumber } from './calendar.dates.js';
import type { Calendar, LocalInterval, Weekday } from './calendar.models.js';
import { FIRST_YEAR, LAST_YEAR, russianYear } from './calendar.russia.js';

// date-holidays holds every country's rules (about 28 MB once loaded): load it the first time a
// generic preset or the country list needs it, not with the server.
const require = createRequire(import.meta.url);
let holidaysClass: typeof HolidaysClass | undefined;
function loadHolidays(): typeof HolidaysClass {
  return (holidaysClass ??= require('date-holidays') as typeof HolidaysClass);
}

/** A preset the admin can pick, with its labels in the app's languages. */
export interface PresetInfo {
  id: string;
  labels: { en: string; ru: string };
  /** What the preset does not know (a year whose decree is not known here), shown before applying it. */
  note?: { en: string; ru: string };
}

/** The generic, computed presets: `holidays:<CC>:<YEAR>` or `holidays:<CC>-<STATE>:<YEAR>`. */
export interface GenericPresetInfo {
  pattern: string;
  example: string;
  labels: { en: string; ru: string };
}

/** Thrown for an unknown or malformed preset id. */
export class UnknownPresetError extends Error {
  readonly code = 'calendar.unknown_preset';
  constructor(presetId: string, reason: string) {
    super(`unknown preset '${presetId}': ${reason}`);
    this.name = 'UnknownPresetError';
  }
}

interface ProductionCalendar {
  info: PresetInfo;
  /** Non-working holidays and the days off transferred onto weekdays. */
  holidays: string[];
  /** Saturdays or Sundays worked instead of a transferred day off; they get Monday's hours. */
  workingDays: string[];
  /** Pre-holiday working days, one hour shorter (Labour Code, art. 95). */
  shortenedDays: string[];
}

/** The Russian production calendars listed for admins; any year from 2013 is accepted as `ru-<YEAR>`. */
const LISTED_RUSSIAN_YEARS = [2025, 2026, 2027];
const RUSSIAN_PATTERN = /^ru-(\d{4})$/;

function russianPreset(year: number): ProductionCalendar {
  const { holidays, workingDays, shortenedDays, hasDecree } = russianYear(year);
  return {
    info: {
      id: `ru-${year}`,
      labels: { en: `Russia, production calendar ${year}`, ru: `Россия, производственный календарь ${year}` },
      ...(!hasDecree && {
        note: {
          en: `The Government's transfers of days off for ${year} are not known to this version: it gives the Labour Code's holidays (with weekend holidays moved to the next working day) but not the days the yearly decree moves, such as New Year holidays that fall on a weekend. Check the decree and edit the calendar.`,
          ru: `Переносы выходных дней на ${year} год по постановлению Правительства этой версии не известны: здесь праздники по Трудовому кодексу (с переносом совпавших с выходными на следующий рабочий день), но без дней, которые переносит ежегодное постановление, например новогодних праздников, выпавших на выходные. Сверьтесь с постановлением и поправьте календарь.`,
        },
      }),
    },
    holidays,
    workingDays,
    shortenedDays,
  };
}

function findRussianPreset(presetId: string): ProductionCalendar | undefined {
  const match = RUSSIAN_PATTERN.exec(presetId);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR) throw new UnknownPresetError(presetId, `Russian production calendars cover ${FIRST_YEAR}–${LAST_YEAR}`);
  return russianPreset(year);
}

const GENERIC_PATTERN = /^holidays:([A-Za-z]{2})(?:-([A-Za-z0-9]{1,3}))?:(\d{4})$/;
const WEEKDAY_KEYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const ONE_HOUR_IN_MINUTES = 60;

/** Lists the presets: the Russian production calendars and the generic public-holiday form. */
export function listPresets(): { presets: PresetInfo[]; generic: GenericPresetInfo } {
  return {
    presets: LISTED_RUSSIAN_YEARS.map((year) => russianPreset(year).info),
    generic: {
      pattern: 'holidays:<COUNTRY>[-<STATE>]:<YEAR>',
      example: 'holidays:DE:2026',
      labels: {
        en: 'Public holidays of a country (ISO 3166 code) for a year',
        ru: 'Государственные праздники страны (код ISO 3166) за год',
      },
    },
  };
}

/** Lists the countries the generic preset knows, code -> name in the given language. */
export function listHolidayCountries({ language }: { language: 'en' | 'ru' }): Record<string, string> {
  return new (loadHolidays())().getCountries(language);
}

/**
 * Returns a new calendar with the preset's holidays added and its special days set (a worked
 * weekend day gets Monday's intervals; a pre-holiday day ends its last hour early). Where the
 * calendar already has a holiday or a special day on a date, it keeps its own word: that is
 * the admin's edit, and it keeps applying a preset twice the same as applying it once.
 */
export function applyPreset({ calendar, presetId }: { calendar: Calendar; presetId: string }): { calendar: Calendar } {
  const preset = findRussianPreset(presetId) ?? findPublicHolidays(presetId);
  const specialDays: Record<string, LocalInterval[]> = { ...calendar.specialDays };
  const isOwnDate = (date: string): boolean => date in calendar.specialDays || calendar.holidays.includes(date);
  for (const date of preset.workingDays) {
    if (!isOwnDate(date)) specialDays[date] = copyIntervals(calendar.week.mon);
  }
  for (const date of preset.shortenedDays) {
    const base = preset.workingDays.includes(date) ? calendar.week.mon : calendar.week[weekdayOf(date)];
    if (!isOwnDate(date) && base.length > 0) specialDays[date] = shortenByOneHour(base);
  }
  return {
    calendar: {
      timezone: calendar.timezone,
      week: Object.fromEntries(Object.entries(calendar.week).map(([day, list]) => [day, copyIntervals(list)])) as Calendar['week'],
      holidays: [...new Set([...calendar.holidays, ...preset.holidays])].sort(),
      specialDays: Object.fromEntries(
        Object.keys(specialDays)
          .sort()
          .map((date) => [date, specialDays[date]!]),
      ),
    },
  };
}

function findPublicHolidays(presetId: string): Omit<ProductionCalendar, 'info'> {
  const match = GENERIC_PATTERN.exec(presetId);
  if (!match) throw new UnknownPresetError(presetId, 'expected ru-<YEAR> (e.g. ru-2027) or holidays:<COUNTRY>[-<STATE>]:<YEAR>');
  const country = match[1]!.toUpperCase();
  const state = match[2]?.toUpperCase();
  const year = Number(match[3]);
  const lookup = new (loadHolidays())();
  if (!(country in lookup.getCountries())) throw new UnknownPresetError(presetId, `no holiday data for country '${country}'`);
  if (state && !(state in (lookup.getStates(country) ?? {}))) {
    throw new UnknownPresetError(presetId, `no holiday data for '${country}-${state}'`);
  }
  const holidays = state ? new (loadHolidays())(country, state) : new (loadHolidays())(country);
  const dates = new Set<string>();
  for (const holiday of holidays.getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    // `date` is the local date in the country; a holiday may last several days (RU: 2–6 Jan).
    const first = parseLocalDate(holiday.date.slice(0, 10));
    if (first === null) continue;
    const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000));
    for (let day = 0; day < days; day++) dates.add(formatLocalDate(first + day));
  }
  return { holidays: [...dates].sort(), workingDays: [], shortenedDays: [] };
}

// Removes the day's last hour of business time; a last interval shorter than that disappears
// and the rest comes off the one before it.
function shortenByOneHour(intervals: readonly LocalInterval[]): LocalInterval[] {
  const parsed = intervals
    .map(([start, end]) => [parseLocalTime({ text: start, isEnd: false })!, parseLocalTime({ text: end, isEnd: true })!])
    .sort((a, b) => a[0]! - b[0]!);
  let toRemove = ONE_HOUR_IN_MINUTES;
  while (toRemove > 0 && parsed.length > 0) {
    const last = parsed[parsed.length - 1]!;
    const length = last[1]! - last[0]!;
    if (length > toRemove) {
      last[1] = last[1]! - toRemove;
      toRemove = 0;
    } else {
      parsed.pop();
      toRemove -= length;
    }
  }
  return parsed.map(([start, end]) => [formatLocalTime(start!), formatLocalTime(end!)] as const);
}

function weekdayOf(date: string): Weekday {
  return WEEKDAY_KEYS[weekdayOfDayNumber(parseLocalDate(date)!)]!;
}

function copyIntervals(intervals: readonly LocalInterval[]): LocalInterval[] {
  return intervals.map(([start, end]) => [start, end] as const);
}
