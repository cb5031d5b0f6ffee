import { defineError } from '../../shared/errors.js';

// A preset id arrives in the request body, not the URL, so an unknown one is invalid input
// (400), not a missing resource (404): the URL itself always exists.
export const calendarErrors = {
  /** `details.issues` lists each problem as `{ path, message }`, e.g. `week.mon[0]`. */
  invalidFile: defineError('calendar.invalid_file', 400, 'The calendar file is not valid.'),
  noBusinessTime: defineError('calendar.no_business_time', 400, 'The calendar has no business time within some year; every year needs working time.'),
  unknownPreset: defineError('calendar.unknown_preset', 400, 'There is no such preset.'),
  invalidIcs: defineError('calendar.invalid_ics', 400, 'The text is not an iCalendar (.ics) file.'),
  /** `details.issues` lists each problem as `{ path, message }`, e.g. `question`. */
  invalidTargets: defineError('calendar.invalid_targets', 400, 'The reply targets are not valid.'),
  invalidStart: defineError('calendar.invalid_start', 400, 'The start is not an ISO 8601 date and time.'),
  invalidDuration: defineError('calendar.invalid_duration', 400, 'The duration must be a positive whole number of minutes.'),
};
