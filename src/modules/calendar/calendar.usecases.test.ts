import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECTS, type TestDb } from '../../../test/db.js';
import { createJobQueue, type JobQueue } from '../../jobs/jobs.queue.js';
import { createJobRunner } from '../../jobs/jobs.runner.js';
import { createManualClock } from '../../shared/clock.js';
import { isAppError, type AppError } from '../../shared/errors.js';
import { createLogger } from '../../shared/logger.js';
import { DEFAULT_CALENDAR } from './calendar.file.js';
import { createRecomputeDueJob, RECOMPUTE_DUE_JOB, recomputeNoWaitingMessages } from './calendar.recompute.js';
import { createCalendarUsecases } from './calendar.usecases.js';

const OFFICE = [
  ['09:00', '13:00'],
  ['14:00', '18:00'],
];
const officeFile = { timezone: 'Asia/Yekaterinburg', week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE } };

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

function ics(...dates: string[]): string {
  const events = dates.flatMap((date, i) => ['BEGIN:VEVENT', `UID:h${i}`, 'DTSTAMP:20250101T000000Z', `DTSTART;VALUE=DATE:${date}`, 'END:VEVENT']);
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
}

describe.each(TEST_DIALECTS)('calendar use cases on %s', (dialect) => {
  let handle: TestDb;
  let clock: ReturnType<typeof createManualClock>;
  let jobs: JobQueue;
  beforeEach(async () => {
    handle = await createTestDb(dialect);
    clock = createManualClock(Date.parse('2026-11-27T16:00:00Z'));
    jobs = createJobQueue({ db: handle.db, dialect, clock });
  });
  afterEach(async () => {
    await handle.drop();
  });

  const makeUsecases = (queue: JobQueue = jobs) => createCalendarUsecases({ db: handle.db, clock, jobs: queue });
  const recomputeJobs = () => handle.db.selectFrom('jobs').selectAll().where('name', '=', RECOMPUTE_DUE_JOB).execute();

  it('a new install uses the default calendar and its time zone', async () => {
    const calendar = makeUsecases();
    expect(await calendar.getCalendar()).toEqual(DEFAULT_CALENDAR);
    expect(await calendar.getSupportTimeZone()).toBe('Europe/Moscow');
  });

  it('saving a calendar stores it normalised and enqueues one recompute job with it', async () => {
    const calendar = makeUsecases();
    const saved = await calendar.setCalendar({ input: { ...officeFile, holidays: ['2026-12-31', '2026-01-01', '2026-12-31'] } });
    expect(saved.calendar.holidays).toEqual(['2026-01-01', '2026-12-31']);
    expect(saved.calendar.week.sat).toEqual([]);
    expect(await calendar.getCalendar()).toEqual(saved.calendar);
    expect(await calendar.getSupportTimeZone()).toBe('Asia/Yekaterinburg');
    const queued = await recomputeJobs();
    expect(queued.map((job) => job.id)).toEqual([saved.recomputeJobId]);
    expect(JSON.parse(queued[0]!.payload)).toEqual({ reason: 'calendar' });
  });

  it('saving the calendar that is already stored changes nothing and enqueues nothing', async () => {
    const calendar = makeUsecases();
    expect((await calendar.setCalendar({ input: DEFAULT_CALENDAR })).recomputeJobId).toBeNull();
    await calendar.setCalendar({ input: officeFile });
    expect((await calendar.setCalendar({ input: officeFile })).recomputeJobId).toBeNull();
    expect(await recomputeJobs()).toHaveLength(1);
  });

  it('the calendar and its recompute job are written in one transaction: if the job cannot be queued, the calendar is not saved', async () => {
    const failing: JobQueue = { ...jobs, enqueue: async () => Promise.reject(new Error('queue is down')) };
    await expect(makeUsecases(failing).setCalendar({ input: officeFile })).rejects.toThrow('queue is down');
    expect(await makeUsecases().getCalendar()).toEqual(DEFAULT_CALENDAR);
    expect(await handle.db.selectFrom('settings').selectAll().execute()).toHaveLength(0);
  });

  it('an invalid file is refused with every issue named, and nothing is saved', async () => {
    const error = await appErrorOf(
      makeUsecases().setCalendar({
        input: {
          timezone: 'Mars/Base',
          week: {
            mon: [
              ['09:00', '13:00'],
              ['12:00', '18:00'],
            ],
          },
        },
      }),
    );
    expect(error.code).toBe('calendar.invalid_file');
    expect(error.status).toBe(400);
    expect(error.details?.issues).toEqual([
      { path: 'timezone', message: "unknown IANA time zone 'Mars/Base'", code: 'calendar.unknown_time_zone', params: { zone: 'Mars/Base' } },
      { path: 'week.mon[1]', message: 'intervals overlap', code: 'calendar.intervals_overlap' },
    ]);
    expect(error.message).toContain('week.mon[1]: intervals overlap');
    expect(await recomputeJobs()).toHaveLength(0);
  });

  it('a calendar without business time is refused with its own code', async () => {
    const error = await appErrorOf(makeUsecases().setCalendar({ input: { timezone: 'Europe/Moscow', week: {} } }));
    expect(error.code).toBe('calendar.no_business_time');
  });

  it('the compiled calendar is reused while the stored one is unchanged and rebuilt when another process changes it', async () => {
    const calendar = makeUsecases();
    const first = await calendar.getCompiledCalendar();
    expect(await calendar.getCompiledCalendar()).toBe(first);
    await makeUsecases().setCalendar({ input: officeFile });
    const second = await calendar.getCompiledCalendar();
    expect(second).not.toBe(first);
    expect(second.calendar.timezone).toBe('Asia/Yekaterinburg');
    expect(await calendar.getCompiledCalendar()).toBe(second);
  });

  it('previews a due time on the stored calendar: Friday 19:00 Moscow plus 24 business hours is Monday 19:00', async () => {
    const preview = await makeUsecases().previewDue({ start: '2026-11-27T19:00:00+03:00', minutes: 1440 });
    expect(preview).toEqual({ start: Date.parse('2026-11-27T16:00:00Z'), due: Date.parse('2026-11-30T16:00:00Z'), timezone: 'Europe/Moscow' });
  });

  it('previews on an unsaved calendar, reading a start without offset in its zone, and saves nothing', async () => {
    const calendar = makeUsecases();
    const preview = await calendar.previewDue({ start: '2026-11-27T17:30', minutes: 60, calendar: officeFile });
    // Friday 17:30 Yekaterinburg (+05:00): 30 minutes on Friday, 30 on Monday from 09:00.
    expect(new Date(preview.due).toISOString()).toBe('2026-11-30T04:30:00.000Z');
    expect(preview.timezone).toBe('Asia/Yekaterinburg');
    expect(await calendar.getCalendar()).toEqual(DEFAULT_CALENDAR);
  });

  it('a preview refuses a start that is not ISO 8601 and a duration that is not whole positive minutes', async () => {
    const calendar = makeUsecases();
    expect((await appErrorOf(calendar.previewDue({ start: 'next friday', minutes: 60 }))).code).toBe('calendar.invalid_start');
    expect((await appErrorOf(calendar.previewDue({ start: '2026-02-30T10:00', minutes: 60 }))).code).toBe('calendar.invalid_start');
    expect((await appErrorOf(calendar.previewDue({ start: '2026-11-27T19:00', minutes: 0 }))).code).toBe('calendar.invalid_duration');
    expect((await appErrorOf(calendar.previewDue({ start: '2026-11-27T19:00', minutes: 1.5 }))).code).toBe('calendar.invalid_duration');
  });

  it('applying the ru-2026 preset returns an unsaved calendar with the official days off', async () => {
    const calendar = makeUsecases();
    const { calendar: applied } = await calendar.applyPreset({ presetId: 'ru-2026' });
    expect(applied.holidays).toEqual(expect.arrayContaining(['2026-01-01', '2026-01-09', '2026-03-09', '2026-12-31']));
    expect(applied.specialDays['2026-04-30']).toEqual([['00:00', '23:00']]);
    expect(await calendar.getCalendar()).toEqual(DEFAULT_CALENDAR);
    expect(await recomputeJobs()).toHaveLength(0);
  });

  it('an unknown preset is refused as invalid input', async () => {
    const error = await appErrorOf(makeUsecases().applyPreset({ presetId: 'holidays:XX:2026' }));
    expect(error).toMatchObject({ code: 'calendar.unknown_preset', status: 400 });
    expect(error.message).toContain("no holiday data for country 'XX'");
  });

  it('importing an .ics file adds its all-day dates to the holidays, once each and sorted', async () => {
    const base = { ...officeFile, holidays: ['2026-05-01', '2026-01-01'] };
    const { calendar, added } = await makeUsecases().importIcs({ ics: ics('20261231', '20260101', '20260308'), calendar: base });
    expect(calendar.holidays).toEqual(['2026-01-01', '2026-03-08', '2026-05-01', '2026-12-31']);
    expect(added).toEqual(['2026-03-08', '2026-12-31']);
  });

  it('a text that is not an iCalendar file is refused', async () => {
    expect((await appErrorOf(makeUsecases().importIcs({ ics: 'hello' }))).code).toBe('calendar.invalid_ics');
  });

  it('reply targets default to 24 business hours for support kinds and none for suggestions and partnership', async () => {
    expect(await makeUsecases().getReplyTargets()).toEqual({ question: 1440, problem: 1440, emergency: 1440, suggestion: null, partnership: null });
  });

  it('saving reply targets stores them and enqueues the recompute job in the same transaction', async () => {
    const calendar = makeUsecases();
    const targets = { question: 480, problem: 1440, emergency: 60, suggestion: null, partnership: 2880 };
    const saved = await calendar.setReplyTargets({ targets, by: undefined });
    expect(saved.targets).toEqual(targets);
    expect(await calendar.getReplyTargets()).toEqual(targets);
    const queued = await recomputeJobs();
    expect(queued.map((job) => [job.id, JSON.parse(job.payload)])).toEqual([[saved.recomputeJobId, { reason: 'reply_targets' }]]);
    expect((await calendar.setReplyTargets({ targets })).recomputeJobId).toBeNull();
  });

  it('reply targets must name every kind with whole positive minutes or null, and nothing else', async () => {
    const error = await appErrorOf(makeUsecases().setReplyTargets({ targets: { question: 0, problem: 90.5, emergency: 60, suggestion: null, spam: 5 } }));
    expect(error.code).toBe('calendar.invalid_targets');
    expect(error.details?.issues).toEqual([
      { path: 'question', message: 'must be at least 1 minute, or null for no target', code: 'calendar.target_too_small' },
      { path: 'problem', message: 'must be a whole number of business minutes', code: 'calendar.target_not_whole' },
      { path: 'partnership', message: 'missing: give business minutes, or null for no target', code: 'calendar.target_missing' },
      {
        path: 'spam',
        message: 'not a ticket kind (question, problem, emergency, suggestion, partnership)',
        code: 'calendar.not_a_ticket_kind',
        params: { kinds: 'question, problem, emergency, suggestion, partnership' },
      },
    ]);
    expect(await recomputeJobs()).toHaveLength(0);
  });

  it('the recompute job runs and reports its progress; until tickets exist there is nothing to update', async () => {
    const { recomputeJobId } = await makeUsecases().setCalendar({ input: officeFile });
    const logger = createLogger({ level: 'silent' });
    const runner = createJobRunner({
      queue: jobs,
      definitions: [createRecomputeDueJob({ recomputeWaitingReplyDue: recomputeNoWaitingMessages, logger })],
      clock,
      logger,
    });
    expect(await runner.runDue()).toBe(1);
    const job = await jobs.findJob({ id: recomputeJobId! });
    expect(job).toMatchObject({ status: 'done', attempts: 1, last_error: null });
    expect(JSON.parse(job!.progress!)).toEqual({ done: 0, total: 0 });
  });
});

describe('the default of the waiting-message recompute', () => {
  it('reports an empty run and updates nothing', async () => {
    const reports: Array<{ done: number; total: number }> = [];
    expect(await recomputeNoWaitingMessages({ reportProgress: async (progress) => void reports.push(progress) })).toEqual({ updated: 0 });
    expect(reports).toEqual([{ done: 0, total: 0 }]);
  });
});
