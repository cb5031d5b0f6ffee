import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket, User } from '../../src/db/types.js';
import { TEST_PASSWORD } from '../app.js';
import { buildWebOnce, launchChromium, removeWebBuild, screenshot, type OpenPage } from '../browser.js';
import { startTestServer, type TestServer } from '../server.js';
import { giveLicense } from '../tickets.js';

// Issue 12, items 3 and 4 through the real app: an agent finds tickets the way agents think of them,
// changes twenty tickets at once from a queue, and keeps a saved view whose count follows new
// tickets live. SQLite only: the rules behind these screens are covered on both databases by the
// API suites (tickets.find, tickets.bulk, views.routes).

let server: TestServer;
let browser: Browser;
const people = {} as Record<'agent' | 'bella' | 'maria' | 'pavel', User>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const webDir = await buildWebOnce();
  server = await startTestServer({ dialect: 'sqlite', webDir });
  browser = await launchChromium();
  const { accounts } = server.ctx.deps;
  const make = async (role: User['role'], email: string, name: string) =>
    (await accounts.createUser({ role, email, name, password: TEST_PASSWORD, timeZone: 'Europe/Moscow' })).user;
  people.agent = await make('agent', 'anton@example.test', 'Anton Agent');
  people.bella = await make('agent', 'bella@example.test', 'Bella Agent');
  people.maria = await make('customer', 'maria@example.test', 'Maria Moscow');
  people.pavel = await make('customer', 'pavel@example.test', 'Pavel Bulk');
  await giveLicense(server.ctx, { email: people.maria.email, key: 'MARIA-PRO-1', purchasedOn: '2026-06-01', domains: ['shop.maria.test'] });
  await giveLicense(server.ctx, { email: people.pavel.email, key: 'PAVEL-PRO-2', purchasedOn: '2026-06-01', domains: ['pavel.test'] });
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  await removeWebBuild();
});

/** A tab in a profile of its own, signed in as `user`, recording script errors and console errors. */
async function openAs(user: User): Promise<OpenPage> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
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
  const license = await server.ctx.deps.db.selectFrom('licenses').select('key').where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
  const { ticket } = await server.ctx.deps.tickets.createTicket({
    actor: customer,
    kind,
    subject,
    body: `${subject}. Details follow.`,
    licenseKey: license.key,
  });
  return ticket;
}

describe('finding tickets', () => {
  it('an agent finds a ticket by number (with "/" and "#"), by customer email and by license key, and sees why each matched', async () => {
    const wanted = await ask(people.maria, 'Invoice totals are rounded wrong');
    const { page, problems } = await openAs(people.agent);
    await page.goto(`${server.url}/agent`);
    await page.getByRole('heading', { level: 1, name: 'Agent workspace' }).waitFor();
    // One search box on every workspace page; "/" focuses it.
    await page.keyboard.press('/');
    await page.keyboard.type(`#${wanted.number}`);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/agent\/search\?q=/);
    expect(await page.getByRole('searchbox').count()).toBe(1);
    const row = page.locator(`tr[data-ticket-id="${wanted.id}"]`);
    await row.waitFor();
    await expect.poll(() => row.locator('.cell-reasons').textContent()).toBe('number');
    expect(await page.locator('tbody tr').count()).toBe(1);

    const search = async (q: string, reason: string) => {
      const box = page.getByRole('searchbox', { name: 'Search tickets' });
      await box.fill(q);
      await box.press('Enter');
      await page.getByRole('heading', { level: 2, name: `Results for “${q}”` }).waitFor();
      await expect.poll(() => row.locator('.cell-reasons').textContent()).toBe(reason);
    };
    await search('maria@example.test', 'customer email');
    await search('MARIA-PRO-1', 'license key');
    await search('shop.maria.test', 'site domain');
    await search('invoice rounded', 'subject');
    await screenshot(page, 'search-results-1366-en');
    expect(problems).toEqual([]);
  });

  it("the ticket page's link to all of a customer's tickets filters the search by that customer", async () => {
    const mine = await ask(people.maria, 'Another one of Maria');
    const other = await ask(people.pavel, 'One of Pavel');
    const { page, problems } = await openAs(people.agent);
    await page.goto(`${server.url}/agent/search?customer=${people.maria.id}`);
    await page.locator(`tr[data-ticket-id="${mine.id}"]`).waitFor();
    expect(await page.locator(`tr[data-ticket-id="${other.id}"]`).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

describe('bulk actions', () => {
  it('tags and assigns 20 tickets from a queue at once; each change is an event', async () => {
    const batch: Ticket[] = [];
    for (let i = 1; i <= 20; i++) batch.push(await ask(people.pavel, `Bulk ticket ${i}`));
    const { page, problems } = await openAs(people.agent);
    await page.goto(`${server.url}/agent?queue=unassigned`);
    for (const ticket of batch) await page.getByRole('checkbox', { name: `Select ticket #${ticket.number}`, exact: true }).check();
    const bar = page.getByRole('form', { name: 'Change the selected tickets' });
    await bar.getByText('20 tickets selected').waitFor();

    await bar.getByLabel('Action').selectOption('add_tags');
    await bar.getByLabel('Tags (comma-separated)').fill('billing, vip');
    await bar.getByRole('button', { name: 'Apply' }).click();
    await bar.getByText('20 changed, 0 not changed.').waitFor();

    // The selection was cleared; tick them again (they are still unassigned) and assign them to Bella.
    for (const ticket of batch) await page.getByRole('checkbox', { name: `Select ticket #${ticket.number}`, exact: true }).check();
    await bar.getByLabel('Action').selectOption('assign');
    await bar.getByLabel('Assignee').selectOption({ label: 'Bella Agent' });
    await bar.getByRole('button', { name: 'Apply' }).click();
    await bar.getByText('20 changed, 0 not changed.').waitFor();
    // Assigned tickets leave the unassigned queue.
    await expect.poll(() => page.locator(`tr[data-ticket-id="${batch[0]!.id}"]`).count()).toBe(0);

    const { db } = server.ctx.deps;
    const ids = batch.map((ticket) => ticket.id);
    const rows = await db.selectFrom('tickets').select(['id', 'assignee_id']).where('id', 'in', ids).execute();
    expect(rows.filter((row) => row.assignee_id === people.bella.id)).toHaveLength(20);
    const tags = await db.selectFrom('ticket_tags').select(['ticket_id', 'tag']).where('ticket_id', 'in', ids).execute();
    expect(tags).toHaveLength(40);
    const events = await db
      .selectFrom('ticket_events')
      .select(['type', 'actor_id'])
      .where('ticket_id', 'in', ids)
      .where('type', 'in', ['assigned', 'tags_changed'])
      .execute();
    expect(events.filter((e) => e.type === 'assigned' && e.actor_id === people.agent.id)).toHaveLength(20);
    expect(events.filter((e) => e.type === 'tags_changed' && e.actor_id === people.agent.id)).toHaveLength(20);
    expect(problems).toEqual([]);
  });
});

describe('saved views', () => {
  it('an agent saves a search as a view; its count beside the queues goes up live when a matching ticket arrives', async () => {
    await ask(people.maria, 'Zebra theme lost its stripes', 'problem');
    await ask(people.maria, 'Zebra theme question', 'question');
    const { page, problems } = await openAs(people.agent);
    await page.goto(`${server.url}/agent/search?q=zebra&kind=problem`);
    await page.locator('tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Save as view…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save this search as a view' });
    await dialog.getByLabel('Name').fill('Zebra problems');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await page.waitForURL(/\/agent\?view=/);
    await page.getByRole('heading', { level: 2, name: 'View: Zebra problems' }).waitFor();
    const count = page.locator('.queue-nav a', { hasText: 'Zebra problems' }).locator('.count');
    await expect.poll(() => count.textContent()).toBe('1');
    expect(await page.locator('tbody tr').count()).toBe(1);

    // A new matching ticket: the count and the list follow over the event stream, without a reload.
    let reloaded = false;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) reloaded = true;
    });
    const fresh = await ask(people.pavel, 'Zebra stripes gone on mobile', 'problem');
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe('2');
    await page.locator(`tr[data-ticket-id="${fresh.id}"]`).waitFor();
    await ask(people.pavel, 'Zebra question, not a problem', 'question');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await count.textContent()).toBe('2');
    expect(reloaded).toBe(false);
    await screenshot(page, 'saved-view-1366-en');
    expect(problems).toEqual([]);
  });
});
