import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/db/types.js';
import { TEST_PASSWORD } from '../app.js';
import { buildWebOnce, h1, launchBrowser, launchChromium, openSignedInPage, removeWebBuild, type OpenPage } from '../browser.js';
import { startTestServer, type TestServer } from '../server.js';

// The help center's "Done when" (issue 19), in a real browser on SQLite: an admin writes an article
// in both languages and publishes it; an anonymous visitor finds it in both languages with JavaScript
// off; a customer typing a matching subject is shown it, opens it and leaves (one avoided request);
// an agent inserts its link into a reply. The tests run in order: each uses the article of the first.

let server: TestServer;
let staffBrowser: BrowserContext;
let customerBrowser: BrowserContext;
let noScript: Browser;
const people: Record<'admin' | 'agent' | 'customer', User> = {} as never;
let articleUrl = '';

beforeAll(async () => {
  const webDir = await buildWebOnce();
  server = await startTestServer({ dialect: 'sqlite', webDir });
  articleUrl = `${server.url}/help/articles/renew-license`;
  [staffBrowser, customerBrowser, noScript] = await Promise.all([
    launchBrowser({ locale: 'en-US', timezoneId: 'Europe/Moscow' }),
    launchBrowser({ locale: 'en-US', timezoneId: 'Europe/Moscow' }),
    launchChromium(),
  ]);
  const make = async (role: 'agent' | 'admin' | 'customer', email: string, name: string) =>
    (await server.ctx.deps.accounts.createUser({ role, email, name, password: TEST_PASSWORD, timeZone: 'Europe/Moscow' })).user;
  people.admin = await make('admin', 'hadmin@example.test', 'Helen Admin');
  people.agent = await make('agent', 'hagent@example.test', 'Hugo Agent');
  people.customer = await make('customer', 'hcust@example.test', 'Hanna Customer');
}, 180_000);

afterAll(async () => {
  await staffBrowser?.close();
  await customerBrowser?.close();
  await noScript?.close();
  await server?.close();
  await removeWebBuild();
});

const openAs = (browser: BrowserContext, user: User): Promise<OpenPage> =>
  openSignedInPage({ browser, baseUrl: server.url, email: user.email, password: TEST_PASSWORD });

describe('the help center in a browser', () => {
  it('an admin adds a section, writes an article in English and Russian and publishes it', async () => {
    const { page, problems } = await openAs(staffBrowser, people.admin);
    await page.goto(`${server.url}/agent/help`);
    await h1(page, 'Help center').waitFor();
    await page.getByLabel('Category name in English').fill('Licenses');
    await page.getByLabel('Category name in Russian').fill('Лицензии');
    await page.getByLabel('Section name in English').fill('Renewal');
    await page.getByLabel('Section name in Russian').fill('Продление');
    await page.getByRole('button', { name: 'Add section' }).click();
    await page.getByRole('link', { name: 'New article' }).click();
    await h1(page, 'Help article').waitFor();
    await page.getByLabel('Address (slug)').fill('renew-license');
    await page.getByLabel('Title in English').fill('How to renew a license');
    await page.getByLabel('Text in English').fill('Open the **shop** and pay for the renewal.');
    await page.getByLabel('Title in Russian').fill('Как продлить лицензию');
    await page.getByLabel('Text in Russian').fill('Откройте магазин и оплатите продление.');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published.').waitFor();
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('.markdown strong', { hasText: 'shop' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Helen Admin' }).first().waitFor(); // the revision, with who
    const stored = await server.ctx.deps.db.selectFrom('help_articles').selectAll().where('slug', '=', 'renew-license').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'published', title_en: 'How to renew a license', title_ru: 'Как продлить лицензию' });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an anonymous visitor with JavaScript off finds it by search in English and in Russian', async () => {
    const context = await noScript.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(8_000);
      await page.goto(`${server.url}/help?lang=en`);
      await h1(page, 'Help center').waitFor();
      await page.getByRole('searchbox', { name: 'Search the help center' }).fill('renew license');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: 'How to renew a license' }).click();
      await h1(page, 'How to renew a license').waitFor();
      expect(await page.title()).toBe('How to renew a license — Help center');

      await page.goto(`${server.url}/help?lang=ru`);
      await page.getByRole('searchbox', { name: 'Поиск по справочному центру' }).fill('продлить лицензию');
      await page.getByRole('button', { name: 'Найти' }).click();
      await page.getByRole('link', { name: 'Как продлить лицензию' }).click();
      await h1(page, 'Как продлить лицензию').waitFor();

      // "Was this helpful?" works without JavaScript too.
      await page.getByLabel('Нет').check();
      await page.getByLabel('Комментарий (необязательно)').fill('Нет цены');
      await page.getByRole('button', { name: 'Отправить' }).click();
      await page.getByText('Спасибо за отзыв.').waitFor();
      const feedback = await server.ctx.deps.db.selectFrom('help_feedback').selectAll().execute();
      expect(feedback).toEqual([expect.objectContaining({ is_helpful: 0, comment: 'Нет цены', language: 'ru' })]);
    } finally {
      await context.close();
    }
  });

  it('a customer typing a matching subject sees the article, opens it and leaves: one avoided request', async () => {
    const { page, problems } = await openAs(customerBrowser, people.customer);
    await page.goto(`${server.url}/account/tickets/new`);
    await page.getByRole('radio', { name: /^Suggestion/ }).check();
    await page.getByLabel('Subject').pressSequentially('renew my license', { delay: 20 });
    const suggestions = page.getByRole('complementary', { name: 'These articles may answer your question' });
    const link = suggestions.getByRole('link', { name: 'How to renew a license' });
    await link.waitFor();
    const [article] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await article.waitForLoadState();
    expect(article.url()).toBe(`${articleUrl}?lang=en`);
    await article.close();
    await page.goto(`${server.url}/account`); // leaves the form without sending
    await expect.poll(async () => (await server.ctx.deps.helpReading.stats({ from: 0, to: Date.now() * 2 })).requestsAvoided, { timeout: 8_000 }).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an agent finds the article from the composer and inserts its link in the customer’s language', async () => {
    const { ticket } = await server.ctx.deps.tickets.createTicket({ actor: people.customer, kind: 'suggestion', subject: 'Renewal', body: 'How do I renew?' });
    const { page, problems } = await openAs(staffBrowser, people.agent);
    await page.goto(`${server.url}/agent/tickets/${ticket.id}`);
    await page.getByText('Help articles', { exact: true }).click();
    await page.getByLabel('Search help articles').fill('renew');
    await page.getByRole('button', { name: 'Insert link' }).click();
    const reply = page.getByLabel('Your reply');
    await expect.poll(() => reply.inputValue()).toContain(`[How to renew a license](${articleUrl}?lang=en)`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText('Sent.').waitFor();
    const messages = await server.ctx.deps.db
      .selectFrom('ticket_messages')
      .select('body')
      .where('ticket_id', '=', ticket.id)
      .where('author_role', '=', 'agent')
      .execute();
    expect(messages.map((m) => m.body)).toEqual([`[How to renew a license](${articleUrl}?lang=en)`]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
