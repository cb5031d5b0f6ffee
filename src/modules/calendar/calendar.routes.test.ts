import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, tokenFor, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { createJobRunner } from '../../jobs/jobs.runner.js';
import { createJobRegistry } from '../../jobs/registry.js';
import { DEFAULT_CALENDAR } from './calendar.file.js';
import { RECOMPUTE_DUE_JOB } from './calendar.recompute.js';

const OFFICE = [
  ['09:00', '13:00'],
  ['14:00', '18:00'],
];
const officeFile = {
  timezone: 'Europe/Berlin',
  week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: [], sun: [] },
  holidays: ['2026-12-25', '2026-12-24'],
  specialDays: { '2026-12-31': [['09:00', '12:00']] },
};
const DEFAULT_TARGETS = { question: 1440, problem: 1440, emergency: 1440, suggestion: null, partnership: null };

describe.each(TEST_DIALECTS)('calendar API on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Caller;
  let agent: Caller;
  let customer: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    admin = await signInAs(ctx, { role: 'admin' });
    agent = await signInAs(ctx, { role: 'agent' });
    customer = await signInAs(ctx, { role: 'customer' });
  });
  afterAll(async () => {
    await ctx.close();
  });
  // Each test starts from a new install's settings.
  beforeEach(async () => {
    await ctx.deps.db.deleteFrom('settings').execute();
    await ctx.deps.db.deleteFrom('jobs').execute();
  });

  const putCalendar = (payload: unknown, headers = admin.headers) =>
    ctx.app.inject({ method: 'PUT', url: '/api/v1/calendar', headers, payload: payload as object });

  it('every signed-in role reads the default calendar file: Mon–Fri whole days in Moscow', async () => {
    for (const caller of [admin, agent, customer]) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar', headers: caller.headers });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(DEFAULT_CALENDAR);
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar' })).json().code).toBe('auth.not_signed_in');
  });

  it('an admin saves a calendar and reads it back normalised, with the recompute job named in the headers', async () => {
    const res = await putCalendar(officeFile);
    expect(res.statusCode).toBe(200);
    const saved = { ...officeFile, holidays: ['2026-12-24', '2026-12-25'] };
    expect(res.json()).toEqual(saved);
    const jobId = res.headers['supportdesk-job-id'];
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.link).toBe(`</api/v1/jobs/${jobId}>; rel="monitor"`);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar', headers: customer.headers })).json()).toEqual(saved);
  });

  it('saving the same calendar again queues no job', async () => {
    await putCalendar(officeFile);
    const again = await putCalendar(officeFile);
    expect(again.statusCode).toBe(200);
    expect(again.headers['supportdesk-job-id']).toBeUndefined();
    expect(await ctx.deps.db.selectFrom('jobs').selectAll().where('name', '=', RECOMPUTE_DUE_JOB).execute()).toHaveLength(1);
  });

  it('agents and customers may not change the calendar', async () => {
    for (const caller of [agent, customer]) {
      const res = await putCalendar(officeFile, caller.headers);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('auth.forbidden');
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar', headers: admin.headers })).json()).toEqual(DEFAULT_CALENDAR);
  });

  it('a token narrowed to licenses:write may neither read nor change the calendar', async () => {
    const { headers } = await tokenFor(ctx, { role: 'admin', scopes: ['licenses:write'] });
    for (const res of [await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar', headers }), await putCalendar(officeFile, headers)]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('auth.scope_denied');
    }
  });

  it('an admin token with the whole role may change the calendar without a CSRF token', async () => {
    const { headers } = await tokenFor(ctx, { role: 'admin' });
    expect((await putCalendar(officeFile, headers)).statusCode).toBe(200);
  });

  it('an invalid file answers 400 calendar.invalid_file naming each field', async () => {
    const res = await putCalendar({
      timezone: 'Europe/Moscow',
      week: {
        mon: [
          ['18:00', '09:00'],
          ['10:00', '25:00'],
        ],
      },
      holidays: ['2026-02-30'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.code).toBe('calendar.invalid_file');
    expect(problem.details.issues).toEqual([
      {
        path: 'week.mon[0]',
        message: "start must be before end: ['18:00', '09:00']",
        code: 'calendar.start_not_before_end',
        params: { start: '18:00', end: '09:00' },
      },
      { path: 'week.mon[1][1]', message: "not an end time (HH:MM, 00:00–24:00): '25:00'", code: 'calendar.invalid_end_time', params: { value: '25:00' } },
      { path: 'holidays[0]', message: 'not a date (YYYY-MM-DD)', code: 'calendar.not_a_date', params: { value: '2026-02-30' } },
    ]);
    expect(problem.detail).toContain('week.mon[0]');
  });

  it('a body that is not a calendar at all is an invalid file too', async () => {
    for (const payload of [[], { timezone: 'Europe/Moscow', week: { mon: 'all day' } }, { ...officeFile, colour: 'blue' }]) {
      const res = await putCalendar(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('calendar.invalid_file');
    }
  });

  it('a calendar with no business time answers 400 calendar.no_business_time', async () => {
    const res = await putCalendar({ timezone: 'Europe/Moscow', week: { mon: [], tue: [] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('calendar.no_business_time');
  });

  it('a saved calendar queues calendar.recompute_due in the same transaction; admins, and only admins, follow it', async () => {
    const res = await putCalendar(officeFile);
    const jobId = res.headers['supportdesk-job-id'] as string;
    const job = await ctx.app.inject({ method: 'GET', url: `/api/v1/jobs/${jobId}`, headers: admin.headers });
    expect(job.statusCode).toBe(200);
    expect(job.json()).toEqual({
      id: jobId,
      name: RECOMPUTE_DUE_JOB,
      status: 'queued',
      attempts: 0,
      progress: null,
      lastError: null,
      createdAt: new Date(ctx.clock.now()).toISOString(),
      finishedAt: null,
    });
    for (const caller of [agent, customer]) {
      const denied = await ctx.app.inject({ method: 'GET', url: `/api/v1/jobs/${jobId}`, headers: caller.headers });
      expect(denied.statusCode).toBe(403);
      expect(denied.json().code).toBe('auth.forbidden');
    }
  });

  it('a job that has run shows its progress and when it finished', async () => {
    const jobId = (await putCalendar(officeFile)).headers['supportdesk-job-id'] as string;
    await createJobRunner({ queue: ctx.deps.jobs, ...createJobRegistry(ctx.deps), clock: ctx.clock, logger: ctx.deps.logger }).runDue();
    const job = (await ctx.app.inject({ method: 'GET', url: `/api/v1/jobs/${jobId}`, headers: admin.headers })).json();
    expect(job).toMatchObject({ status: 'done', attempts: 1, progress: { done: 0, total: 0 }, finishedAt: new Date(ctx.clock.now()).toISOString() });
  });

  it('an unknown job is 404 and a malformed id 400', async () => {
    const missing = await ctx.app.inject({ method: 'GET', url: '/api/v1/jobs/00000000-0000-4000-8000-000000000000', headers: admin.headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('jobs.not_found');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/jobs/nope', headers: admin.headers })).json().code).toBe('request.invalid');
  });

  it('staff export the calendar as a calendar.json download', async () => {
    await putCalendar(officeFile);
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar/export', headers: agent.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="calendar.json"');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toContain('"timezone": "Europe/Berlin",\n');
    expect(JSON.parse(res.body)).toEqual({ ...officeFile, holidays: ['2026-12-24', '2026-12-25'] });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar/export', headers: customer.headers })).statusCode).toBe(403);
  });

  it('previews the seed example: Friday 19:00 Moscow plus 1440 business minutes is Monday 19:00', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/preview',
      headers: agent.headers,
      payload: { start: '2026-11-27T19:00:00+03:00', minutes: 1440 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      start: '2026-11-27T16:00:00.000Z',
      due: '2026-11-30T16:00:00.000Z',
      dueLocal: '2026-11-30T19:00:00+03:00',
      timezone: 'Europe/Moscow',
    });
  });

  it('previews on an unsaved calendar, a start without offset being local time in its zone, and saves nothing', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/preview',
      headers: admin.headers,
      payload: { start: '2026-12-23T17:00', minutes: 120, calendar: officeFile },
    });
    // Wednesday 17:00 Berlin: one hour left that day, then the 24th and 25th are holidays.
    expect(res.json()).toEqual({
      start: '2026-12-23T16:00:00.000Z',
      due: '2026-12-28T09:00:00.000Z',
      dueLocal: '2026-12-28T10:00:00+01:00',
      timezone: 'Europe/Berlin',
    });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar', headers: admin.headers })).json()).toEqual(DEFAULT_CALENDAR);
  });

  it('a preview refuses a bad start, a bad duration and a bad unsaved calendar, each with its code', async () => {
    const preview = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/calendar/preview', headers: agent.headers, payload });
    expect((await preview({ start: 'tomorrow', minutes: 60 })).json().code).toBe('calendar.invalid_start');
    expect((await preview({ start: '2026-11-27T19:00', minutes: 0 })).json().code).toBe('request.invalid');
    expect((await preview({ start: '2026-11-27T19:00', minutes: 1.5 })).json().code).toBe('request.invalid');
    const badCalendar = await preview({ start: '2026-11-27T19:00', minutes: 60, calendar: { ...officeFile, timezone: 'Nowhere/City' } });
    expect(badCalendar.statusCode).toBe(400);
    expect(badCalendar.json()).toMatchObject({ code: 'calendar.invalid_file', details: { issues: [{ path: 'timezone' }] } });
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/calendar/preview',
          headers: customer.headers,
          payload: { start: '2026-11-27T19:00', minutes: 60 },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('lists the presets with country names in the caller’s language', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar/presets?language=ru', headers: agent.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.presets.map((preset: { id: string }) => preset.id)).toEqual(['ru-2025', 'ru-2026', 'ru-2027']);
    expect(body.presets[1].note).toBeUndefined();
    expect(body.presets[2].note.ru).toContain('2027');
    expect(body.generic.example).toBe('holidays:DE:2026');
    // date-holidays names a country in Russian where it has the name, else in its own language.
    expect(body.countries.RU).toBe('Россия');
    const english = await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar/presets', headers: agent.headers });
    expect(english.json().countries).toMatchObject({ RU: 'Russia', DE: 'Germany' });
  });

  it('applying ru-2026 returns the calendar with the official days off, unsaved, for the admin to review', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/calendar/apply-preset', headers: admin.headers, payload: { presetId: 'ru-2026' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().holidays).toEqual(expect.arrayContaining(['2026-01-01', '2026-01-09', '2026-02-23', '2026-12-31']));
    expect(res.json().specialDays['2026-11-03']).toEqual([['00:00', '23:00']]);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar', headers: admin.headers })).json()).toEqual(DEFAULT_CALENDAR);
  });

  it('a preset applies to an unsaved calendar when one is given', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/apply-preset',
      headers: admin.headers,
      payload: { presetId: 'holidays:DE:2026', calendar: officeFile },
    });
    expect(res.json().timezone).toBe('Europe/Berlin');
    expect(res.json().holidays).toEqual(expect.arrayContaining(['2026-10-03', '2026-12-24', '2026-12-25', '2026-12-26']));
  });

  it('an unknown preset is 400 calendar.unknown_preset, and only admins apply presets', async () => {
    const unknown = await ctx.app.inject({ method: 'POST', url: '/api/v1/calendar/apply-preset', headers: admin.headers, payload: { presetId: 'ru-1999' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('calendar.unknown_preset');
    const denied = await ctx.app.inject({ method: 'POST', url: '/api/v1/calendar/apply-preset', headers: agent.headers, payload: { presetId: 'ru-2026' } });
    expect(denied.statusCode).toBe(403);
  });

  it('importing an .ics file adds its all-day events as holidays to an unsaved calendar', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Test//EN',
      'BEGIN:VEVENT',
      'UID:a',
      'DTSTAMP:20250101T000000Z',
      'DTSTART;VALUE=DATE:20261231',
      'DTEND;VALUE=DATE:20270102',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:b',
      'DTSTAMP:20250101T000000Z',
      'DTSTART;VALUE=DATE:20261224',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/calendar/import-ics', headers: admin.headers, payload: { ics, calendar: officeFile } });
    expect(res.statusCode).toBe(200);
    expect(res.json().holidays).toEqual(['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01']);
    const onStored = await ctx.app.inject({ method: 'POST', url: '/api/v1/calendar/import-ics', headers: admin.headers, payload: { ics } });
    expect(onStored.json()).toEqual({ ...DEFAULT_CALENDAR, holidays: ['2026-12-24', '2026-12-31', '2027-01-01'] });
  });

  it('a text that is not an .ics file is 400 calendar.invalid_ics', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/calendar/import-ics', headers: admin.headers, payload: { ics: 'BEGIN:VTODO' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('calendar.invalid_ics');
  });

  it('staff read the reply targets; a new install answers the defaults', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/reply-targets', headers: agent.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(DEFAULT_TARGETS);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/reply-targets', headers: customer.headers })).statusCode).toBe(403);
  });

  it('an admin changes the reply targets, which queues the recompute job', async () => {
    const targets = { question: 480, problem: 1440, emergency: 120, suggestion: null, partnership: null };
    const res = await ctx.app.inject({ method: 'PUT', url: '/api/v1/reply-targets', headers: admin.headers, payload: targets });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(targets);
    const jobId = res.headers['supportdesk-job-id'] as string;
    const job = await ctx.deps.jobs.findJob({ id: jobId });
    expect(job?.name).toBe(RECOMPUTE_DUE_JOB);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/reply-targets', headers: agent.headers })).json()).toEqual(targets);
    expect((await ctx.app.inject({ method: 'PUT', url: '/api/v1/reply-targets', headers: agent.headers, payload: targets })).statusCode).toBe(403);
  });

  it('reply targets are refused unless every kind has whole positive minutes or null', async () => {
    const put = (payload: object) => ctx.app.inject({ method: 'PUT', url: '/api/v1/reply-targets', headers: admin.headers, payload });
    for (const payload of [
      { ...DEFAULT_TARGETS, question: 0 },
      { ...DEFAULT_TARGETS, question: '24h' },
      { ...DEFAULT_TARGETS, emergency: 60.5 },
      { question: 1440 },
      { ...DEFAULT_TARGETS, urgent: 30 },
    ]) {
      const res = await put(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('calendar.invalid_targets');
    }
    expect((await put({ ...DEFAULT_TARGETS, question: 0 })).json().details.issues).toEqual([
      { path: 'question', message: 'must be at least 1 minute, or null for no target', code: 'calendar.target_too_small' },
    ]);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/reply-targets', headers: admin.headers })).json()).toEqual(DEFAULT_TARGETS);
  });
});
