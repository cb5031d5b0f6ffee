import type { Db, DbOrTrx } from '../../db/database.js';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/audit.models.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { JobQueue } from '../../jobs/jobs.queue.js';
import type { Clock } from '../../shared/clock.js';
import { createSettingsRepository } from '../settings/settings.repository.js';
import { calendarErrors } from './calendar.errors.js';
import { CalendarFileError, DEFAULT_CALENDAR, parseCalendarFile, type CalendarFileIssue } from './calendar.file.js';
import { IcsParseError, parseIcsHolidays } from './calendar.ics.js';
import { compileCalendar, computeDue, NoBusinessTimeError, type Calendar, type CompiledCalendar } from './calendar.models.js';
import { applyPreset as applyPresetToCalendar, UnknownPresetError } from './calendar.presets.js';
import { RECOMPUTE_DUE_JOB, type RecomputeDuePayload } from './calendar.recompute.js';
import { parseStart } from './calendar.sla.js';
import { DEFAULT_REPLY_TARGETS, MAX_TARGET_MINUTES, replyTargetsSchema, TICKET_KINDS, type ReplyTargets } from './calendar.targets.js';

export type CalendarUsecases = ReturnType<typeof createCalendarUsecases>;

export const CALENDAR_SETTING = 'calendar';
export const REPLY_TARGETS_SETTING = 'reply_targets';

const MS_PER_MINUTE = 60_000;
// parseCalendarFile reports "no business time" as a file issue without a path; the API gives it
// its own code, since no single field is at fault.
const NO_BUSINESS_TIME_MESSAGE = new NoBusinessTimeError().message;

/**
 * Validates a calendar file from outside (API body, CLI file) and returns it normalised; throws
 * `calendar.invalid_file` (with `details.issues`) or `calendar.no_business_time`.
 */
export function parseCalendarInput(input: unknown): Calendar {
  try {
    return parseCalendarFile(input).calendar;
  } catch (error) {
    if (!(error instanceof CalendarFileError)) throw error;
    const [first] = error.issues;
    if (error.issues.length === 1 && first?.path === '' && first.message === NO_BUSINESS_TIME_MESSAGE) throw calendarErrors.noBusinessTime();
    throw calendarErrors.invalidFile({ message: `The calendar file is not valid: ${describeIssues(error.issues)}.`, details: { issues: error.issues } });
  }
}

/** The business calendar and reply targets: stored as settings, read by every due-time question. */
export function createCalendarUsecases({ db, clock, jobs }: { db: Db; clock: Clock; jobs: JobQueue }) {
  // Compiling is cheap but its chunk cache is what makes repeated questions fast, so keep it while
  // the stored calendar is unchanged. Another process may change it, hence the check on each call.
  let compiled: { text: string; calendar: CompiledCalendar } | undefined;

  async function getCalendar(): Promise<Calendar> {
    return readCalendar(db);
  }

  async function getCompiledCalendar(): Promise<CompiledCalendar> {
    const calendar = await getCalendar();
    const text = JSON.stringify(calendar);
    if (compiled?.text !== text) compiled = { text, calendar: compileCalendar(calendar) };
    return compiled.calendar;
  }

  /** Writes a setting and enqueues the recompute job in one transaction, unless nothing changed. */
  async function saveAndRecompute<T>({
    key,
    value,
    current,
    by,
    reason,
    actor,
  }: {
    key: string;
    value: T;
    current: (trx: DbOrTrx) => Promise<T>;
    by?: string;
    reason: RecomputeDuePayload['reason'];
    /** Who changed it, for the audit log (the command line when left out). */
    actor?: AuditActor;
  }): Promise<{ recomputeJobId: string | null }> {
    return db.transaction().execute(async (trx) => {
      const settings = createSettingsRepository({ db: trx });
      const before = await current(trx);
      const isChanged = JSON.stringify(before) !== JSON.stringify(value);
      const isStored = (await settings.read({ key })) !== undefined;
      if (!isChanged && isStored) return { recomputeJobId: null };
      // Saving the defaults unchanged is still the admin's choice (the first-run checklist counts it).
      await settings.write({ key, value, at: clock.now(), by });
      if (!isChanged) return { recomputeJobId: null };
      await recordAudit({
        trx,
        at: clock.now(),
        actor: actor ?? SYSTEM_ACTOR,
        action: reason === 'calendar' ? 'calendar.changed' : 'reply_targets.changed',
        target: { type: 'setting', id: key },
        before: before as Record<string, unknown>,
        after: value as Record<string, unknown>,
      });
      const job = await jobs.enqueue({ trx, name: RECOMPUTE_DUE_JOB, payload: { reason } satisfies RecomputeDuePayload });
      return { recomputeJobId: job?.id ?? null };
    });
  }

  async function resolveBase(calendar: unknown): Promise<Calendar> {
    return calendar === undefined ? getCalendar() : parseCalendarInput(calendar);
  }

  return {
    /** The stored calendar, or DEFAULT_CALENDAR when none was saved. */
    getCalendar,

    /** The stored calendar compiled, reused while its stored JSON is unchanged. */
    getCompiledCalendar,

    /** The calendar's IANA zone, where purchase dates and anniversaries are local dates. */
    async getSupportTimeZone(): Promise<string> {
      return (await getCalendar()).timezone;
    },

    /**
     * Validates and saves the calendar; when it changed, a `calendar.recompute_due` job is enqueued
     * in the same transaction (null when the calendar was already this one).
     */
    async setCalendar({
      input,
      by,
      actor,
    }: {
      input: unknown;
      by?: string;
      actor?: AuditActor;
    }): Promise<{ calendar: Calendar; recomputeJobId: string | null }> {
      const calendar = parseCalendarInput(input);
      const { recomputeJobId } = await saveAndRecompute({
        key: CALENDAR_SETTING,
        value: calendar,
        current: readCalendar,
        by,
        actor,
        reason: 'calendar',
      });
      return { calendar, recomputeJobId };
    },

    /** Business minutes per ticket kind (null: no target); defaults when never saved. */
    async getReplyTargets(): Promise<ReplyTargets> {
      return readReplyTargets(db);
    },

    /** Saves every kind's target; when they changed, enqueues the recompute job in the same transaction. */
    async setReplyTargets({
      targets: input,
      by,
      actor,
    }: {
      targets: unknown;
      by?: string;
      actor?: AuditActor;
    }): Promise<{ targets: ReplyTargets; recomputeJobId: string | null }> {
      const result = replyTargetsSchema.safeParse(input);
      if (!result.success) {
        const issues: CalendarFileIssue[] = result.error.issues.flatMap((issue) =>
          issue.code === 'unrecognized_keys'
            ? issue.keys.map((key) => ({
                path: key,
                message: `not a ticket kind (${TICKET_KINDS.join(', ')})`,
                code: 'calendar.not_a_ticket_kind',
                params: { kinds: TICKET_KINDS.join(', ') },
              }))
            : [{ path: issue.path.map(String).join('.'), message: issue.message, ...targetIssueCode(issue) }],
        );
        throw calendarErrors.invalidTargets({ message: `The reply targets are not valid: ${describeIssues(issues)}.`, details: { issues } });
      }
      const targets = Object.fromEntries(TICKET_KINDS.map((kind) => [kind, result.data[kind]])) as ReplyTargets;
      const { recomputeJobId } = await saveAndRecompute({
        key: REPLY_TARGETS_SETTING,
        value: targets,
        current: readReplyTargets,
        by,
        actor,
        reason: 'reply_targets',
      });
      return { targets, recomputeJobId };
    },

    /**
     * The due instant `minutes` business minutes after `start` (ISO 8601; without an offset it is
     * local time in the calendar's zone), on the stored calendar or an unsaved one.
     */
    async previewDue({
      start,
      minutes,
      calendar,
    }: {
      start: string;
      minutes: number;
      calendar?: unknown;
    }): Promise<{ start: number; due: number; timezone: string }> {
      const compiledCalendar = calendar === undefined ? await getCompiledCalendar() : compileCalendar(parseCalendarInput(calendar));
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_TARGET_MINUTES) {
        throw calendarErrors.invalidDuration({ message: `The duration must be a whole number of minutes from 1 to ${MAX_TARGET_MINUTES}.` });
      }
      const timezone = compiledCalendar.calendar.timezone;
      const invalidStart = () =>
        calendarErrors.invalidStart({ message: `The start is not an ISO 8601 date and time (years 0001–9999): ${JSON.stringify(start)}.` });
      try {
        const startAt = parseStart({ text: start.trim(), timezone });
        if (startAt === null) throw invalidStart();
        return { start: startAt, due: computeDue({ calendar: compiledCalendar, start: startAt, durationMs: minutes * MS_PER_MINUTE }), timezone };
      } catch (error) {
        // Instants outside the years a calendar can name.
        if (error instanceof RangeError) throw invalidStart();
        throw error;
      }
    },

    /** Returns a new, unsaved calendar with a preset's holidays and special days merged in. */
    async applyPreset({ presetId, calendar }: { presetId: string; calendar?: unknown }): Promise<{ calendar: Calendar }> {
      const base = await resolveBase(calendar);
      try {
        return { calendar: parseCalendarInput(applyPresetToCalendar({ calendar: base, presetId }).calendar) };
      } catch (error) {
        if (error instanceof UnknownPresetError) throw calendarErrors.unknownPreset({ message: `${capitalise(error.message)}.` });
        throw error;
      }
    },

    /** Returns a new, unsaved calendar with the .ics file's all-day dates added to the holidays. */
    async importIcs({ ics, calendar }: { ics: string; calendar?: unknown }): Promise<{ calendar: Calendar; added: string[] }> {
      const base = await resolveBase(calendar);
      let dates: string[];
      try {
        dates = parseIcsHolidays(ics).dates;
      } catch (error) {
        if (error instanceof IcsParseError) throw calendarErrors.invalidIcs({ message: `The .ics file could not be read: ${error.message}.` });
        throw error;
      }
      const known = new Set(base.holidays);
      const added = dates.filter((date) => !known.has(date));
      return { calendar: parseCalendarInput({ ...base, holidays: [...base.holidays, ...added] }), added };
    },
  };
}

async function readCalendar(db: DbOrTrx): Promise<Calendar> {
  return (await createSettingsRepository({ db }).read<Calendar>({ key: CALENDAR_SETTING })) ?? DEFAULT_CALENDAR;
}

async function readReplyTargets(db: DbOrTrx): Promise<ReplyTargets> {
  const stored = (await createSettingsRepository({ db }).read<Partial<ReplyTargets>>({ key: REPLY_TARGETS_SETTING })) ?? {};
  // Kinds added after the targets were saved get their defaults.
  return Object.fromEntries(TICKET_KINDS.map((kind) => [kind, stored[kind] === undefined ? DEFAULT_REPLY_TARGETS[kind] : stored[kind]])) as ReplyTargets;
}

/** The code of a problem with one kind's target (see targetSchema's messages). */
function targetIssueCode(issue: { code: string; message: string }): Pick<CalendarFileIssue, 'code' | 'params'> {
  if (issue.code === 'too_big') return { code: 'calendar.target_too_big', params: { max: MAX_TARGET_MINUTES } };
  if (issue.code === 'too_small') return { code: 'calendar.target_too_small' };
  // Zod keeps no input in its issues; targetSchema's message says whether the kind was left out.
  if (issue.code === 'invalid_type' && issue.message.startsWith('missing')) return { code: 'calendar.target_missing' };
  return { code: 'calendar.target_not_whole' };
}

function describeIssues(issues: CalendarFileIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
