// The pure core of `supportdesk sla due --calendar FILE (--hours H | --minutes M) [START ...]`
// (DESIGN.md, "Decisions → Time formats"): each START, or each stdin line, becomes its due instant.
import { DateTime } from 'luxon';
import { daysInMonth, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, toDayNumber } from './calendar.dates.js';
import { compileCalendar, computeDue, resolveLocalInstant, type Calendar } from './calendar.models.js';

/** Thrown for an input line that is not an ISO 8601 date and time; names the line and its text. */
export class SlaInputError extends Error {
  readonly code = 'sla.invalid_input';
  readonly line: number;
  readonly text: string;
  constructor({ line, text }: { line: number; text: string }) {
    super(`line ${line}: not an ISO 8601 instant: ${JSON.stringify(text)}`);
    this.name = 'SlaInputError';
    this.line = line;
    this.text = text;
  }
}

// Date, "T" or a space, HH:MM, optional :SS and fraction, optional Z or ±HH[:MM].
const START_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Returns one line per non-blank input line: the instant `minutes` of business time after it,
 * as ISO 8601 with the calendar zone's offset (`2026-11-30T19:00:00+03:00`). A start without
 * an offset is local time in the calendar's zone. Throws SlaInputError at the first bad line.
 */
export function computeDueLines({ calendar, minutes, inputs }: { calendar: Calendar; minutes: number; inputs: string[] }): string[] {
  if (!(minutes >= 0) || !Number.isFinite(minutes)) throw new RangeError(`minutes must be a non-negative number, got ${minutes}`);
  const compiled = compileCalendar(calendar);
  const durationMs = Math.round(minutes * MS_PER_MINUTE);
  const lines: string[] = [];
  inputs.forEach((input, index) => {
    const text = input.trim();
    if (text === '') return;
    const start = parseStart({ text, timezone: calendar.timezone });
    if (start === null) throw new SlaInputError({ line: index + 1, text });
    const due = computeDue({ calendar: compiled, start, durationMs });
    lines.push(formatInstant({ at: due, timezone: calendar.timezone }));
  });
  return lines;
}

/** Parses an ISO 8601 date and time; without an offset it is local time in `timezone`. */
export function parseStart({ text, timezone }: { text: string; timezone: string }): number | null {
  const match = START_PATTERN.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(match[i]));
  const second = Number(match[6] ?? 0);
  const millisecond = Math.floor(Number(`0.${match[7] ?? '0'}`) * 1000);
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth({ year: year!, month: month! })) return null;
  if (hour! > 23 || minute! > 59 || second > 59) return null;
  const dayNumber = toDayNumber({ year: year!, month: month!, day: day! });
  const msOfDay = hour! * MS_PER_HOUR + minute! * MS_PER_MINUTE + second * 1000 + millisecond;
  if (match[8]) return dayNumber * MS_PER_DAY + msOfDay;
  if (match[9]) {
    const offsetHours = Number(match[10]);
    const offsetMinutes = Number(match[11] ?? 0);
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    const sign = match[9] === '-' ? -1 : 1;
    return dayNumber * MS_PER_DAY + msOfDay - sign * (offsetHours * MS_PER_HOUR + offsetMinutes * MS_PER_MINUTE);
  }
  // A local time that a DST gap skips means the transition; a repeated one, its first occurrence.
  const localDate = text.slice(0, 10);
  return resolveLocalInstant({ timezone, localDate, msOfDay });
}

/** Formats an instant as ISO 8601 in a zone, with seconds and offset; milliseconds only if any. */
export function formatInstant({ at, timezone }: { at: number; timezone: string }): string {
  return DateTime.fromMillis(at, { zone: timezone }).toISO({ suppressMilliseconds: true, includeOffset: true })!;
}
