import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runDueJobs, TEST_PASSWORD } from '../app.js';
import { h1, screenshot, useServerAndBrowser } from '../browser.js';
import { customerWith, openTicket } from '../tickets.js';
import { expectNoSeriousA11yViolations } from './a11y.js';

// SQLite only: these tests exercise the admin screens in a browser; the calendar and reply-target
// API, the recompute job and their storage are covered on both databases by the API suites.

// Not the calendar's zone (Europe/Moscow), so the test sees that the screens show the calendar's times, not the browser's.
const BROWSER_ZONE = 'America/New_York';

const web = useServerAndBrowser({ timezoneId: BROWSER_ZONE });
const openFreshPage = () => web.openFreshPage();

let people = 0;

/** A new person of the role, signed in through the sign-in page that `path` sends them to. */
async function signInAt(page: Page, { role, path }: { role: 'admin' | 'agent'; path: string }): Promise<string> {
  const email = `${role}-${++people}@example.test`;
  await web.server.ctx.deps.accounts.createUser({ role, email, name: `Test ${role} ${people}`, password: TEST_PASSWORD });
  await page.goto(`${web.server.url}${path}`);
  await h1(page, 'Sign in').waitFor();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  return email;
}

function previewSentence(page: Page) {
  return page.locator('.preview-sentence');
}

/** Runs the queued background jobs, as the worker process would. */
async function runJobs(): Promise<void> {
  await runDueJobs(web.server.ctx);
}

async function resetSettings(): Promise<void> {
  const { ctx } = web.server;
  await ctx.deps.calendar.setCalendar({
    input: {
      timezone: 'Europe/Moscow',
      week: { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']], wed: [['00:00', '24:00']], thu: [['00:00', '24:00']], fri: [['00:00', '24:00']] },
    },
  });
  await ctx.deps.calendar.setReplyTargets({ targets: { question: 1440, problem: 1440, emergency: 1440, suggestion: null, partnership: null } });
  await runJobs();
}

describe('the admin screens in a browser', () => {
  it('an admin adds a holiday to the draft and sees the preview move, applies the 2026 preset, saves, and watches the recompute finish', async () => {
    await resetSettings();
    const { ctx } = web.server;
    // A question waiting for a reply, due Monday 19:00 Moscow on the default calendar.
    const customer = await customerWith(ctx, 'fresh');
    const opened = await openTicket(ctx, customer);
    expect(opened.statusCode).toBe(201);
    const ticket = opened.json() as { id: string; replyDueAt: string };
    expect(ticket.replyDueAt).toBe('2026-11-30T16:00:00.000Z');

    const { page, problems } = await openFreshPage();
    await signInAt(page, { role: 'admin', path: '/admin/calendar' });
    await h1(page, 'Business calendar').waitFor();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).getAttribute('aria-current')).resolves.toBe('page');

    // The seed's example on the default calendar, in Moscow time though the browser is in New York.
    await expect.poll(() => previewSentence(page).textContent()).toBe('A question arriving Fri 27 Nov, 19:00 GMT+3 is due Mon 30 Nov, 19:00 GMT+3');
    await expect(page.getByLabel('Arrives at (Europe/Moscow time)').inputValue()).resolves.toBe('2026-11-27T19:00');
    await expect(page.getByLabel('Business minutes until due').inputValue()).resolves.toBe('1440');
    await expect(page.getByRole('button', { name: 'Save the calendar' }).isDisabled()).resolves.toBe(true);
    await expectNoSeriousA11yViolations(page, 'the calendar page');
    await screenshot(page, 'admin-calendar');

    await page.getByLabel('Holiday date').fill('2026-11-30');
    await page.getByRole('button', { name: 'Add holiday', exact: true }).click();
    await page.getByRole('button', { name: 'Remove holiday Mon, 30 Nov 2026' }).waitFor();
    await expect.poll(() => previewSentence(page).textContent()).toBe('A question arriving Fri 27 Nov, 19:00 GMT+3 is due Tue 1 Dec, 19:00 GMT+3');
    await page.getByText('Unsaved changes', { exact: true }).waitFor();
    // Only a draft so far: nothing is saved until the admin says so.
    expect((await ctx.deps.calendar.getCalendar()).holidays).toEqual([]);
    await screenshot(page, 'admin-calendar-holiday');

    await expect(page.getByLabel('Production calendar').inputValue()).resolves.toBe('ru-2026');
    await page.getByRole('button', { name: 'Apply calendar', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Applied “Russia, production calendar 2026” to the draft.' }).waitFor();
    await page.getByRole('button', { name: 'Remove holiday Wed, 4 Nov 2026' }).waitFor();
    await page.getByRole('button', { name: 'Remove holiday Mon, 30 Nov 2026' }).waitFor();
    await expect(page.getByLabel('Tue, 3 Nov 2026, interval 1, To').inputValue()).resolves.toBe('23:00');
    await expect.poll(() => previewSentence(page).textContent()).toBe('A question arriving Fri 27 Nov, 19:00 GMT+3 is due Tue 1 Dec, 19:00 GMT+3');

    const saving = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/v1/calendar' && res.request().method() === 'PUT');
    await page.getByRole('button', { name: 'Save the calendar' }).click();
    const saved = await saving;
    expect(saved.status()).toBe(200);
    const jobId = saved.headers()['supportdesk-job-id'];
    expect(jobId).toBeTruthy();
    await page.getByRole('status').filter({ hasText: 'The calendar is saved.' }).waitFor();
    // No worker runs in the test server, so the job waits until the test runs it: the page shows that, then the result.
    await page.getByText('Waiting for the background worker to recompute reply-due times…').waitFor();
    await page.getByText('No unsaved changes', { exact: true }).waitFor();
    const stored = await ctx.deps.calendar.getCalendar();
    expect(stored.holidays).toContain('2026-11-30');
    expect(stored.holidays).toContain('2026-11-04');
    // The shortened day before 4 November ends an hour early.
    expect(stored.specialDays['2026-11-03']).toEqual([['00:00', '23:00']]);

    await runJobs();
    await page.getByText('Recomputed reply-due times of 1 waiting ticket.').waitFor();
    const waiting = await ctx.deps.db
      .selectFrom('ticket_messages')
      .select('reply_due_at')
      .where('ticket_id', '=', ticket.id)
      .where('is_waiting', '=', 1)
      .executeTakeFirstOrThrow();
    expect(waiting.reply_due_at).toBe(Date.parse('2026-12-01T16:00:00Z'));
    await expectNoSeriousA11yViolations(page, 'the calendar page with a preset applied and saved');
    await screenshot(page, 'admin-calendar-saved');

    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await expectNoSeriousA11yViolations(page, 'the calendar page on a phone');
    await screenshot(page, 'admin-calendar-phone');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("an interval that ends before it starts shows the server's message beside the field and in the summary", async () => {
    await resetSettings();
    const { page, problems } = await openFreshPage();
    await signInAt(page, { role: 'admin', path: '/admin/calendar' });
    await h1(page, 'Business calendar').waitFor();
    await expect.poll(() => previewSentence(page).textContent()).toContain('is due Mon 30 Nov, 19:00 GMT+3');

    const from = page.getByLabel('Monday, interval 1, From');
    const to = page.getByLabel('Monday, interval 1, To');
    await from.fill('10:00');
    const checked = page.waitForResponse(
      (res) => new URL(res.url()).pathname === '/api/v1/calendar/preview' && res.status() === 400 && res.request().postData()?.includes('"09:00"') === true,
    );
    await to.fill('09:00');
    const problem = (await (await checked).json()) as { code: string; details: { issues: { path: string; code: string }[] } };
    expect(problem.code).toBe('calendar.invalid_file');
    expect(problem.details.issues).toEqual([
      {
        path: 'week.mon[0]',
        message: "start must be before end: ['10:00', '09:00']",
        code: 'calendar.start_not_before_end',
        params: { start: '10:00', end: '09:00' },
      },
    ]);
    // Shown from the web app's own words for the code, not the server's English.
    const message = 'The start (10:00) must be before the end (09:00).';

    await expect.poll(() => to.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await to.getAttribute('aria-describedby');
    await expect(page.locator(`[id="${describedBy}"]`).textContent()).resolves.toBe(message);
    const summary = page.getByRole('alert').filter({ hasText: 'The calendar has problems' });
    await expect(summary.getByRole('listitem').textContent()).resolves.toBe(`Monday, interval 1: ${message}`);
    await page.getByText("Fix the calendar's problems to see the preview.").waitFor();

    // Saving is refused the same way, and focus moves to the summary; its link leads to the field.
    await page.getByRole('button', { name: 'Save the calendar' }).click();
    await expect.poll(() => summary.evaluate((element) => element === document.activeElement)).toBe(true);
    await summary.getByRole('link', { name: 'Monday, interval 1' }).click();
    await expect.poll(() => from.evaluate((element) => element === document.activeElement)).toBe(true);
    await expectNoSeriousA11yViolations(page, 'the calendar page with an invalid interval');
    await screenshot(page, 'admin-calendar-invalid');
    expect((await web.server.ctx.deps.calendar.getCalendar()).week.mon).toEqual([['00:00', '24:00']]);

    // Discard returns to the saved calendar and the problems go with the draft.
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect(from.inputValue()).resolves.toBe('00:00');
    await expect.poll(() => previewSentence(page).textContent()).toBe('A question arriving Fri 27 Nov, 19:00 GMT+3 is due Mon 30 Nov, 19:00 GMT+3');
    await expect(summary.count()).resolves.toBe(0);

    expect(problems).toEqual([]);
    await page.close();
  });

  it('an admin adds holidays from an .ics file, replaces the draft with a calendar file, downloads the saved calendar, and is asked before leaving unsaved changes', async () => {
    await resetSettings();
    const { page, problems } = await openFreshPage();
    await signInAt(page, { role: 'admin', path: '/admin/calendar' });
    await h1(page, 'Business calendar').waitFor();
    await expect.poll(() => previewSentence(page).textContent()).toContain('is due Mon 30 Nov, 19:00 GMT+3');

    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Test//EN',
      'BEGIN:VEVENT',
      'UID:monday',
      'DTSTAMP:20260101T000000Z',
      'DTSTART;VALUE=DATE:20261130',
      'SUMMARY:Company day',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    await page.getByLabel('Holidays from an .ics file').setInputFiles({ name: 'days.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
    await page.getByRole('status').filter({ hasText: 'Added 1 holiday from the file.' }).waitFor();
    await page.getByRole('button', { name: 'Remove holiday Mon, 30 Nov 2026' }).waitFor();
    await expect.poll(() => previewSentence(page).textContent()).toBe('A question arriving Fri 27 Nov, 19:00 GMT+3 is due Tue 1 Dec, 19:00 GMT+3');

    // A calendar file replaces the whole draft: office hours in Berlin, so the Friday-evening question waits for Monday 09:00.
    const office = { timezone: 'Europe/Berlin', week: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']] } };
    const file = (name: string, value: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(value)) });
    await page.getByLabel('Calendar file (.json)').setInputFiles(file('office.json', office));
    await page.getByRole('status').filter({ hasText: 'Loaded office.json into the draft.' }).waitFor();
    await expect(page.getByLabel('Time zone', { exact: true }).inputValue()).resolves.toBe('Europe/Berlin');
    await expect(page.getByLabel('Arrives at (Europe/Berlin time)').inputValue()).resolves.toBe('2026-11-27T19:00');
    await expect.poll(() => previewSentence(page).textContent()).toBe('A question arriving Fri 27 Nov, 19:00 CET is due Wed 2 Dec, 17:00 CET');
    await page.getByText('No holidays.', { exact: true }).waitFor();

    // A file whose shape is not a calendar's leaves the draft alone and says what the server found.
    await page.getByLabel('Calendar file (.json)').setInputFiles(file('broken.json', { timezone: 3, week: {} }));
    const refused = page.getByRole('alert').filter({ hasText: 'broken.json is not a calendar file.' });
    await refused.waitFor();
    await expect(refused.getByRole('listitem').first().textContent()).resolves.toMatch(/^timezone: /);
    await expect(page.getByLabel('Time zone', { exact: true }).inputValue()).resolves.toBe('Europe/Berlin');
    await screenshot(page, 'admin-calendar-import');

    // Export gives the saved calendar, not the draft.
    const download = await page.request.get(`${web.server.url}/api/v1/calendar/export`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toBe('attachment; filename="calendar.json"');
    expect((JSON.parse(await download.text()) as { timezone: string }).timezone).toBe('Europe/Moscow');
    await expect(page.getByRole('link', { name: 'Download the saved calendar (calendar.json)' }).getAttribute('href')).resolves.toBe('/api/v1/calendar/export');

    // The draft is unsaved: going elsewhere in the app asks first.
    const targetsLink = page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Reply targets' });
    await targetsLink.click();
    const question = page.getByRole('alert').filter({ hasText: 'Leave this page?' });
    await question.waitFor();
    await question.getByRole('button', { name: 'Stay and keep editing' }).click();
    await question.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe('/admin/calendar');
    await expect(page.getByLabel('Time zone', { exact: true }).inputValue()).resolves.toBe('Europe/Berlin');
    await targetsLink.click();
    await question.getByRole('button', { name: 'Leave without saving' }).click();
    await h1(page, 'Reply targets').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an admin changes the question target to 480 minutes and saves it', async () => {
    await resetSettings();
    const { page, problems } = await openFreshPage();
    await signInAt(page, { role: 'admin', path: '/admin/calendar' });
    await h1(page, 'Business calendar').waitFor();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Reply targets' }).click();
    await h1(page, 'Reply targets').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/reply-targets');

    const question = page.getByLabel('Question', { exact: true });
    await expect(question.inputValue()).resolves.toBe('1440');
    await expect(page.getByLabel('Suggestion', { exact: true }).inputValue()).resolves.toBe('');
    await question.fill('480');
    await page.getByText('8 h of business time', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Save the targets' }).click();
    await page.getByRole('status').filter({ hasText: 'The reply targets are saved.' }).waitFor();
    await expect.poll(async () => (await web.server.ctx.deps.calendar.getReplyTargets()).question).toBe(480);
    await runJobs();
    await page.getByText(/^Recomputed reply-due times of \d+ waiting tickets?\.$|^No tickets are waiting/).waitFor();
    await expectNoSeriousA11yViolations(page, 'the reply targets page');
    await screenshot(page, 'admin-reply-targets');

    // A value the server refuses comes back beside its field.
    await page.getByLabel('Emergency', { exact: true }).fill('9999999');
    await page.getByRole('button', { name: 'Save the targets' }).click();
    await page.getByText('Use at most 527040 minutes (366 days).').waitFor();
    await expect(page.getByLabel('Emergency', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an agent cannot reach the admin pages and is not offered them', async () => {
    const { page, problems } = await openFreshPage();
    await signInAt(page, { role: 'agent', path: '/admin/calendar' });
    await h1(page, 'Agent workspace').waitFor();
    expect(new URL(page.url()).pathname).toBe('/agent');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).resolves.toBe(0);
    await page.goto(`${web.server.url}/admin/reply-targets`);
    await h1(page, 'Agent workspace').waitFor();
    expect(new URL(page.url()).pathname).toBe('/agent');
    expect(problems).toEqual([]);
    await page.close();
  });
});
