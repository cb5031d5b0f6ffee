import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/db/types.js';
import { lastMailLink, TEST_PASSWORD } from '../app.js';
import { buildWebOnce, h1, launchBrowser, openFreshPage, openSignedInPage, removeWebBuild, screenshot, type OpenPage } from '../browser.js';
import { startTestServer, type TestServer } from '../server.js';
import { giveLicense } from '../tickets.js';
import { expectNoSeriousA11yViolations } from './a11y.js';

// The customer's side and the first day, in a real browser on SQLite. The clock stands at Friday
// 2026-11-27 19:00 Moscow; the browsers sit in New York so that every time shown must come from
// the account's zone and say which zone it is.
const BROWSER_ZONE = 'America/New_York';

let server: TestServer;
let firstBrowser: BrowserContext;
let secondBrowser: BrowserContext;
const people: Record<'agent' | 'admin' | 'maria' | 'nina' | 'olga', User> = {} as never;

beforeAll(async () => {
  const webDir = await buildWebOnce();
  server = await startTestServer({ dialect: 'sqlite', webDir });
  [firstBrowser, secondBrowser] = await Promise.all([
    launchBrowser({ locale: 'en-US', timezoneId: BROWSER_ZONE }),
    launchBrowser({ locale: 'en-US', timezoneId: BROWSER_ZONE }),
  ]);
  const make = async (role: 'agent' | 'admin' | 'customer', email: string, name: string, extra: { language?: 'en' | 'ru' } = {}) =>
    (await server.ctx.deps.accounts.createUser({ role, email, name, password: TEST_PASSWORD, timeZone: 'Europe/Moscow', ...extra })).user;
  people.agent = await make('agent', 'anton@example.test', 'Anton Agent');
  people.admin = await make('admin', 'ada@example.test', 'Ада Админова', { language: 'ru' });
  people.maria = await make('customer', 'maria@example.test', 'Maria Moscow');
  people.nina = await make('customer', 'nina@example.test', 'Nina New');
  people.olga = await make('customer', 'olga@example.test', 'Ольга Петрова', { language: 'ru' });
  for (const [person, key] of [
    [people.maria, 'MARIA-1'],
    [people.nina, 'NINA-1'],
    [people.olga, 'OLGA-1'],
  ] as const) {
    await giveLicense(server.ctx, { email: person.email, key, purchasedOn: '2026-06-01', domains: [`${key.toLowerCase()}.example.test`] });
  }
}, 120_000);

afterAll(async () => {
  await firstBrowser?.close();
  await secondBrowser?.close();
  await server?.close();
  await removeWebBuild();
});

function openAs(browser: BrowserContext, user: User): Promise<OpenPage> {
  return openSignedInPage({ browser, baseUrl: server.url, email: user.email, password: TEST_PASSWORD });
}

async function switchLanguage(page: Page, name: 'English' | 'Русский'): Promise<void> {
  await page.getByRole('button', { name }).click();
}

describe('the customer side in a browser', () => {
  it('a declined request reads "Declined" with its reason, asks for no rating, and the customer’s answer reopens it', async () => {
    const { ticket } = await server.ctx.deps.tickets.createTicket({
      actor: people.maria,
      kind: 'problem',
      subject: 'It does not work',
      body: 'Nothing works.',
    });
    await server.ctx.deps.tickets.declineTicket({ actor: people.agent, ticketId: ticket.id, reason: 'unclear', note: 'Which page, and what did you do?' });

    const { page, problems } = await openAs(firstBrowser, people.maria);
    await page.goto(`${server.url}/account`);
    await page.locator('.ticket-card', { hasText: 'It does not work' }).getByText('Declined', { exact: true }).waitFor();
    await page.getByRole('link', { name: /It does not work/ }).click();
    await h1(page, 'It does not work').waitFor();
    await page.locator('.badge', { hasText: 'Declined' }).waitFor();
    const card = page.getByRole('region', { name: 'Declined' });
    await card.getByText('Reason: the problem was not clear from the message').waitFor();
    await card.getByText('We could not understand the problem from your message.').waitFor();
    await card.getByText('Which page, and what did you do?').waitFor();
    await expect(page.getByRole('heading', { name: 'Rate the answer' }).count()).resolves.toBe(0);
    await page.getByRole('heading', { name: 'Answer with more information' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'a declined request');
    await screenshot(page, 'account-declined');

    await page.getByRole('textbox', { name: 'Your message' }).fill('The catalog page /catalog/ shows error 500 after I click page 2.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('.badge', { hasText: 'Under review' }).waitFor();
    await expect(card.count()).resolves.toBe(0);
    // Reopened with a new reply clock: Friday 19:00 Moscow plus 24 business hours, in the account's zone.
    await expect(page.getByTestId('reply-due').textContent()).resolves.toBe('We will reply by Mon 30 Nov, 19:00 GMT+3');
    const stored = await server.ctx.deps.db.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'open', resolution: null, decline_reason: null });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the support rules are asked once per account: a second browser goes straight to the form', async () => {
    const first = await openAs(firstBrowser, people.nina);
    await first.page.goto(`${server.url}/account/tickets/new`);
    await h1(first.page, 'New request').waitFor();
    await first.page.getByRole('radio', { name: /^Question/ }).check();
    await first.page.getByRole('heading', { name: 'Support rules' }).waitFor();
    await first.page.getByRole('button', { name: 'Continue' }).click();
    await first.page.getByText('Tick the box to confirm you have read the rules.').waitFor();
    await first.page.getByLabel('I have read the support rules').check();
    await first.page.getByRole('button', { name: 'Continue' }).click();
    await first.page.getByRole('heading', { name: 'Ask a question', level: 2 }).waitFor();
    await first.page.close();
    const stored = await server.ctx.deps.db.selectFrom('users').selectAll().where('id', '=', people.nina.id).executeTakeFirstOrThrow();
    expect(stored.rules_version).not.toBeNull();
    expect(stored.rules_acknowledged_at).toBe(server.ctx.clock.now());

    const second = await openAs(secondBrowser, people.nina);
    await second.page.goto(`${server.url}/account/tickets/new`);
    await second.page.getByRole('radio', { name: /^Problem/ }).check();
    await second.page.getByRole('heading', { name: 'Report a problem', level: 2 }).waitFor();
    await expect(second.page.getByRole('heading', { name: 'Support rules' }).count()).resolves.toBe(0);
    // The form speaks of the kind chosen: a problem's words, then a suggestion's, without license fields.
    await second.page.getByLabel('What happened').waitFor();
    await second.page.getByRole('button', { name: 'Report the problem' }).waitFor();
    await second.page.getByLabel('License').waitFor();
    await second.page.getByRole('radio', { name: /^Suggestion/ }).check();
    await second.page.getByLabel('Your idea').waitFor();
    await expect(second.page.getByLabel('License').count()).resolves.toBe(0);
    await second.page.getByLabel('Subject').fill('Dark theme');
    await second.page.getByLabel('Your idea').fill('Please add a dark theme.');
    await expectNoSeriousA11yViolations(second.page, 'the new request form for a suggestion');
    await screenshot(second.page, 'account-new-suggestion');
    await second.page.getByRole('button', { name: 'Send the suggestion' }).click();
    await h1(second.page, 'Dark theme').waitFor();
    expect([...first.problems, ...second.problems]).toEqual([]);
    await second.page.close();
  });

  it('a suggestion through the public form opens once the address is confirmed by the mailed link', async () => {
    const { page, problems } = await openFreshPage({ browser: firstBrowser, baseUrl: server.url });
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('link', { name: 'Suggest an idea' }).click();
    await h1(page, 'Suggest an idea or a partnership').waitFor();
    // Errors are messages, not text: they follow a switch of language.
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.locator('.field-error').first().textContent()).resolves.toBe('Fill this in.');
    await switchLanguage(page, 'Русский');
    await h1(page, 'Предложить идею или сотрудничество').waitFor();
    await expect(page.locator('.field-error').first().textContent()).resolves.toBe('Заполните это поле.');
    await switchLanguage(page, 'English');

    await page.getByRole('radio', { name: /^A partnership proposal/ }).check();
    await page.getByLabel('Your name').fill('Paul Partner');
    await page.getByLabel('Your email').fill('paul@agency.example.test');
    await page.getByLabel('Subject').fill('Reselling your CMS');
    await page.getByLabel('Your proposal').fill('We build 20 shops a year and would like to resell licenses.');
    await expectNoSeriousA11yViolations(page, 'the public suggestion form');
    await screenshot(page, 'suggest-form');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await h1(page, 'Check your mail').waitFor();
    await page.getByText('We sent a link to paul@agency.example.test.').waitFor();
    expect(await server.ctx.deps.db.selectFrom('tickets').select('id').where('subject', '=', 'Reselling your CMS').execute()).toEqual([]);

    const link = await lastMailLink(server.ctx, { to: 'paul@agency.example.test', template: 'suggestion_confirm' });
    await page.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
    await page.getByText(/Thank you! Your partnership proposal is sent as request #\d+\./).waitFor();
    await page.getByText('We opened a Personal Account for this address').waitFor();
    await screenshot(page, 'suggest-confirmed');
    const ticket = await server.ctx.deps.db
      .selectFrom('tickets')
      .innerJoin('users', 'users.id', 'tickets.customer_id')
      .select(['tickets.kind', 'users.email', 'users.name'])
      .where('tickets.subject', '=', 'Reselling your CMS')
      .executeTakeFirstOrThrow();
    expect(ticket).toEqual({ kind: 'partnership', email: 'paul@agency.example.test', name: 'Paul Partner' });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('in the Russian UI a validation error from the server is shown in Russian, and again in English after a switch', async () => {
    const { page, problems } = await openAs(firstBrowser, people.admin);
    await page.goto(`${server.url}/admin/calendar`);
    await h1(page, 'Рабочий календарь').waitFor();
    const from = page.getByLabel('Понедельник, интервал 1, С');
    const to = page.getByLabel('Понедельник, интервал 1, По');
    await from.fill('10:00');
    const refused = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/v1/calendar/preview' && res.status() === 400);
    await to.fill('09:00');
    await refused;
    const summary = page.getByRole('alert').filter({ hasText: 'В календаре есть ошибки' });
    await expect(summary.getByRole('listitem').textContent()).resolves.toBe('Понедельник, интервал 1: Начало (10:00) должно быть раньше окончания (09:00).');
    await expect(page.locator('body').textContent()).resolves.not.toContain('start must be before end');
    await expectNoSeriousA11yViolations(page, 'a server validation error in Russian');
    await screenshot(page, 'admin-calendar-invalid-ru');
    await switchLanguage(page, 'English');
    const english = page.getByRole('alert').filter({ hasText: 'The calendar has problems' });
    await expect(english.getByRole('listitem').textContent()).resolves.toBe('Monday, interval 1: The start (10:00) must be before the end (09:00).');
    await switchLanguage(page, 'Русский');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("the admin's home lists the first steps and warns that the calendar has no holidays for this year and the next", async () => {
    const { page, problems } = await openAs(secondBrowser, people.admin);
    await page.goto(`${server.url}/`);
    await h1(page, 'Администрирование').waitFor();
    await switchLanguage(page, 'English');
    await h1(page, 'Administration').waitFor();
    await page.getByText('1 of 4 done').waitFor(); // an agent exists; nothing else is set up
    await page.getByText('The business calendar names no public holidays for 2026, 2027, which begin within 60 days.').waitFor();
    await expectNoSeriousA11yViolations(page, "the admin's home");
    await screenshot(page, 'admin-home');
    await switchLanguage(page, 'Русский');
    expect(problems).toEqual([]);
    await page.close();
  });
});
