import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from './calendar.file.js';
import { businessTimeBetween, compileCalendar, computeDue, resolveLocalInstant, type Calendar, type LocalInterval } from './calendar.models.js';
import { applyPreset, listHolidayCountries, listPresets, UnknownPresetError } from './calendar.presets.js';
import { russianYear, russianYearFromStatute } from './calendar.russia.js';

const HOUR = 3_600_000;
const LUNCH: LocalInterval[] = [
  ['09:00', '13:00'],
  ['14:00', '18:00'],
];
const officeCalendar: Calendar = {
  timezone: 'Europe/Moscow',
  week: { mon: LUNCH, tue: LUNCH, wed: LUNCH, thu: LUNCH, fri: LUNCH, sat: [], sun: [] },
  holidays: [],
  specialDays: {},
};

function hoursInYear(calendar: Calendar, year: number): number {
  const compiled = compileCalendar(calendar);
  const from = resolveLocalInstant({ timezone: calendar.timezone, localDate: `${year}-01-01`, msOfDay: 0 });
  const to = resolveLocalInstant({ timezone: calendar.timezone, localDate: `${year + 1}-01-01`, msOfDay: 0 });
  return businessTimeBetween({ calendar: compiled, from, to }) / HOUR;
}

describe('listing presets', () => {
  it('lists the Russian production calendars with English and Russian labels and describes the generic form', () => {
    const { presets, generic } = listPresets();
    expect(presets.map((preset) => preset.id)).toEqual(['ru-2025', 'ru-2026', 'ru-2027']);
    expect(presets[1]!.labels).toEqual({ en: 'Russia, production calendar 2026', ru: 'Россия, производственный календарь 2026' });
    expect(generic.example).toBe('holidays:DE:2026');
    expect(generic.labels.en).toContain('Public holidays');
  });

  it('lists the countries the generic preset knows', () => {
    expect(listHolidayCountries({ language: 'en' }).DE).toBe('Germany');
  });
});

describe('the Russian production calendars', () => {
  it('ru-2025 adds the official days off, the transferred ones included', () => {
    const { calendar } = applyPreset({ calendar: DEFAULT_CALENDAR, presetId: 'ru-2025' });
    expect(calendar.holidays).toEqual(expect.arrayContaining(['2025-01-08', '2025-05-02', '2025-05-08', '2025-06-13', '2025-11-03', '2025-12-31']));
    expect(calendar.holidays).not.toContain('2025-02-24');
    expect(calendar.holidays).not.toContain('2025-03-10');
  });

  it('ru-2025 makes Saturday 1 November a working day with Monday hours, one hour shorter', () => {
    expect(applyPreset({ calendar: DEFAULT_CALENDAR, presetId: 'ru-2025' }).calendar.specialDays['2025-11-01']).toEqual([['00:00', '23:00']]);
    expect(applyPreset({ calendar: officeCalendar, presetId: 'ru-2025' }).calendar.specialDays['2025-11-01']).toEqual([
      ['09:00', '13:00'],
      ['14:00', '17:00'],
    ]);
  });

  it('ru-2026 shortens each pre-holiday day by ending its last interval an hour early', () => {
    const { calendar } = applyPreset({ calendar: officeCalendar, presetId: 'ru-2026' });
    expect(Object.keys(calendar.specialDays)).toEqual(['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03']);
    expect(calendar.specialDays['2026-04-30']).toEqual([
      ['09:00', '13:00'],
      ['14:00', '17:00'],
    ]);
    expect(calendar.holidays).toEqual(expect.arrayContaining(['2026-01-09', '2026-02-23', '2026-03-09', '2026-05-11', '2026-12-31']));
  });

  it('a last interval shorter than an hour disappears and the rest comes off the one before', () => {
    const thursday: LocalInterval[] = [
      ['09:00', '17:00'],
      ['17:30', '18:00'],
    ];
    const calendar = { ...officeCalendar, week: { ...officeCalendar.week, thu: thursday } };
    expect(applyPreset({ calendar, presetId: 'ru-2026' }).calendar.specialDays['2026-04-30']).toEqual([['09:00', '16:30']]);
  });

  it('an 8-hour working day gives the official 1972 hours in both 2025 and 2026', () => {
    expect(hoursInYear(applyPreset({ calendar: officeCalendar, presetId: 'ru-2025' }).calendar, 2025)).toBe(1972);
    expect(hoursInYear(applyPreset({ calendar: officeCalendar, presetId: 'ru-2026' }).calendar, 2026)).toBe(1972);
  });
});

describe('the Russian production calendar of any year', () => {
  it('the statute alone gives 2026 as decreed, but for the two January days the decree moved', () => {
    const decreed = russianYear(2026);
    expect(decreed.hasDecree).toBe(true);
    const statute = russianYearFromStatute(2026);
    expect(statute.holidays).toEqual(decreed.holidays.filter((date) => date !== '2026-01-09' && date !== '2026-12-31'));
    expect(statute.shortenedDays).toEqual([...decreed.shortenedDays, '2026-12-31']);
  });

  it('ru-2027 moves weekend holidays to the next working day and shortens the days before holidays', () => {
    const { calendar } = applyPreset({ calendar: officeCalendar, presetId: 'ru-2027' });
    // Sat 1 May → Mon 3 May, Sun 9 May → Mon 10 May, Sat 12 Jun → Mon 14 Jun; January stays for the decree.
    expect(calendar.holidays).toEqual([
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
      '2027-01-04',
      '2027-01-05',
      '2027-01-06',
      '2027-01-07',
      '2027-01-08',
      '2027-02-23',
      '2027-03-08',
      '2027-05-01',
      '2027-05-03',
      '2027-05-09',
      '2027-05-10',
      '2027-06-12',
      '2027-06-14',
      '2027-11-04',
    ]);
    expect(Object.keys(calendar.specialDays)).toEqual(['2027-02-22', '2027-04-30', '2027-06-11', '2027-11-03', '2027-12-31']);
    expect(listPresets().presets.find((preset) => preset.id === 'ru-2027')!.note!.en).toContain('not known');
  });

  it('a question on 30 Dec 2026 is not due on 1 Jan 2027 once both years are applied', () => {
    const both = applyPreset({ calendar: applyPreset({ calendar: DEFAULT_CALENDAR, presetId: 'ru-2026' }).calendar, presetId: 'ru-2027' }).calendar;
    const compiled = compileCalendar(both);
    const start = resolveLocalInstant({ timezone: 'Europe/Moscow', localDate: '2026-12-30', msOfDay: 10 * HOUR });
    expect(new Date(computeDue({ calendar: compiled, start, durationMs: 24 * HOUR })).toISOString()).toBe('2027-01-11T07:00:00.000Z');
  });

  it('any year from 2013 works, e.g. 2030 with the note', () => {
    const { calendar } = applyPreset({ calendar: DEFAULT_CALENDAR, presetId: 'ru-2030' });
    expect(calendar.holidays).toContain('2030-11-04');
    expect(calendar.holidays.every((date) => date.startsWith('2030-'))).toBe(true);
  });
});

describe('applying a preset', () => {
  it('returns a new calendar that keeps the calendar’s own holidays and special days', () => {
    const calendar: Calendar = {
      ...officeCalendar,
      holidays: ['2026-08-03', '2026-04-30'],
      specialDays: { '2026-01-02': [['10:00', '12:00']], '2026-11-03': [['09:00', '12:00']] },
    };
    const before = structuredClone(calendar);
    const { calendar: applied } = applyPreset({ calendar, presetId: 'ru-2026' });
    expect(calendar).toEqual(before);
    expect(applied.holidays).toEqual(expect.arrayContaining(['2026-08-03', '2026-04-30', '2026-01-02']));
    expect(applied.specialDays).toEqual({
      '2026-01-02': [['10:00', '12:00']],
      '2026-05-08': [
        ['09:00', '13:00'],
        ['14:00', '17:00'],
      ],
      '2026-06-11': [
        ['09:00', '13:00'],
        ['14:00', '17:00'],
      ],
      '2026-11-03': [['09:00', '12:00']],
    });
  });

  it('applying a preset twice gives the same calendar as applying it once', () => {
    const once = applyPreset({ calendar: officeCalendar, presetId: 'ru-2025' }).calendar;
    expect(applyPreset({ calendar: once, presetId: 'ru-2025' }).calendar).toEqual(once);
  });

  it('holidays:DE:2026 adds the public holidays of Germany from date-holidays', () => {
    const { calendar } = applyPreset({ calendar: DEFAULT_CALENDAR, presetId: 'holidays:DE:2026' });
    expect(calendar.holidays).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-10-03',
      '2026-12-25',
      '2026-12-26',
    ]);
    expect(calendar.specialDays).toEqual({});
  });

  it('a state adds its own public holidays and multi-day holidays give every date', () => {
    expect(applyPreset({ calendar: DEFAULT_CALENDAR, presetId: 'holidays:DE-BY:2026' }).calendar.holidays).toContain('2026-01-06');
    const russia = applyPreset({ calendar: DEFAULT_CALENDAR, presetId: 'holidays:ru:2026' }).calendar.holidays;
    expect(russia.slice(0, 8)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08']);
  });

  it('an unknown preset, country or state is refused', () => {
    expect(() => applyPreset({ calendar: DEFAULT_CALENDAR, presetId: 'ru-2012' })).toThrow(UnknownPresetError);
    expect(() => applyPreset({ calendar: DEFAULT_CALENDAR, presetId: 'ru-26' })).toThrow(UnknownPresetError);
    expect(() => applyPreset({ calendar: DEFAULT_CALENDAR, presetId: 'holidays:XX:2026' })).toThrow("no holiday data for country 'XX'");
    expect(() => applyPreset({ calendar: DEFAULT_CALENDAR, presetId: 'holidays:DE-ZZ:2026' })).toThrow(UnknownPresetError);
  });
});
