import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from './calendar.file.js';
import type { Calendar, LocalInterval } from './calendar.models.js';
import { computeDueLines, SlaInputError } from './calendar.sla.js';

const DAY_HOURS = 24 * 60;
const WHOLE_DAY: LocalInterval[] = [['00:00', '24:00']];
const everyDay = (timezone: string): Calendar => ({
  timezone,
  week: { mon: WHOLE_DAY, tue: WHOLE_DAY, wed: WHOLE_DAY, thu: WHOLE_DAY, fri: WHOLE_DAY, sat: WHOLE_DAY, sun: WHOLE_DAY },
  holidays: [],
  specialDays: {},
});

const dueLines = (inputs: string[], minutes = DAY_HOURS, calendar: Calendar = DEFAULT_CALENDAR): string[] => computeDueLines({ calendar, minutes, inputs });

function errorOf(run: () => unknown): SlaInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof SlaInputError) return error;
    throw error;
  }
  throw new Error('expected an SlaInputError');
}

describe('sla due', () => {
  it('a question on Friday 19:00 Moscow with 24 business hours is due Monday 19:00, printed with the offset', () => {
    expect(dueLines(['2026-11-27T19:00:00+03:00'])).toEqual(['2026-11-30T19:00:00+03:00']);
  });

  it('a start with Z or any offset is that instant', () => {
    expect(dueLines(['2026-11-27T16:00:00Z', '2026-11-27T17:00+01:00', '2026-11-27T11:00:00-0500', '2026-11-27t16:00z'])).toEqual(
      Array(4).fill('2026-11-30T19:00:00+03:00'),
    );
  });

  it('a start without an offset is local time in the calendar zone', () => {
    expect(dueLines(['2026-11-27T19:00', '2026-11-27T19:00:00', '2026-11-27 19:00'])).toEqual(Array(3).fill('2026-11-30T19:00:00+03:00'));
  });

  it('blank and whitespace-only lines are skipped, and lines are trimmed', () => {
    expect(dueLines(['', '   ', ' 2026-11-27T19:00 \r', '\t'])).toEqual(['2026-11-30T19:00:00+03:00']);
  });

  it('a bad line stops with an error naming its number and text', () => {
    const error = errorOf(() => dueLines(['2026-11-27T19:00', '', 'yesterday', 'also bad']));
    expect(error.message).toBe('line 3: not an ISO 8601 instant: "yesterday"');
    expect(error.line).toBe(3);
  });

  it('impossible dates, times and offsets are bad lines', () => {
    for (const text of ['2026-02-30T10:00', '2026-11-27T24:00', '2026-11-27T19:60', '2026-11-27T19:00+24:00', '2026-11-27', '19:00']) {
      expect(errorOf(() => dueLines([text])).message).toBe(`line 1: not an ISO 8601 instant: ${JSON.stringify(text)}`);
    }
  });

  it('a local start in a DST gap means the transition, and a repeated one its first occurrence', () => {
    const newYork = everyDay('America/New_York');
    expect(dueLines(['2026-03-08T02:30', '2026-11-01T01:30'], 0, newYork)).toEqual(['2026-03-08T03:00:00-04:00', '2026-11-01T01:30:00-04:00']);
  });

  it('the due instant is printed with the offset in force at that instant', () => {
    expect(dueLines(['2026-03-28T12:00'], DAY_HOURS, everyDay('Europe/Berlin'))).toEqual(['2026-03-29T13:00:00+02:00']);
  });

  it('a zero duration prints the start in the calendar zone', () => {
    expect(dueLines(['2026-11-28T12:00:00Z'], 0)).toEqual(['2026-11-28T15:00:00+03:00']);
  });

  it('fractional minutes count and milliseconds appear only when the start has them', () => {
    expect(dueLines(['2026-11-27T19:00:00+03:00'], 0.5)).toEqual(['2026-11-27T19:00:30+03:00']);
    expect(dueLines(['2026-11-27T19:00:00.250+03:00'], 60)).toEqual(['2026-11-27T20:00:00.250+03:00']);
  });

  it('a negative duration is refused', () => {
    expect(() => dueLines(['2026-11-27T19:00'], -1)).toThrow(RangeError);
  });
});
