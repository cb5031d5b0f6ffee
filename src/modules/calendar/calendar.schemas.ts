import { z } from 'zod';
import { calendarFileSchema } from './calendar.file.js';
import { WEEKDAYS, type Weekday } from './calendar.models.js';
import { MAX_TARGET_MINUTES, replyTargetsSchema, TICKET_KINDS, type TicketKind } from './calendar.targets.js';

/**
 * A body part the use case validates itself, so that its problems come back under the feature's
 * own code with every issue named (`calendar.invalid_file` with `details.issues`), the same as
 * from the CLI, instead of a generic `request.invalid`. OpenAPI still shows its full shape.
 */
function validatedByUsecase(schema: z.ZodType, description: string) {
  const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  return z.unknown().meta({ ...jsonSchema, description });
}

const intervalSchema = z.tuple([z.string(), z.string()]).readonly().describe('A local [start, end) interval, "HH:MM"; "24:00" is allowed as an end.');
const dayIntervalsSchema = z.array(intervalSchema);

/** The calendar file as the server returns it: normalised, every weekday present. */
export const calendarSchema = z
  .object({
    timezone: z.string().describe('IANA time zone, e.g. Europe/Moscow.'),
    week: z.object(Object.fromEntries(WEEKDAYS.map((day) => [day, dayIntervalsSchema])) as Record<Weekday, typeof dayIntervalsSchema>),
    holidays: z.array(z.string()).describe('Local dates (YYYY-MM-DD) with no business time.'),
    specialDays: z.record(z.string(), dayIntervalsSchema).describe('Local date -> its own intervals, overriding the week and the holidays.'),
  })
  .describe('The calendar file (DESIGN.md, "Business calendar").');

export const calendarFileBody = validatedByUsecase(
  calendarFileSchema,
  'The calendar file. Weekdays, holidays and special days may be left out (empty). Problems answer 400 calendar.invalid_file with details.issues naming each field (e.g. week.mon[0]), or calendar.no_business_time.',
);

export const putCalendarResponse = calendarSchema.describe(
  'The saved calendar, normalised. When it changed, the Supportdesk-Job-Id header names the calendar.recompute_due job (GET /api/v1/jobs/{id}) and Link points at it.',
);

export const previewBody = z.object({
  start: z
    .string()
    .min(1)
    .max(64)
    .describe('ISO 8601 date and time. With an offset (Z, +03:00) it is that instant; without one, local time in the calendar zone.'),
  minutes: z.number().int().min(1).max(MAX_TARGET_MINUTES).describe('Business minutes to add.'),
  calendar: calendarFileBody.optional().describe('An unsaved calendar file to try; the saved calendar when left out.'),
});

export const previewResponse = z.object({
  start: z.string().describe('The start instant, ISO 8601 UTC.'),
  due: z.string().describe('The due instant, ISO 8601 UTC.'),
  dueLocal: z.string().describe("The due instant with the calendar zone's offset, e.g. 2026-11-30T19:00:00+03:00."),
  timezone: z.string(),
});

const labelsSchema = z.object({ en: z.string(), ru: z.string() });

export const presetsQuery = z.object({
  language: z.enum(['en', 'ru']).optional().describe("Language of the country names; the caller's own when left out."),
});

export const presetsResponse = z.object({
  presets: z.array(
    z.object({
      id: z.string(),
      labels: labelsSchema,
      note: labelsSchema.optional().describe('What the preset does not know (e.g. a year whose transfers of days off are not known yet).'),
    }),
  ),
  generic: z
    .object({ pattern: z.string(), example: z.string(), labels: labelsSchema })
    .describe('Any country\'s public holidays: "holidays:<COUNTRY>[-<STATE>]:<YEAR>".'),
  countries: z.record(z.string(), z.string()).describe('Countries the generic preset knows: ISO 3166 code -> name.'),
});

export const applyPresetBody = z.object({
  presetId: z.string().min(1).max(64).describe('ru-<YEAR> (2013–2100, e.g. ru-2027), or holidays:<COUNTRY>[-<STATE>]:<YEAR> (e.g. holidays:DE:2026).'),
  calendar: calendarFileBody.optional().describe('The calendar to apply it to; the saved calendar when left out.'),
});

export const importIcsBody = z.object({
  ics: z.string().min(1).describe('The text of an iCalendar (.ics) file; its all-day events become holidays.'),
  calendar: calendarFileBody.optional().describe('The calendar to add them to; the saved calendar when left out.'),
});

export const unsavedCalendarResponse = calendarSchema.describe('A new calendar, not saved: review it, then PUT /api/v1/calendar.');

const targetSchema = z.number().int().nullable();

/** Reply targets as the server returns them. */
export const replyTargetsResponse = z
  .object(Object.fromEntries(TICKET_KINDS.map((kind) => [kind, targetSchema])) as Record<TicketKind, typeof targetSchema>)
  .describe('Business minutes within which a waiting message of each ticket kind should be answered; null means no target.');

export const replyTargetsBody = validatedByUsecase(
  replyTargetsSchema,
  `Every ticket kind's target in business minutes (1–${MAX_TARGET_MINUTES}), or null for no target. Problems answer 400 calendar.invalid_targets with details.issues.`,
);
