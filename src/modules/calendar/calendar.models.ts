// Business-time math over a calendar (DESIGN.md, "Business calendar"). Pure: no I/O, no clock.
// Instants are epoch milliseconds. An instant is business time iff its wall-clock time in the
// calendar's zone falls inside one of its local date's intervals; due(start, d) is the earliest
// T >= start with exactly d of business time in [start, T).
import {
  ChunkCache,
  CHUNK_MS,
  countStartsUpTo,
  findDayBusinessInstants,
  findInstantAfter,
  measureBusinessBefore,
  type CalendarRules,
} from './calendar.cache.js';
import { formatLocalDate, MS_PER_DAY, parseLocalDate, parseLocalTime, toDayNumber, weekdayOfDayNumber, WEEKDAYS_FROM_SUNDAY } from './calendar.dates.js';
import { findLocalInstant, findOffsetSegments, offsetAt, OFFSET_MARGIN_MS, resolveZone } from './calendar.zone.js';

/** A local [start, end) interval, "HH:MM"; "24:00" is allowed as an end. */
export type LocalInterval = readonly [start: string, end: string];
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface Calendar {
  timezone: string;
  week: Record<Weekday, LocalInterval[]>;
  /** Local dates "YYYY-MM-DD" with no business time. */
  holidays: string[];
  /** Local date -> its own intervals, overriding both the week and the holidays. */
  specialDays: Record<string, LocalInterval[]>;
}

/** A calendar prepared for fast questions; build it once with `compileCalendar` and reuse it. */
export interface CompiledCalendar {
  readonly calendar: Calendar;
  readonly cache: ChunkCache;
}

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Thrown when some year-long stretch of the timeline would hold no business time at all. */
export class NoBusinessTimeError extends Error {
  readonly code = 'calendar.no_business_time';
  constructor() {
    super('calendar has no business time within a year');
    this.name = 'NoBusinessTimeError';
  }
}

// Years 0001–9999, the years a calendar file can name.
const MIN_INSTANT = toDayNumber({ year: 1, month: 1, day: 1 }) * MS_PER_DAY;
const MAX_INSTANT = toDayNumber({ year: 10_000, month: 1, day: 1 }) * MS_PER_DAY - 1;
// A validated calendar has business time in every 366 days (6 chunks); give up well after that.
const MAX_EMPTY_CHUNKS = 64;
const MAX_RUN_DAYS = 366;

/** Validates a calendar and prepares it; throws NoBusinessTimeError or RangeError. */
export function compileCalendar(calendar: Calendar): CompiledCalendar {
  const zone = resolveZone(calendar.timezone);
  const week = WEEKDAYS_FROM_SUNDAY.map((day) => parseIntervals({ intervals: calendar.week[day], where: `week.${day}` }));
  const holidays = new Set(calendar.holidays.map((date) => parseDate({ date, where: 'holidays' })));
  const specialDays = new Map<number, number[]>();
  for (const [date, intervals] of Object.entries(calendar.specialDays)) {
    specialDays.set(parseDate({ date, where: 'specialDays' }), parseIntervals({ intervals, where: `specialDays.${date}` }));
  }
  const rules: CalendarRules = { zone, week, holidays, specialDays };
  assertBusinessTimeEveryYear(rules);
  return { calendar, cache: new ChunkCache(rules) };
}

/** Tells whether an instant is business time. */
export function isBusinessInstant({ calendar, at }: { calendar: CompiledCalendar; at: number }): boolean {
  assertInstant(at);
  const chunk = calendar.cache.getChunk(Math.floor(at / CHUNK_MS));
  const i = countStartsUpTo({ chunk, at }) - 1;
  return i >= 0 && at < chunk.ends[i]!;
}

/** Returns the business time (ms) in [from, to); 0 when to <= from. */
export function businessTimeBetween({ calendar, from, to }: { calendar: CompiledCalendar; from: number; to: number }): number {
  assertInstant(from);
  assertInstant(to);
  if (to <= from) return 0;
  const cache = calendar.cache;
  const first = Math.floor(from / CHUNK_MS);
  const last = Math.floor(to / CHUNK_MS);
  const firstChunk = cache.getChunk(first);
  if (first === last) {
    return measureBusinessBefore({ chunk: firstChunk, at: to }) - measureBusinessBefore({ chunk: firstChunk, at: from });
  }
  let total = firstChunk.total - measureBusinessBefore({ chunk: firstChunk, at: from });
  for (let index = first + 1; index < last; index++) total += cache.getChunk(index).total;
  return total + measureBusinessBefore({ chunk: cache.getChunk(last), at: to });
}

/** Returns the earliest instant T >= start with exactly `durationMs` of business time in [start, T). */
export function computeDue({ calendar, start, durationMs }: { calendar: CompiledCalendar; start: number; durationMs: number }): number {
  assertInstant(start);
  if (!(durationMs >= 0) || !Number.isFinite(durationMs)) {
    throw new RangeError(`duration must be a non-negative number of milliseconds, got ${durationMs}`);
  }
  // With nothing left to count, T = start satisfies the definition even outside business time.
  if (durationMs === 0) return start;
  const cache = calendar.cache;
  let index = Math.floor(start / CHUNK_MS);
  let chunk = cache.getChunk(index);
  let amount = durationMs + measureBusinessBefore({ chunk, at: start });
  let emptyChunks = 0;
  while (amount > chunk.total) {
    amount -= chunk.total;
    emptyChunks = chunk.total === 0 ? emptyChunks + 1 : 0;
    if (emptyChunks > MAX_EMPTY_CHUNKS) throw new NoBusinessTimeError();
    index++;
    chunk = cache.getChunk(index);
  }
  // Reaching the amount exactly at an interval's end answers that end, not the next start.
  return findInstantAfter({ chunk, amount });
}

/** Returns the first business instant at or after `at` (`at` itself when it is business time). */
export function nextBusinessInstant({ calendar, at }: { calendar: CompiledCalendar; at: number }): number {
  assertInstant(at);
  let index = Math.floor(at / CHUNK_MS);
  const chunk = calendar.cache.getChunk(index);
  const i = countStartsUpTo({ chunk, at });
  if (i > 0 && at < chunk.ends[i - 1]!) return at;
  if (i < chunk.starts.length) return chunk.starts[i]!;
  for (let emptyChunks = 0; emptyChunks <= MAX_EMPTY_CHUNKS; emptyChunks++) {
    index++;
    const next = calendar.cache.getChunk(index);
    if (next.starts.length > 0) return next.starts[0]!;
  }
  throw new NoBusinessTimeError();
}

/** Returns a local date's business time as [start, end) instant pairs, in order. */
export function businessIntervalsOn({ calendar, localDate }: { calendar: CompiledCalendar; localDate: string }): Array<[number, number]> {
  const dayNumber = parseDate({ date: localDate, where: 'localDate' });
  const flat = findDayBusinessInstants({ rules: calendar.cache.rules, dayNumber });
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  return pairs;
}

/** Returns the local date "YYYY-MM-DD" of an instant in a time zone. */
export function localDateOf({ timezone, at }: { timezone: string; at: number }): string {
  assertInstant(at);
  const offset = offsetAt({ zone: resolveZone(timezone), at });
  return formatLocalDate(Math.floor((at + offset) / MS_PER_DAY));
}

/**
 * Returns the instant of a local wall-clock time (ms since local midnight) on a local date: the
 * first occurrence of a repeated time, the transition for a time that a gap skips.
 */
export function resolveLocalInstant(args: { timezone: string; localDate: string; msOfDay: number }): number {
  const dayNumber = parseDate({ date: args.localDate, where: 'localDate' });
  if (!(args.msOfDay >= 0 && args.msOfDay < MS_PER_DAY)) throw new RangeError(`not a time of day: ${args.msOfDay} ms`);
  const midnight = dayNumber * MS_PER_DAY;
  const segments = findOffsetSegments({
    zone: resolveZone(args.timezone),
    from: midnight - OFFSET_MARGIN_MS,
    to: midnight + MS_PER_DAY + OFFSET_MARGIN_MS,
  });
  return findLocalInstant({ segments, dayNumber, msOfDay: args.msOfDay });
}

function assertInstant(at: number): void {
  if (!(at >= MIN_INSTANT && at <= MAX_INSTANT)) throw new RangeError(`not an instant (epoch milliseconds, years 0001–9999): ${at}`);
}

function parseDate({ date, where }: { date: string; where: string }): number {
  const dayNumber = parseLocalDate(date);
  if (dayNumber === null) throw new RangeError(`${where}: not a date (YYYY-MM-DD): '${date}'`);
  return dayNumber;
}

// Sorted, with overlapping and touching intervals joined, as flat minute pairs.
function parseIntervals({ intervals, where }: { intervals: readonly LocalInterval[]; where: string }): number[] {
  const parsed = intervals.map(([startText, endText], i) => {
    const start = parseLocalTime({ text: startText, isEnd: false });
    const end = parseLocalTime({ text: endText, isEnd: true });
    if (start === null || end === null || start >= end) {
      throw new RangeError(`${where}[${i}]: not an interval of HH:MM times: ['${startText}', '${endText}']`);
    }
    return [start, end] as const;
  });
  parsed.sort((a, b) => a[0] - b[0]);
  const flat: number[] = [];
  for (const [start, end] of parsed) {
    if (flat.length > 0 && flat[flat.length - 1]! >= start) flat[flat.length - 1] = Math.max(flat[flat.length - 1]!, end);
    else flat.push(start, end);
  }
  return flat;
}

// Business time must recur: with an empty week it would run out after the last special day, and
// a long enough run of holidays would make every question in it wait more than a year.
function assertBusinessTimeEveryYear(rules: CalendarRules): void {
  if (rules.week.every((intervals) => intervals.length === 0)) throw new NoBusinessTimeError();
  const marked = [...new Set([...rules.holidays, ...rules.specialDays.keys()])].sort((a, b) => a - b);
  if (marked.length === 0) return;
  const isWorking = (dayNumber: number): boolean => {
    const special = rules.specialDays.get(dayNumber);
    if (special) return special.length > 0;
    return !rules.holidays.has(dayNumber) && rules.week[weekdayOfDayNumber(dayNumber)]!.length > 0;
  };
  let run = 0;
  let next = 0;
  const last = marked[marked.length - 1]! + 7;
  for (let dayNumber = marked[0]! - 7; dayNumber <= last; dayNumber++) {
    while (next < marked.length && marked[next]! < dayNumber) next++;
    // Any 7 unmarked days hold a working day, so long unmarked stretches can be skipped; the 14
    // days before the next marked one are still walked to count the run leading into it.
    const nextMarked = marked[next] ?? Number.POSITIVE_INFINITY;
    if (nextMarked - dayNumber > 21) {
      dayNumber = nextMarked - 15;
      run = 0;
      continue;
    }
    run = isWorking(dayNumber) ? 0 : run + 1;
    if (run >= MAX_RUN_DAYS) throw new NoBusinessTimeError();
  }
}
