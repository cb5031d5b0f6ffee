import { describe, expect, it } from 'vitest';
import { IcsParseError, parseIcsHolidays } from './calendar.ics.js';

function ics(...events: string[][]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Supportdesk//Test//EN'];
  events.forEach((event, i) => lines.push('BEGIN:VEVENT', `UID:event-${i}`, 'DTSTAMP:20250101T000000Z', ...event, 'END:VEVENT'));
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

describe('holidays from an iCalendar file', () => {
  it('an all-day event becomes its local date', () => {
    expect(parseIcsHolidays(ics(['DTSTART;VALUE=DATE:20260101', 'DTEND;VALUE=DATE:20260102', 'SUMMARY:New Year'])).dates).toEqual(['2026-01-01']);
  });

  it('a multi-day event gives each date, its DTEND excluded', () => {
    expect(parseIcsHolidays(ics(['DTSTART;VALUE=DATE:20251230', 'DTEND;VALUE=DATE:20260103'])).dates).toEqual([
      '2025-12-30',
      '2025-12-31',
      '2026-01-01',
      '2026-01-02',
    ]);
  });

  it('an all-day event without DTEND lasts one day, or its DURATION', () => {
    expect(parseIcsHolidays(ics(['DTSTART;VALUE=DATE:20260223'], ['DTSTART;VALUE=DATE:20260308', 'DURATION:P2D'])).dates).toEqual([
      '2026-02-23',
      '2026-03-08',
      '2026-03-09',
    ]);
  });

  it('timed events are ignored, whatever their length', () => {
    const text = ics(
      ['DTSTART:20260312T090000Z', 'DTEND:20260312T100000Z'],
      ['DTSTART;TZID=Europe/Berlin:20260313T000000', 'DTEND;TZID=Europe/Berlin:20260314T000000'],
      ['DTSTART;VALUE=DATE:20260501'],
    );
    expect(parseIcsHolidays(text).dates).toEqual(['2026-05-01']);
  });

  it('duplicates collapse and the dates come sorted', () => {
    expect(parseIcsHolidays(ics(['DTSTART;VALUE=DATE:20260612'], ['DTSTART;VALUE=DATE:20260101'], ['DTSTART;VALUE=DATE:20260612'])).dates).toEqual([
      '2026-01-01',
      '2026-06-12',
    ]);
  });

  it('a recurring event gives each occurrence, without excluded, cancelled or moved ones', () => {
    const lines = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:yearly',
      'DTSTART;VALUE=DATE:20250612',
      'RRULE:FREQ=YEARLY;COUNT=5',
      'EXDATE;VALUE=DATE:20260612',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:yearly',
      'RECURRENCE-ID;VALUE=DATE:20270612',
      'DTSTART;VALUE=DATE:20270613',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:yearly',
      'RECURRENCE-ID;VALUE=DATE:20280612',
      'DTSTART;VALUE=DATE:20280612',
      'STATUS:CANCELLED',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:cancelled',
      'DTSTART;VALUE=DATE:20260101',
      'STATUS:CANCELLED',
      'END:VEVENT',
      'END:VCALENDAR',
    ];
    expect(parseIcsHolidays(lines.join('\r\n')).dates).toEqual(['2025-06-12', '2027-06-13', '2029-06-12']);
  });

  it('an open-ended yearly event gives the next ten years', () => {
    const { dates } = parseIcsHolidays(ics(['DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=YEARLY']));
    expect(dates[0]).toBe('2026-01-01');
    expect(dates.at(-1)).toBe('2036-01-01');
    expect(dates).toHaveLength(11);
  });

  it('an event without a start is skipped', () => {
    expect(parseIcsHolidays(ics(['SUMMARY:no date'], ['DTSTART;VALUE=DATE:20260101'])).dates).toEqual(['2026-01-01']);
  });

  it('unparsable input throws a clear error', () => {
    expect(() => parseIcsHolidays('hello')).toThrow(IcsParseError);
    expect(() => parseIcsHolidays('hello')).toThrow(/^not an iCalendar file: /);
    expect(() => parseIcsHolidays('')).toThrow('not an iCalendar file: no VCALENDAR');
    expect(() => parseIcsHolidays(ics(['DTSTART;VALUE=DATE:2026XX01']))).toThrow("invalid event 'event-0': ");
    expect(() => parseIcsHolidays('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\r\nEND:VCARD\r\n')).toThrow(IcsParseError);
  });
});
