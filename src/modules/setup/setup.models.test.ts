import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../calendar/calendar.file.js';
import { findHolidayGaps } from './setup.models.js';

describe('holiday data for the next 60 days', () => {
  it('the default calendar names no holiday, so this year and next are missing at the end of November', () => {
    expect(findHolidayGaps({ calendar: DEFAULT_CALENDAR, today: '2026-11-27' })).toEqual({ missingYears: [2026, 2027], firstUncoveredDate: '2026-11-27' });
  });

  it('with this year covered, next year is missing once it begins within 60 days', () => {
    const calendar = { ...DEFAULT_CALENDAR, holidays: ['2026-01-01'] };
    expect(findHolidayGaps({ calendar, today: '2026-11-01' })).toEqual({ missingYears: [], firstUncoveredDate: null });
    expect(findHolidayGaps({ calendar, today: '2026-11-02' })).toEqual({ missingYears: [2027], firstUncoveredDate: '2027-01-01' });
  });

  it('a special day counts as holiday data as well', () => {
    const calendar = { ...DEFAULT_CALENDAR, holidays: ['2026-05-01'], specialDays: { '2027-04-30': [['00:00', '23:00'] as const] } };
    expect(findHolidayGaps({ calendar, today: '2026-12-15' }).missingYears).toEqual([]);
  });
});
