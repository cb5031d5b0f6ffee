import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  businessIntervalsOn,
  businessTimeBetween,
  compileCalendar,
  computeDue,
  isBusinessInstant,
  localDateOf,
  nextBusinessInstant,
  NoBusinessTimeError,
  resolveLocalInstant,
  type Calendar,
  type LocalInterval,
  type Weekday,
} from './calendar.models.js';

const HOUR = 3_600_000;
const WHOLE_DAY: LocalInterval[] = [['00:00', '24:00']];
const OFFICE: LocalInterval[] = [['09:00', '18:00']];

function makeCalendar(overrides: Partial<Omit<Calendar, 'week'>> & { week?: Partial<Record<Weekday, LocalInterval[]>> }): Calendar {
  const week = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...overrides.week };
  return { timezone: 'Europe/Moscow', holidays: [], specialDays: {}, ...overrides, week };
}

const defaultCalendar = compileCalendar(makeCalendar({ week: { mon: WHOLE_DAY, tue: WHOLE_DAY, wed: WHOLE_DAY, thu: WHOLE_DAY, fri: WHOLE_DAY } }));
const everyDay = (timezone: string, intervals: LocalInterval[] = WHOLE_DAY): ReturnType<typeof compileCalendar> =>
  compileCalendar(
    makeCalendar({
      timezone,
      week: { mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals, sat: intervals, sun: intervals },
    }),
  );

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();
const dueIso = (calendar: ReturnType<typeof compileCalendar>, start: string, hours: number): string =>
  iso(computeDue({ calendar, start: at(start), durationMs: hours * HOUR }));
const dayLength = (calendar: ReturnType<typeof compileCalendar>, localDate: string): number =>
  businessIntervalsOn({ calendar, localDate }).reduce((sum, [start, end]) => sum + end - start, 0);

describe('due times under the default calendar', () => {
  it('a question on Friday 19:00 Moscow with 24 business hours is due Monday 19:00', () => {
    expect(dueIso(defaultCalendar, '2026-11-27T19:00:00+03:00', 24)).toBe(iso(at('2026-11-30T19:00:00+03:00')));
  });

  it('a due time can fall exactly on an interval end: Thursday 00:00 plus 48 hours is Saturday 00:00, not Monday', () => {
    expect(dueIso(defaultCalendar, '2026-11-26T00:00:00+03:00', 48)).toBe(iso(at('2026-11-28T00:00:00+03:00')));
  });

  it('a zero duration is due at the start itself, even outside business time', () => {
    const saturday = at('2026-11-28T12:00:00+03:00');
    expect(computeDue({ calendar: defaultCalendar, start: saturday, durationMs: 0 })).toBe(saturday);
  });

  it('a start outside business time waits for the next interval', () => {
    expect(dueIso(defaultCalendar, '2026-11-28T12:00:00+03:00', 1)).toBe(iso(at('2026-11-30T01:00:00+03:00')));
  });

  it('a thousand business hours cross many weeks and chunks of the cache', () => {
    // 40 whole weekdays are 960 hours; 40 more are Monday plus 16 hours of Tuesday.
    expect(dueIso(defaultCalendar, '2026-01-05T00:00:00+03:00', 1000)).toBe(iso(at('2026-03-03T16:00:00+03:00')));
  });

  it('a negative or non-finite duration is refused', () => {
    expect(() => computeDue({ calendar: defaultCalendar, start: 0, durationMs: -1 })).toThrow(RangeError);
    expect(() => computeDue({ calendar: defaultCalendar, start: 0, durationMs: Number.NaN })).toThrow(RangeError);
    expect(() => computeDue({ calendar: defaultCalendar, start: Number.POSITIVE_INFINITY, durationMs: 1 })).toThrow(RangeError);
  });
});

describe('daylight saving time', () => {
  const berlin = everyDay('Europe/Berlin');

  it('a day that loses an hour to DST holds 23 hours', () => {
    expect(dayLength(berlin, '2026-03-29')).toBe(23 * HOUR);
    expect(dueIso(berlin, '2026-03-29T00:00:00+01:00', 24)).toBe(iso(at('2026-03-30T01:00:00+02:00')));
  });

  it('a day that gains an hour to DST holds 25 hours', () => {
    expect(dayLength(berlin, '2026-10-25')).toBe(25 * HOUR);
    expect(dueIso(berlin, '2026-10-25T00:00:00+02:00', 24)).toBe(iso(at('2026-10-25T23:00:00+01:00')));
  });

  it('a 30-minute DST change on Lord Howe Island gives days of 23.5 and 24.5 hours', () => {
    const lordHowe = everyDay('Australia/Lord_Howe');
    expect(dayLength(lordHowe, '2026-10-04')).toBe(23.5 * HOUR);
    expect(dayLength(lordHowe, '2026-04-05')).toBe(24.5 * HOUR);
  });

  it('an interval starting inside a DST gap begins at the transition', () => {
    // New York skips 02:00–03:00 on 2026-03-08; 02:30 never happens, 03:00 EDT is 07:00Z.
    const newYork = everyDay('America/New_York', [['02:30', '05:00']]);
    expect(businessIntervalsOn({ calendar: newYork, localDate: '2026-03-08' })).toEqual([[at('2026-03-08T07:00:00Z'), at('2026-03-08T09:00:00Z')]]);
    expect(nextBusinessInstant({ calendar: newYork, at: at('2026-03-08T06:00:00Z') })).toBe(at('2026-03-08T07:00:00Z'));
  });

  it('an interval ending inside a DST gap ends at the transition', () => {
    const newYork = everyDay('America/New_York', [['00:00', '02:30']]);
    expect(businessIntervalsOn({ calendar: newYork, localDate: '2026-03-08' })).toEqual([[at('2026-03-08T05:00:00Z'), at('2026-03-08T07:00:00Z')]]);
  });

  it('an interval ending at 24:00 ends at the next local date start, even when midnight falls in a gap', () => {
    // Santiago moves from 00:00 to 01:00 on 2026-09-06; Saturday's 24:00 is that transition.
    const santiago = everyDay('America/Santiago', [['18:00', '24:00']]);
    expect(businessIntervalsOn({ calendar: santiago, localDate: '2026-09-05' })).toEqual([[at('2026-09-05T18:00:00-04:00'), at('2026-09-06T04:00:00Z')]]);
  });

  it('both occurrences of a repeated autumn hour are business time', () => {
    // New York repeats 01:00–02:00 on 2026-11-01: 01:30–02:00 happens at 05:30Z and at 06:30Z.
    const newYork = everyDay('America/New_York', [['01:30', '02:00']]);
    expect(businessIntervalsOn({ calendar: newYork, localDate: '2026-11-01' })).toEqual([
      [at('2026-11-01T05:30:00Z'), at('2026-11-01T06:00:00Z')],
      [at('2026-11-01T06:30:00Z'), at('2026-11-01T07:00:00Z')],
    ]);
    expect(isBusinessInstant({ calendar: newYork, at: at('2026-11-01T06:15:00Z') })).toBe(false);
    expect(dueIso(newYork, '2026-11-01T05:45:00Z', 0.5)).toBe('2026-11-01T06:45:00.000Z');
  });
});

describe('intervals, holidays and special days', () => {
  const lunch = compileCalendar(
    makeCalendar({
      week: {
        mon: [
          ['09:00', '13:00'],
          ['14:00', '18:00'],
        ],
        tue: [
          ['09:00', '13:00'],
          ['14:00', '18:00'],
        ],
      },
      holidays: ['2026-06-12'],
    }),
  );

  it('a day split by lunch holds only its two intervals', () => {
    expect(isBusinessInstant({ calendar: lunch, at: at('2026-06-01T13:30:00+03:00') })).toBe(false);
    expect(dueIso(lunch, '2026-06-01T12:00:00+03:00', 2)).toBe(iso(at('2026-06-01T15:00:00+03:00')));
    expect(dayLength(lunch, '2026-06-01')).toBe(8 * HOUR);
  });

  it('a holiday holds no business time', () => {
    const holiday = compileCalendar(makeCalendar({ week: { mon: OFFICE, tue: OFFICE }, holidays: ['2026-06-01'] }));
    expect(dayLength(holiday, '2026-06-01')).toBe(0);
    expect(dueIso(holiday, '2026-06-01T10:00:00+03:00', 1)).toBe(iso(at('2026-06-02T10:00:00+03:00')));
  });

  it('a special day overrides a holiday', () => {
    const calendar = compileCalendar(makeCalendar({ week: { mon: OFFICE }, holidays: ['2026-06-01'], specialDays: { '2026-06-01': [['10:00', '12:00']] } }));
    expect(dayLength(calendar, '2026-06-01')).toBe(2 * HOUR);
  });

  it('a special day overrides a weekend and an empty special day closes a working day', () => {
    const calendar = compileCalendar(makeCalendar({ week: { mon: OFFICE }, specialDays: { '2026-06-06': OFFICE, '2026-06-08': [] } }));
    expect(dayLength(calendar, '2026-06-06')).toBe(9 * HOUR);
    expect(dayLength(calendar, '2026-06-08')).toBe(0);
  });

  it('overlapping and touching intervals count once', () => {
    const calendar = compileCalendar(
      makeCalendar({
        week: {
          mon: [
            ['09:00', '12:00'],
            ['11:00', '13:00'],
            ['13:00', '14:00'],
          ],
        },
      }),
    );
    expect(dayLength(calendar, '2026-06-01')).toBe(5 * HOUR);
  });
});

describe('questions about instants', () => {
  it('business time between two instants counts only business instants, and is 0 backwards', () => {
    const from = at('2026-11-27T19:00:00+03:00');
    const to = at('2026-11-30T19:00:00+03:00');
    expect(businessTimeBetween({ calendar: defaultCalendar, from, to })).toBe(24 * HOUR);
    expect(businessTimeBetween({ calendar: defaultCalendar, from: to, to: from })).toBe(0);
  });

  it('the next business instant is the instant itself during business time', () => {
    const friday = at('2026-11-27T19:00:00+03:00');
    expect(nextBusinessInstant({ calendar: defaultCalendar, at: friday })).toBe(friday);
    expect(nextBusinessInstant({ calendar: defaultCalendar, at: at('2026-11-28T00:00:00+03:00') })).toBe(at('2026-11-30T00:00:00+03:00'));
  });

  it('the local date of an instant is read in the given zone', () => {
    expect(localDateOf({ timezone: 'Europe/Moscow', at: at('2026-11-27T21:30:00Z') })).toBe('2026-11-28');
    expect(localDateOf({ timezone: 'America/New_York', at: at('2026-11-28T03:30:00Z') })).toBe('2026-11-27');
  });

  it('a local time in a gap resolves to the transition and a repeated one to its first occurrence', () => {
    const resolve = (localDate: string, hours: number): string => iso(resolveLocalInstant({ timezone: 'America/New_York', localDate, msOfDay: hours * HOUR }));
    expect(resolve('2026-03-08', 2.5)).toBe('2026-03-08T07:00:00.000Z');
    expect(resolve('2026-11-01', 1.5)).toBe('2026-11-01T05:30:00.000Z');
    expect(resolve('2026-11-02', 1.5)).toBe('2026-11-02T06:30:00.000Z');
  });
});

describe('compiling a calendar', () => {
  it('a calendar with an empty week has no business time within a year', () => {
    expect(() => compileCalendar(makeCalendar({ specialDays: { '2026-01-05': OFFICE } }))).toThrow(NoBusinessTimeError);
  });

  it('a run of 366 closed days leaves no business time within a year, a run of 365 does not', () => {
    const start = Date.UTC(2026, 0, 1);
    const days = (count: number): string[] => Array.from({ length: count }, (_, i) => iso(start + i * 24 * HOUR).slice(0, 10));
    const withHolidays = (holidays: string[]): Calendar =>
      makeCalendar({ week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: OFFICE, sun: OFFICE }, holidays });
    expect(() => compileCalendar(withHolidays(days(366)))).toThrow('calendar has no business time within a year');
    expect(() => compileCalendar(withHolidays(days(365)))).not.toThrow();
  });

  it('holidays far apart do not count as one long closed run', () => {
    const calendar = makeCalendar({ week: { mon: OFFICE }, holidays: ['1990-01-01', '2026-01-05', '2090-12-31'] });
    expect(() => compileCalendar(calendar)).not.toThrow();
  });

  it('an unknown zone and a malformed interval are refused', () => {
    expect(() => compileCalendar(makeCalendar({ timezone: 'Mars/Base', week: { mon: OFFICE } }))).toThrow(RangeError);
    expect(() => compileCalendar(makeCalendar({ week: { mon: [['18:00', '09:00']] } }))).toThrow(RangeError);
  });
});

describe('properties over random calendars', () => {
  const ZONES = ['Europe/Moscow', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
  // DST changes in those zones, so the small windows below often contain one.
  const TRANSITION_DAYS = ['2026-03-29', '2026-10-25', '2026-03-08', '2026-11-01', '2026-04-05', '2026-10-04'].map(
    (date) => at(`${date}T00:00:00Z`) / (24 * HOUR),
  );
  const KEYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const MINUTE = 60_000;
  const WINDOW_MINUTES = 3 * 24 * 60;
  const dateOf = (dayNumber: number): string => DateTime.fromMillis(dayNumber * 24 * HOUR, { zone: 'UTC' }).toISODate()!;
  const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const toMinutes = (text: string): number => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));

  const intervalsArb = fc
    .uniqueArray(fc.oneof(fc.integer({ min: 0, max: 1440 }), fc.constantFrom(0, 60, 90, 120, 150, 180, 1440)), { maxLength: 6 })
    .map((edges) => {
      const sorted = [...edges].sort((a, b) => a - b).slice(0, edges.length - (edges.length % 2));
      const intervals: LocalInterval[] = [];
      for (let i = 0; i < sorted.length; i += 2) intervals.push([hhmm(sorted[i]!), hhmm(sorted[i + 1]!)]);
      return intervals;
    });
  const caseArb = fc
    .record({
      timezone: fc.constantFrom(...ZONES),
      week: fc.array(intervalsArb, { minLength: 7, maxLength: 7 }),
      baseDay: fc.oneof(fc.constantFrom(...TRANSITION_DAYS), fc.integer({ min: 18_262, max: 22_280 })),
      holidays: fc.uniqueArray(fc.integer({ min: -2, max: 3 }), { maxLength: 3 }),
      specialDays: fc.array(fc.tuple(fc.integer({ min: -2, max: 3 }), intervalsArb), { maxLength: 3 }),
    })
    .map(({ timezone, week, baseDay, holidays, specialDays }) => {
      const schedule = Object.fromEntries(KEYS.map((key, i) => [key, week[i]!])) as Calendar['week'];
      if (KEYS.every((key) => schedule[key].length === 0)) schedule.mon = OFFICE;
      const calendar: Calendar = {
        timezone,
        week: schedule,
        holidays: holidays.map((offset) => dateOf(baseDay + offset)),
        specialDays: Object.fromEntries(specialDays.map(([offset, intervals]) => [dateOf(baseDay + offset), intervals])),
      };
      return { calendar, baseDay };
    });

  // The oracle: luxon's wall clock for every minute, checked against the raw calendar.
  function walkMinutes(calendar: Calendar, from: number): { isBusiness: Uint8Array; localDates: string[] } {
    const isBusiness = new Uint8Array(WINDOW_MINUTES);
    const localDates: string[] = [];
    for (let i = 0; i < WINDOW_MINUTES; i++) {
      const wall = DateTime.fromMillis(from + i * MINUTE, { zone: calendar.timezone });
      const date = wall.toISODate()!;
      const intervals = calendar.specialDays[date] ?? (calendar.holidays.includes(date) ? [] : calendar.week[KEYS[wall.weekday - 1]!]);
      const minute = wall.hour * 60 + wall.minute;
      isBusiness[i] = intervals.some(([start, end]) => toMinutes(start) <= minute && minute < toMinutes(end)) ? 1 : 0;
      localDates.push(date);
    }
    return { isBusiness, localDates };
  }

  it('agrees with a minute-by-minute walk of the wall clock on small random calendars', () => {
    const queryArb = fc.tuple(fc.nat(WINDOW_MINUTES - 1), fc.nat(WINDOW_MINUTES), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(caseArb, fc.array(queryArb, { minLength: 8, maxLength: 8 }), ({ calendar, baseDay }, queries) => {
        const compiled = compileCalendar(calendar);
        const from = (baseDay - 1) * 24 * HOUR;
        const { isBusiness, localDates } = walkMinutes(calendar, from);
        const before = [0];
        for (const bit of isBusiness) before.push(before[before.length - 1]! + bit);
        for (const [a, b, fraction] of queries) {
          const start = from + a * MINUTE;
          expect(isBusinessInstant({ calendar: compiled, at: start })).toBe(isBusiness[a] === 1);
          expect(isBusinessInstant({ calendar: compiled, at: start + 30_000 })).toBe(isBusiness[a] === 1);
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const between = businessTimeBetween({ calendar: compiled, from: from + lo * MINUTE, to: from + hi * MINUTE });
          expect(between).toBe((before[hi]! - before[lo]!) * MINUTE);
          const minutes = Math.floor(fraction * (before[WINDOW_MINUTES]! - before[a]!));
          let end = a;
          while (before[end]! - before[a]! < minutes) end++;
          expect(computeDue({ calendar: compiled, start, durationMs: minutes * MINUTE })).toBe(from + end * MINUTE);
          const next = isBusiness.indexOf(1, a);
          if (next >= 0) expect(nextBusinessInstant({ calendar: compiled, at: start })).toBe(from + next * MINUTE);
        }
        const middle = dateOf(baseDay);
        const expected = localDates.flatMap((date, i) => (date === middle && isBusiness[i] ? [from + i * MINUTE] : []));
        const actual = businessIntervalsOn({ calendar: compiled, localDate: middle }).flatMap(([s, e]) =>
          Array.from({ length: (e - s) / MINUTE }, (_, i) => s + i * MINUTE),
        );
        expect(actual).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  const instantArb = fc.integer({ min: at('2020-01-01T00:00:00Z'), max: at('2030-12-31T00:00:00Z') });
  const durationArb = fc.integer({ min: 0, max: 500 * HOUR });
  const calendarArb = caseArb.map(({ calendar }) => compileCalendar(calendar));

  it('business time from a start to its due equals the duration', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, (calendar, start, durationMs) => {
        const due = computeDue({ calendar, start, durationMs });
        expect(due).toBeGreaterThanOrEqual(start);
        expect(businessTimeBetween({ calendar, from: start, to: due })).toBe(durationMs);
        // Earliest: the millisecond before a positive due is still business time.
        if (durationMs > 0) expect(isBusinessInstant({ calendar, at: due - 1 })).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('due is monotonic in the start and in the duration', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, durationArb, durationArb, (calendar, s1, s2, d1, d2) => {
        const [early, late] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const [short, long] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(computeDue({ calendar, start: early, durationMs: d1 })).toBeLessThanOrEqual(computeDue({ calendar, start: late, durationMs: d1 }));
        expect(computeDue({ calendar, start: s1, durationMs: short })).toBeLessThanOrEqual(computeDue({ calendar, start: s1, durationMs: long }));
      }),
      { numRuns: 1500 },
    );
  });

  it('due of a due adds the durations', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, durationArb, (calendar, start, a, b) => {
        const first = computeDue({ calendar, start, durationMs: a });
        expect(computeDue({ calendar, start: first, durationMs: b })).toBe(computeDue({ calendar, start, durationMs: a + b }));
      }),
      { numRuns: 1500 },
    );
  });
});
