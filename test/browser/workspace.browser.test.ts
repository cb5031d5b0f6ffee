import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket, User } from '../../src/db/types.js';
import { TEST_PASSWORD } from '../app.js';
import { buildWebOnce, launchChromium, removeWebBuild, type OpenPage } from '../browser.js';
import { startTestServer, type TestServer } from '../server.js';
import { giveLicense } from '../tickets.js';

// The agent workspace through a working day (issue 12): finding tickets, bulk actions, saved views,
// the ticket page's moves, and how the app behaves when the server throttles it. SQLite only: the
// rules behind these screens are covered on both databases by the API suites.

let server: TestServer;
let browser: Browser;
const people = {} as Record<'agent' | 'bella' | 'admin' | 'maria' | 'olga', User>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const webDir = await buildWebOnce();
  server = await startTestServer({ dialect: 'sqlite', webDir });
  browser = await launchChromium();
  const { accounts } = server.ctx.deps;
  const make = async (role: User['role'], email: string, name: string, language: 'en' | 'ru' = 'en') =>
    (await accounts.createUser({ role, email, name, password: TEST_PASSWORD, timeZone: 'Europe/Moscow', language })).user;
  people.agent = await make('agent', 'anton@example.test', 'Anton Agent');
  people.bella = await make('agent', 'bella@example.test', 'Bella Agent');
  people.admin = await make('admin', 'ada@example.test', 'Ada Admin');
  people.maria = await make('customer', 'maria@example.test', 'Maria Moscow');
  people.olga = await make('customer', 'olga@example.test', 'Ольга Петрова', 'ru');
  await giveLicense(server.ctx, { email: people.maria.email, key: 'MARIA-PRO-1', purchasedOn: '2026-06-01', domains: ['shop.maria.test'] });
  await giveLicense(server.ctx, { email: people.olga.email, key: 'OLGA-PRO-7', purchasedOn: '2026-06-01', domains: ['olga-shop.test'] });
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  await removeWebBuild();
});

/** A tab in a profile of its own, signed in as `user`, recording script errors and console errors. */
async function openAs(user: User, { width = 1366, height = 900 }: { width?: number; height?: number } = {}): Promise<OpenPage> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Moscow', viewport: { width, height } });
  contexts.push(context);
  const res = await context.request.post(`${server.url}/api/v1/auth/sign-in`, { data: { email: user.email, password: TEST_PASSWORD } });
  if (res.status() !== 200) throw new Error(`signing in as ${user.email}: ${res.status()}`);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  return { page, problems };
}

async function ask(customer: User, subject: string, kind: Ticket['kind'] = 'question'): Promise<Ticket> {
  const license = await server.ctx.deps.db.selectFrom('licenses').select('key').where('customer_id', '=', customer.id).executeTakeFirst();
  const { ticket } = await server.ctx.deps.tickets.createTicket({
    actor: customer,
    kind,
    subject,
    body: `${subject}. Details follow.`,
    licenseKey: license?.key,
  });
  return ticket;
}

function queueCount(page: Page, name: string) {
  return page.locator('.queue-nav a', { hasText: name }).locator('.count');
}

describe('when the server throttles the app', () => {
  it('a 429 says when the app tries again, and the page recovers by itself without a reload', async () => {
    await ask(people.maria, 'Throttled but fine');
    const { page, problems } = await openAs(people.agent);
    let refusals = 0;
    // The server's limiter is stood in for here, on the first two calls for the queue counts: the
    // app's side is under test (the wait it shows and the retry), not the limiter's arithmetic.
    await page.route('**/api/v1/queues', async (route) => {
      if (refusals >= 2) return route.continue();
      refusals++;
      await route.fulfill({
        status: 429,
        headers: { 'retry-after': '2', 'content-type': 'application/problem+json' },
        body: JSON.stringify({ type: 'about:blank', title: 'Too Many Requests', status: 429, code: 'request.rate_limited' }),
      });
    });
    await page.goto(`${server.url}/agent`);
    await page
      .getByTestId('throttle-notice')
      .filter({ hasText: /Trying again in [12] s/ })
      .waitFor();
    await expect.poll(() => queueCount(page, 'Due soonest').textContent(), { timeout: 15_000 }).toMatch(/^\d+$/);
    await page.getByTestId('throttle-notice').waitFor({ state: 'detached' });
    expect(refusals).toBe(2);
    await page.getByRole('heading', { level: 1, name: 'Agent workspace' }).waitFor();
    expect(problems).toEqual([]);
  });
});
