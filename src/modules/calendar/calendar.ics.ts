// Holidays from an iCalendar file (a holiday feed exported from Google, Outlook, a government
// site): every all-day event's local dates. Timed events are not holidays and are ignored.
import ICAL from 'ical.js';
import { formatLocalDate, toDayNumber } from './calendar.dates.js';

/** Thrown when the text is not an iCalendar file. */
export class IcsParseError extends Error {
  readonly code = 'calendar.invalid_ics';
  constructor(message: string) {
    super(message);
    this.name = 'IcsParseError';
  }
}

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalTime = InstanceType<typeof ICAL.Time>;

// A recurring event with no COUNT or UNTIL never ends; a holiday feed means the next years.
const OPEN_RECURRENCE_YEARS = 10;
const MAX_OCCURRENCES = 5000;
const MAX_EVENT_DAYS = 366;

/**
 * Returns the local dates of the all-day events in an iCalendar text, sorted and unique.
 * Multi-day events give each date (DTEND is exclusive); recurring ones give each occurrence
 * (open-ended rules for ten years); cancelled events and occurrences are left out.
 */
export function parseIcsHolidays(text: string): { dates: string[] } {
  const calendars = parseCalendars(text);
  const dates = new Set<string>();
  for (const calendar of calendars) {
    const events = calendar.getAllSubcomponents('vevent');
    const recurringUids = new Set(events.filter((vevent) => vevent.hasProperty('rrule') || vevent.hasProperty('rdate')).map(uidOf));
    for (const vevent of events) {
      // Exceptions to a recurring event are visited through its occurrences.
      if (vevent.hasProperty('recurrence-id') && recurringUids.has(uidOf(vevent))) continue;
      if (!vevent.hasProperty('dtstart')) continue;
      try {
        const event = new ICAL.Event(vevent);
        if (!event.isRecurring()) {
          if (!isCancelled(vevent)) addDates({ dates, start: event.startDate, end: event.endDate });
        } else {
          addOccurrences({ dates, event });
        }
      } catch (error) {
        // ical.js decodes values lazily, so a malformed date surfaces only here.
        const reason = error instanceof Error ? error.message : String(error);
        throw new IcsParseError(`invalid event '${uidOf(vevent)}': ${reason}`);
      }
    }
  }
  return { dates: [...dates].sort() };
}

function parseCalendars(text: string): IcalComponent[] {
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch (error) {
    throw new IcsParseError(`not an iCalendar file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const roots = Array.isArray(jcal) && typeof jcal[0] === 'string' ? [jcal] : (jcal as unknown[]);
  const calendars = roots.map((root) => new ICAL.Component(root as unknown[]));
  if (calendars.length === 0 || calendars.some((calendar) => calendar.name !== 'vcalendar')) {
    throw new IcsParseError('not an iCalendar file: no VCALENDAR');
  }
  return calendars;
}

function addOccurrences({ dates, event }: { dates: Set<string>; event: InstanceType<typeof ICAL.Event> }): void {
  const rule = event.component.getFirstPropertyValue('rrule');
  const isOpenEnded = rule instanceof ICAL.Recur && rule.count === null && rule.until === null;
  const lastYear = event.startDate.year + OPEN_RECURRENCE_YEARS;
  const iterator = event.iterator();
  for (let count = 0; count < MAX_OCCURRENCES; count++) {
    const occurrence = iterator.next();
    if (!occurrence || (isOpenEnded && occurrence.year > lastYear)) break;
    const details = event.getOccurrenceDetails(occurrence);
    if (!isCancelled(details.item.component)) addDates({ dates, start: details.startDate, end: details.endDate });
  }
}

// DTEND is exclusive: an event on 1 Jan with DTEND 3 Jan covers 1 and 2 Jan.
function addDates({ dates, start, end }: { dates: Set<string>; start: IcalTime; end: IcalTime | null }): void {
  if (!start.isDate) return;
  const first = toDayNumber({ year: start.year, month: start.month, day: start.day });
  const last = end ? toDayNumber({ year: end.year, month: end.month, day: end.day }) : first + 1;
  const days = Math.min(MAX_EVENT_DAYS, Math.max(1, last - first));
  for (let day = 0; day < days; day++) dates.add(formatLocalDate(first + day));
}

function isCancelled(vevent: IcalComponent): boolean {
  return String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
}

function uidOf(vevent: IcalComponent): string {
  return String(vevent.getFirstPropertyValue('uid') ?? '');
}
