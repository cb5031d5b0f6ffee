import { describe, expect, it } from 'vitest';
import { CalendarFileError, DEFAULT_CALENDAR, parseCalendarFile, serializeCalendarFile, type CalendarFileIssue } from './calendar.file.js';
import { compileCalendar, computeDue } from './calendar.models.js';

const WHOLE_DAY = [['00:00', '24:00']];
const validFile = {
  timezone: 'Europe/Moscow',
  week: { mon: WHOLE_DAY, tue: WHOLE_DAY, wed: WHOLE_DAY, thu: WHOLE_DAY, fri: WHOLE_DAY, sat: [], sun: [] },
  holidays: ['2026-01-02', '2026-01-01'],
  specialDays: { '2025-11-01': WHOLE_DAY },
};

function issuesOf(input: unknown): CalendarFileIssue[] {
  try {
    parseCalendarFile(input);
  } catch (error) {
    if (error instanceof CalendarFileError) return error.issues;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

const withWeek = (week: Record<string, unknown>): Record<string, unknown> => ({ ...validFile, week: { ...validFile.week, ...week } });

describe('the default calendar', () => {
  it('counts Monday to Friday whole days in Moscow with no holidays or special days', () => {
    expect(DEFAULT_CALENDAR).toEqual({
      timezone: 'Europe/Moscow',
      week: { mon: WHOLE_DAY, tue: WHOLE_DAY, wed: WHOLE_DAY, thu: WHOLE_DAY, fri: WHOLE_DAY, sat: [], sun: [] },
      holidays: [],
      specialDays: {},
    });
  });

  it('makes a question on Friday 19:00 due on Monday 19:00', () => {
    const due = computeDue({
      calendar: compileCalendar(DEFAULT_CALENDAR),
      start: Date.parse('2026-11-27T19:00:00+03:00'),
      durationMs: 24 * 3_600_000,
    });
    expect(due).toBe(Date.parse('2026-11-30T19:00:00+03:00'));
  });

  it('cannot be changed by accident', () => {
    expect(() => DEFAULT_CALENDAR.holidays.push('2026-01-01')).toThrow(TypeError);
  });
});

describe('parsing a calendar file', () => {
  it('returns a valid file normalised: intervals sorted and touching ones joined, holidays sorted and unique', () => {
    const { calendar } = parseCalendarFile({
      ...withWeek({
        mon: [
          ['14:00', '18:00'],
          ['09:00', '13:00'],
          ['13:00', '14:00'],
        ],
      }),
      holidays: ['2026-01-02', '2026-01-01', '2026-01-02'],
      specialDays: { '2026-03-01': [['10:00', '12:00']], '2025-11-01': WHOLE_DAY },
    });
    expect(calendar.week.mon).toEqual([['09:00', '18:00']]);
    expect(calendar.holidays).toEqual(['2026-01-01', '2026-01-02']);
    expect(Object.keys(calendar.specialDays)).toEqual(['2025-11-01', '2026-03-01']);
  });

  it('treats missing weekdays, holidays and special days as empty', () => {
    const { calendar } = parseCalendarFile({ timezone: 'Asia/Kathmandu', week: { mon: [['09:00', '18:00']] } });
    expect(calendar).toEqual({
      timezone: 'Asia/Kathmandu',
      week: { mon: [['09:00', '18:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: [],
      specialDays: {},
    });
  });

  it('names an unknown time zone', () => {
    expect(issuesOf({ ...validFile, timezone: 'Mars/Base' })).toEqual([
      { path: 'timezone', message: "unknown IANA time zone 'Mars/Base'", code: 'calendar.unknown_time_zone', params: { zone: 'Mars/Base' } },
    ]);
  });

  it('names overlapping intervals by the later one, in any order', () => {
    expect(
      issuesOf(
        withWeek({
          mon: [
            ['09:00', '13:00'],
            ['12:00', '18:00'],
          ],
        }),
      ),
    ).toEqual([{ path: 'week.mon[1]', message: 'intervals overlap', code: 'calendar.intervals_overlap' }]);
    expect(
      issuesOf(
        withWeek({
          tue: [
            ['12:00', '18:00'],
            ['09:00', '13:00'],
          ],
        }),
      ),
    ).toEqual([{ path: 'week.tue[0]', message: 'intervals overlap', code: 'calendar.intervals_overlap' }]);
  });

  it('accepts 00:00–23:59 as starts and up to 24:00 as ends, and nothing else', () => {
    expect(() => parseCalendarFile(withWeek({ mon: [['23:59', '24:00']] }))).not.toThrow();
    const issues = issuesOf(
      withWeek({
        mon: [
          ['24:00', '24:00'],
          ['9:00', '10:00'],
          ['10:00', '24:30'],
          ['18:00', '17:00'],
        ],
      }),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['week.mon[0][0]', 'week.mon[1][0]', 'week.mon[2][1]', 'week.mon[3]']);
    expect(issues[3]!.message).toBe("start must be before end: ['18:00', '17:00']");
  });

  it('names dates that are not real calendar dates', () => {
    const issues = issuesOf({ ...validFile, holidays: ['2026-01-01', '2026-02-28', '2026-02-30'], specialDays: { '2025-13-01': [] } });
    expect(issues).toEqual([
      { path: 'holidays[2]', message: 'not a date (YYYY-MM-DD)', code: 'calendar.not_a_date', params: { value: '2026-02-30' } },
      { path: 'specialDays.2025-13-01', message: 'not a date (YYYY-MM-DD)', code: 'calendar.not_a_date', params: { value: '2025-13-01' } },
    ]);
  });

  it('refuses unknown keys and wrong types', () => {
    expect(issuesOf({ ...validFile, holiday: [] }).map((issue) => issue.path)).toEqual(['']);
    expect(issuesOf(withWeek({ monday: [] })).map((issue) => issue.path)).toEqual(['week']);
    expect(issuesOf(withWeek({ mon: [['09:00']] })).map((issue) => issue.path)).toEqual(['week.mon[0]']);
    expect(issuesOf('not a calendar')).toHaveLength(1);
  });

  it('refuses a calendar without business time within a year', () => {
    expect(issuesOf({ timezone: 'Europe/Moscow', week: {} })).toEqual([
      { path: '', message: 'calendar has no business time within a year', code: 'calendar.no_business_time' },
    ]);
  });

  it('puts every problem in the error message too', () => {
    expect(() => parseCalendarFile({ ...validFile, timezone: 'Mars/Base', holidays: ['x'] })).toThrow(
      "invalid calendar file: timezone: unknown IANA time zone 'Mars/Base'; holidays[0]: not a date (YYYY-MM-DD)",
    );
  });
});

describe('serializing a calendar file', () => {
  it('writes keys in a stable order with sorted holidays and special days', () => {
    const text = serializeCalendarFile({
      timezone: 'Europe/Moscow',
      week: { sun: [], sat: [], fri: [], thu: [], wed: [], tue: [], mon: [['09:00', '18:00']] },
      holidays: ['2026-01-02', '2026-01-01'],
      specialDays: { '2026-03-01': [], '2025-11-01': [['09:00', '17:00']] },
    });
    expect(text).toBe(
      [
        '{',
        '  "timezone": "Europe/Moscow",',
        '  "week": {',
        '    "mon": [["09:00", "18:00"]],',
        '    "tue": [],',
        '    "wed": [],',
        '    "thu": [],',
        '    "fri": [],',
        '    "sat": [],',
        '    "sun": []',
        '  },',
        '  "holidays": [',
        '    "2026-01-01",',
        '    "2026-01-02"',
        '  ],',
        '  "specialDays": {',
        '    "2025-11-01": [["09:00", "17:00"]],',
        '    "2026-03-01": []',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('round-trips through parsing', () => {
    const { calendar } = parseCalendarFile(validFile);
    expect(parseCalendarFile(JSON.parse(serializeCalendarFile(calendar))).calendar).toEqual(calendar);
    expect(JSON.parse(serializeCalendarFile(DEFAULT_CALENDAR))).toEqual({ ...DEFAULT_CALENDAR });
  });
});
