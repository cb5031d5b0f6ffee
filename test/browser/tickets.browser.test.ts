import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/db/types.js';
import type { TicketKind } from '../../src/db/types.js';
import { FRIDAY_EVENING, TEST_PASSWORD } from '../app.js';
import { buildWebOnce, h1, launchBrowser, openSignedInPage, removeWebBuild, screenshot, type OpenPage } from '../browser.js';
import { startTestServer, type TestServer } from '../server.js';
import { giveLicense } from '../tickets.js';
import { expectNoSeriousA11yViolations } from './a11y.js';

// SQLite only: these tests drive the screens; the rules behind them (due times, declines, entitlement)
// are covered on both databases by the API suites (src/modules/tickets/tickets.story.test.ts).
//
// The test clock stands still at Friday 2026-11-27 19:00 in Moscow (16:00Z), so every question asked
// here is due on Monday 2026-11-30 19:00 Moscow, 16:00Z.

/** Neither customer's zone: what the pages show must come from the account's zone, not the browser's. */
const BROWSER_ZONE = 'America/New_York';

let server: TestServer;
let customerBrowser: BrowserContext;
let agentBrowser: BrowserContext;
const people: Record<'agent' | 'maria' | 'ken' | 'eve' | 'fiona' | 'olga', User> = {} as never;

beforeAll(async () => {
  const webDir = await buildWebOnce();
  server = await startTestServer({ dialect: 'sqlite', webDir });
  [customerBrowser, agentBrowser] = await Promise.all([
    launchBrowser({ locale: 'en-US', timezoneId: BROWSER_ZONE }),
    launchBrowser({ locale: 'en-US', timezoneId: BROWSER_ZONE }),
  ]);
  const { accounts } = server.ctx.deps;
  const make = async (role: 'agent' | 'customer', email: string, name: string, extra: { timeZone?: string; language?: 'en' | 'ru' } = {}) =>
    (await accounts.createUser({ role, email, name, password: TEST_PASSWORD, ...extra })).user;
  people.agent = await make('agent', 'anton@example.test', 'Anton Agent', { timeZone: 'Europe/Moscow' });
  people.maria = await make('customer', 'maria@example.test', 'Maria Moscow', { timeZone: 'Europe/Moscow' });
  people.ken = await make('customer', 'ken@example.test', 'Ken Yekaterinburg', { timeZone: 'Asia/Yekaterinburg' });
  people.eve = await make('customer', 'eve@example.test', 'Eve Expired', { timeZone: 'Europe/Moscow' });
  people.fiona = await make('customer', 'fiona@example.test', 'Fiona Free', { timeZone: 'Europe/Moscow' });
  people.olga = await make('customer', 'olga@example.test', 'Ольга Петрова', { timeZone: 'Europe/Moscow', language: 'ru' });
  await giveLicense(server.ctx, { email: people.maria.email, key: 'MARIA-PRO-1', purchasedOn: '2026-06-01', domains: ['shop.maria.test'] });
  await giveLicense(server.ctx, { email: people.ken.email, key: 'KEN-PRO-1', purchasedOn: '2026-06-01' });
  await giveLicense(server.ctx, { email: people.eve.email, key: 'EVE-OLD-1', purchasedOn: '2025-01-10' });
  await giveLicense(server.ctx, { email: people.fiona.email, key: 'FIONA-FREE-1', type: 'free' });
  await giveLicense(server.ctx, { email: people.olga.email, key: 'OLGA-PRO-1', purchasedOn: '2026-06-01' });
}, 120_000);

afterAll(async () => {
  await customerBrowser?.close();
  await agentBrowser?.close();
  await server?.close();
  await removeWebBuild();
});

/** Signs `user` in (through the API, sharing the browser's cookies) and opens a tab. */
function openAs(browser: BrowserContext, user: User): Promise<OpenPage> {
  return openSignedInPage({ browser, baseUrl: server.url, email: user.email, password: TEST_PASSWORD });
}

async function askQuestion(customer: User, subject: string, body = 'After the update the catalog page shows error 500.', kind: TicketKind = 'question') {
  const license = await server.ctx.deps.db.selectFrom('licenses').select('key').where('customer_id', '=', customer.id).executeTakeFirst();
  const { ticket } = await server.ctx.deps.tickets.createTicket({ actor: customer, kind, subject, body, licenseKey: license?.key });
  return ticket;
}

function hasRoute(method: 'GET' | 'POST' | 'PUT', url: string): boolean {
  return server.ctx.app.hasRoute({ method, url });
}

describe('the Personal Account', () => {
  it('a customer reads the rules once, asks on Friday evening and is promised a reply by Monday 19:00 in their own zone', async () => {
    const { page, problems } = await openAs(customerBrowser, people.maria);
    await page.goto(`${server.url}/account`);
    await h1(page, 'Personal Account').waitFor();
    await page.getByText('Replies guaranteed within 24 business hours until 31 May 2027.').waitFor();
    await page.getByText('You have no requests yet.').waitFor();
    await expectNoSeriousA11yViolations(page, 'the Personal Account home');
    await screenshot(page, 'tickets-01-account-home');

    await page.getByRole('link', { name: 'New request' }).first().click();
    await h1(page, 'New request').waitFor();
    // The rules come once the request is known to be a support one (kept on the account: see account.browser.test.ts).
    await page.getByRole('radio', { name: /^Question/ }).check();
    await page.getByRole('heading', { name: 'Support rules' }).waitFor();
    await page.getByText('general web development questions (HTML, CSS, PHP, SQL)').waitFor();
    await page.getByText('we suggest an approach, not step-by-step code').waitFor();
    await page.getByText('Send it only through the secure form on the request page, never in messages').waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Tick the box to confirm you have read the rules.').waitFor();
    await expectNoSeriousA11yViolations(page, 'the support rules');
    await screenshot(page, 'tickets-02-rules');
    await page.getByLabel('I have read the support rules').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByLabel('Subject').fill('Catalog page shows error 500');
    await expect(page.getByLabel('License').inputValue()).resolves.toBe('MARIA-PRO-1');
    await expect(page.getByLabel('Site (domain)').inputValue()).resolves.toBe('shop.maria.test');
    await page.getByLabel('Your question').fill('After the **update** the catalog shows *error 500*.\n\nWhat should I check? <script>alert(1)</script>');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('.markdown-preview strong', { hasText: 'update' }).waitFor();
    await page.locator('.markdown-preview em', { hasText: 'error 500' }).waitFor();
    // Typed HTML shows as text in the preview; it never becomes markup.
    await page.locator('.markdown-preview', { hasText: '<script>alert(1)</script>' }).waitFor();
    await page.getByRole('button', { name: 'Write' }).click();

    const picker = page.getByLabel('Attach files');
    await picker.setInputFiles({ name: 'error.txt', mimeType: 'text/plain', buffer: Buffer.from('PHP Fatal error in catalog.php line 42') });
    const canUpload = hasRoute('POST', '/api/v1/attachments');
    if (canUpload) {
      await page.getByText('attached', { exact: true }).waitFor();
    } else {
      // Built before the attachments route: the page says so in words, and the request goes without the file.
      await page.getByRole('alert').filter({ hasText: 'Files cannot be attached yet' }).waitFor();
      await page.getByRole('button', { name: 'Remove error.txt' }).click();
    }
    await expectNoSeriousA11yViolations(page, 'the new request form');
    await screenshot(page, 'tickets-03-new-request');
    // A password in a new request is caught before it is sent, as in a reply.
    const question = await page.getByLabel('Your question').inputValue();
    await page.getByLabel('Your question').fill(`${question}\nadmin password: Tr0ub4dor&3x!`);
    await page.getByRole('button', { name: 'Send the question' }).click();
    await page.getByText('This looks like a password or a key.').waitFor();
    await page.getByRole('button', { name: 'Send here anyway' }).waitFor();
    await page.getByLabel('Your question').fill(question);
    await expect(page.getByText('This looks like a password or a key.').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Send the question' }).click();

    await h1(page, 'Catalog page shows error 500').waitFor();
    await page.getByText('Your request is sent.').waitFor();
    await expect(page.getByTestId('reply-due').textContent()).resolves.toBe('We will reply by Mon 30 Nov, 19:00 GMT+3');
    await page.locator('.badge', { hasText: 'Under review' }).waitFor();
    await page.locator('.message-body strong', { hasText: 'update' }).waitFor();
    if (canUpload) await page.getByRole('link', { name: 'error.txt' }).waitFor();
    await expectNoSeriousA11yViolations(page, "the customer's ticket page");
    await screenshot(page, 'tickets-04-customer-ticket');
    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, 'tickets-04-customer-ticket-phone');
    await page.setViewportSize({ width: 1280, height: 720 });

    // Acknowledged once: the next request goes straight to the form.
    await page.goto(`${server.url}/account/tickets/new`);
    await page.getByRole('radio', { name: /^Question/ }).check();
    await page.getByLabel('Your question').waitFor();
    await expect(page.getByRole('heading', { name: 'Support rules' }).count()).resolves.toBe(0);

    await page.goto(`${server.url}/account`);
    const row = page.locator('.ticket-card', { hasText: 'Catalog page shows error 500' });
    await row.getByText('Under review').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a customer in another zone sees the due time converted; one whose guarantee ended is told replies are best effort', async () => {
    const ticket = await askQuestion(people.ken, 'Search finds nothing');
    const { page, problems } = await openAs(customerBrowser, people.ken);
    await page.goto(`${server.url}/account/tickets/${ticket.id}`);
    await h1(page, 'Search finds nothing').waitFor();
    // 16:00Z is 21:00 in Yekaterinburg (UTC+5), and the zone is named.
    await expect(page.getByTestId('reply-due').textContent()).resolves.toBe('We will reply by Mon 30 Nov, 21:00 GMT+5');
    await page.close();

    const late = await askQuestion(people.eve, 'Old site, new question');
    const eve = await openAs(customerBrowser, people.eve);
    await eve.page.goto(`${server.url}/account`);
    await eve.page.getByText('Your reply guarantee ended on 9 Jan 2026; replies are best effort.').waitFor();
    await eve.page.goto(`${server.url}/account/tickets/${late.id}`);
    await expect(eve.page.getByTestId('reply-due').textContent()).resolves.toBe('Best effort: no guaranteed reply time');
    expect([...problems, ...eve.problems]).toEqual([]);
    await eve.page.close();
  });

  it('a customer without a commercial license can only choose a suggestion or a partnership request, and is told why', async () => {
    const { page, problems } = await openAs(customerBrowser, people.fiona);
    await page.goto(`${server.url}/account`);
    await page.getByText('Support needs a commercial license; suggestions and partnership requests stay open.').waitFor();
    await page.goto(`${server.url}/account/tickets/new`);
    await page.getByText('Support questions need a commercial license, so you can send a suggestion or a partnership request.').waitFor();
    const kinds = await page.getByRole('radio').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(kinds).toEqual(['suggestion', 'partnership']);
    await page.getByRole('radio', { name: /^Suggestion/ }).check();
    await page.getByLabel('Subject').fill('Dark theme for the admin');
    // No support rules, no license or site: a suggestion's own words.
    await expect(page.getByRole('heading', { name: 'Support rules' }).count()).resolves.toBe(0);
    await page.getByLabel('Your idea').fill('A dark theme would be easier on the eyes.');
    await expect(page.getByLabel('Site (domain)').count()).resolves.toBe(0);
    await screenshot(page, 'tickets-05-no-license');
    await page.getByRole('button', { name: 'Send the suggestion' }).click();
    await h1(page, 'Dark theme for the admin').waitFor();
    // Suggestions have no reply target: nothing is promised.
    await expect(page.getByTestId('reply-due').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
  it('replying to a thread quiet for over a week warns first that a new request may be answered faster', async () => {
    const ticket = await askQuestion(people.ken, 'Images do not resize');
    const { page, problems } = await openAs(customerBrowser, people.ken);
    server.ctx.clock.advance(8 * 24 * 3600_000);
    try {
      await page.goto(`${server.url}/account/tickets/${ticket.id}`);
      await h1(page, 'Images do not resize').waitFor();
      await page.getByRole('textbox', { name: 'Your message' }).fill('Still broken, any news?');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      const warning = page.getByRole('alert').filter({ hasText: 'quiet for more than a week' });
      await warning.getByRole('link', { name: 'Start a new request' }).waitFor();
      await screenshot(page, 'tickets-12-idle-warning');
      await warning.getByRole('button', { name: 'Send here anyway' }).click();
      await page.locator('.message-customer', { hasText: 'Still broken, any news?' }).waitFor();
    } finally {
      server.ctx.clock.set(FRIDAY_EVENING);
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the agent workspace', () => {
  it('the agent sees the Monday 19:00 due, asks a clarifying question, and the customer answers', async () => {
    await askQuestion(people.ken, 'Prices show without currency');
    const ticket = await askQuestion(people.maria, 'Cart is empty after checkout', 'The cart empties itself after checkout.');
    if (hasRoute('POST', '/api/v1/canned-responses'))
      await server.ctx.deps.canned.create({
        actor: people.agent,
        title: 'Ask for the version',
        bodyEn: 'Hello {{customer.name}}, which version do you run?',
        bodyRu: 'Здравствуйте, {{customer.name}}! Какая у вас версия?',
        shared: false,
      });
    const { page, problems } = await openAs(agentBrowser, people.agent);
    await page.goto(`${server.url}/agent`);
    await h1(page, 'Agent workspace').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Queue: Due soonest' }).waitFor();
    const row = page.locator('tr', { hasText: 'Cart is empty after checkout' });
    // 72 hours from the server's (standing) clock, counted down by the browser: "3 d left", then "2 d 23 h left".
    await row.getByText(/^(3 d|2 d 23 h) left$/).waitFor();
    await row.getByText('MARIA-PRO-1').waitFor();
    await row.getByText('Maria Moscow').waitFor();
    if (hasRoute('PUT', '/api/v1/me/availability')) {
      const available = page.getByRole('checkbox', { name: 'I take new tickets (round robin)' });
      await expect(available.isChecked()).resolves.toBe(true);
      await available.click();
      await expect.poll(() => available.isChecked()).toBe(false);
      await available.click();
      await expect.poll(() => available.isChecked()).toBe(true);
    }
    await expectNoSeriousA11yViolations(page, 'the agent queue');
    await screenshot(page, 'tickets-06-agent-queue');
    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, 'tickets-06-agent-queue-phone');
    await page.setViewportSize({ width: 1280, height: 720 });

    await row.getByRole('link', { name: 'Cart is empty after checkout' }).click();
    await h1(page, 'Cart is empty after checkout').waitFor();
    await expect(page.getByTestId('agent-reply-due').textContent()).resolves.toBe('Reply due Mon 30 Nov, 19:00 GMT+3');
    await page.getByText('Support: replies guaranteed until 31 May 2027.').waitFor();
    await page.locator('.timeline').getByText('Maria Moscow opened the ticket').waitFor();

    await page.keyboard.press('a');
    await page.getByText('Assigned to Anton Agent').waitFor();
    await page.keyboard.press('n');
    await expect.poll(() => page.getByRole('textbox', { name: 'Internal note (agents only)' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Probably the session cookie.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.message-note', { hasText: 'Probably the session cookie.' }).waitFor();
    await page.locator('h1').focus();
    await page.keyboard.press('r');
    const reply = page.getByRole('textbox', { name: 'Your reply' });
    await expect.poll(() => reply.evaluate((el) => el === document.activeElement)).toBe(true);
    if (hasRoute('POST', '/api/v1/canned-responses/:id/render')) {
      // A canned response is rendered for this ticket (the customer's name filled in) and inserted.
      await page.getByLabel('Canned response').selectOption({ label: 'Ask for the version' });
      await page.getByRole('button', { name: 'Insert' }).click();
      await expect.poll(() => reply.inputValue()).toBe('Hello Maria Moscow, which version do you run?');
    } else {
      await reply.fill('Hello Maria Moscow, which version do you run?');
    }
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('.badge', { hasText: "Pending (customer's turn)" }).waitFor();
    await page.locator('h1').focus();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'the shortcuts dialog');
    await page.keyboard.press('Escape');
    await expectNoSeriousA11yViolations(page, "the agent's ticket page");
    await screenshot(page, 'tickets-07-agent-ticket');

    const customer = await openAs(customerBrowser, people.maria);
    await customer.page.goto(`${server.url}/account/tickets/${ticket.id}`);
    await customer.page.locator('.badge', { hasText: 'Support has replied' }).waitFor();
    await customer.page.locator('.message-agent', { hasText: 'Hello Maria Moscow, which version do you run?' }).getByText('Support', { exact: true }).waitFor();
    await expect(customer.page.getByText('Probably the session cookie.').count()).resolves.toBe(0);
    await customer.page.getByLabel('Your message').fill('Version 7.1, on PHP 8.3.');
    await customer.page.getByRole('button', { name: 'Send', exact: true }).click();
    await customer.page.locator('.badge', { hasText: 'Under review' }).waitFor();
    await expect(customer.page.getByTestId('reply-due').textContent()).resolves.toBe('We will reply by Mon 30 Nov, 19:00 GMT+3');

    // j/k walk the queue the agent came from, on the queue page and from ticket to ticket.
    await page.goto(`${server.url}/agent`);
    const links = page.locator('.queue-table a.ticket-link');
    await links.first().waitFor();
    await page.locator('h1').focus();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect.poll(() => links.nth(1).evaluate((el) => el === document.activeElement)).toBe(true);
    const second = await links.nth(1).textContent();
    const first = await links.nth(0).textContent();
    await page.keyboard.press('Enter');
    await h1(page, second ?? '').waitFor();
    await page.keyboard.press('k');
    await h1(page, first ?? '').waitFor();
    await page.goto(`${server.url}/agent/tickets/${ticket.id}`);

    // The agent's page catches up by itself (live), or on reload when live updates are not there yet.
    if (!hasRoute('GET', '/api/v1/events')) await page.reload();
    await page.locator('.message-customer', { hasText: 'Version 7.1, on PHP 8.3.' }).waitFor();
    expect([...problems, ...customer.problems]).toEqual([]);
    await customer.page.close();
    await page.close();
  });

  it('the agent declines an out-of-scope question, previewing the explanation in the customer’s language, and the customer reads it', async () => {
    const ticket = await askQuestion(people.maria, 'How do I center a div?', 'CSS question: centering a div on my own landing page.');
    const { page, problems } = await openAs(agentBrowser, people.agent);
    await page.goto(`${server.url}/agent/tickets/${ticket.id}`);
    await h1(page, 'How do I center a div?').waitFor();
    await page.getByRole('button', { name: 'Decline…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Decline the ticket' });
    await expect(dialog.getByRole('radio', { name: 'Out of scope (general HTML, CSS, PHP, SQL)' }).isChecked()).resolves.toBe(true);
    await dialog.getByRole('heading', { name: 'What the customer will read (English)' }).waitFor();
    await dialog.getByText('general web development questions (HTML, CSS, PHP programming').waitFor();
    await dialog.getByLabel('Note to add (optional)').fill('MDN has a good guide to CSS layout.');
    await dialog.locator('.decline-preview').getByText('MDN has a good guide to CSS layout.').waitFor();
    await expectNoSeriousA11yViolations(page, 'the decline dialog');
    await screenshot(page, 'tickets-08-decline-dialog');
    await dialog.getByRole('button', { name: 'Decline and send' }).click();
    await page.locator('.badge', { hasText: 'Resolved' }).waitFor();
    await page.locator('.timeline').getByText('Anton Agent declined it: Out of scope (general HTML, CSS, PHP, SQL)').waitFor();

    const customer = await openAs(customerBrowser, people.maria);
    await customer.page.goto(`${server.url}/account/tickets/${ticket.id}`);
    // R6 as the customer reads it: "Declined", why, and an invitation to answer instead of a rating.
    await customer.page.locator('.badge', { hasText: 'Declined' }).waitFor();
    await customer.page.getByText('Reason: outside what support covers').waitFor();
    await customer.page.locator('.message-agent', { hasText: 'general web development questions (HTML, CSS, PHP programming' }).waitFor();
    await customer.page.locator('.message-agent', { hasText: 'MDN has a good guide to CSS layout.' }).waitFor();
    await expect(customer.page.getByRole('heading', { name: 'Rate the answer' }).count()).resolves.toBe(0);
    await customer.page.getByRole('heading', { name: 'Answer with more information' }).waitFor();
    await expectNoSeriousA11yViolations(customer.page, 'a declined ticket');
    await screenshot(customer.page, 'tickets-09-customer-declined');

    // A Russian-speaking customer's decline is previewed in Russian.
    const russian = await askQuestion(people.olga, 'Как сделать меню на CSS?', 'Вопрос по вёрстке.');
    await page.goto(`${server.url}/agent/tickets/${russian.id}`);
    await page.getByRole('button', { name: 'Decline…' }).click();
    await dialog.getByRole('heading', { name: 'What the customer will read (Русский)' }).waitFor();
    await dialog.getByText('Спасибо за вопрос. Наша поддержка отвечает на вопросы о самом продукте').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog.count()).resolves.toBe(0);
    expect([...problems, ...customer.problems]).toEqual([]);
    await customer.page.close();
    await page.close();
  });

  it("the agent merges a duplicate into the customer's other open ticket", async () => {
    const original = await askQuestion(people.ken, 'Export to CSV fails');
    const duplicate = await askQuestion(people.ken, 'CSV export broken again');
    const { page, problems } = await openAs(agentBrowser, people.agent);
    await page.goto(`${server.url}/agent/tickets/${duplicate.id}`);
    await h1(page, 'CSV export broken again').waitFor();
    await page.getByRole('button', { name: 'Merge…' }).click();
    const dialog = page.getByRole('dialog', { name: `Merge #${duplicate.number} into another ticket` });
    await dialog.getByLabel("One of the customer's open tickets").selectOption({ label: `#${original.number} Export to CSV fails` });
    await expectNoSeriousA11yViolations(page, 'the merge dialog');
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByText('This ticket was merged into another.').waitFor();
    await page.getByRole('link', { name: 'Open it' }).click();
    await h1(page, 'Export to CSV fails').waitFor();
    await page.locator('.timeline').getByText(`Anton Agent merged #${duplicate.number} into this ticket`).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("a new ticket appears in the agent's open queue without reloading, and another agent's typing shows", async (context) => {
    if (!hasRoute('GET', '/api/v1/events')) {
      // The live-updates issue adds GET /api/v1/events; until it lands the queue refreshes every 30 s instead.
      context.skip('GET /api/v1/events (live updates) is not on the server yet');
    }
    const { page, problems } = await openAs(agentBrowser, people.agent);
    await page.goto(`${server.url}/agent?queue=unassigned`);
    await page.getByText('Live: this page updates by itself.').waitFor();
    const unassigned = page.getByRole('link', { name: /^Unassigned/ });
    const before = Number(await unassigned.locator('.count').textContent());
    const ticket = await askQuestion(people.ken, 'Checkout button does nothing');
    await page.locator('tr', { hasText: 'Checkout button does nothing' }).waitFor();
    await expect.poll(async () => Number(await unassigned.locator('.count').textContent())).toBe(before + 1);
    await screenshot(page, 'tickets-11-live-queue');

    // Another agent on the same ticket sees who is replying (POST /typing, at most every 3 s).
    const bella = (await server.ctx.deps.accounts.createUser({ role: 'agent', email: 'bella@example.test', name: 'Bella Agent', password: TEST_PASSWORD }))
      .user;
    const other = await openAs(customerBrowser, bella);
    await other.page.goto(`${server.url}/agent/tickets/${ticket.id}`);
    await other.page.getByText('Live: this page updates by itself.').waitFor();
    await page.goto(`${server.url}/agent/tickets/${ticket.id}`);
    await page.getByText('Live: this page updates by itself.').waitFor();
    await page.getByRole('textbox', { name: 'Your reply' }).pressSequentially('Looking');
    await other.page.getByRole('status').filter({ hasText: 'Anton Agent is replying…' }).waitFor();
    expect([...problems, ...other.problems]).toEqual([]);
    await other.page.close();
    await page.close();
  });

  it('search filters tickets by words, kind and status', async () => {
    await askQuestion(people.ken, 'Invoice PDF is blank', 'The invoice PDF renders blank pages.');
    const { page, problems } = await openAs(agentBrowser, people.agent);
    await page.goto(`${server.url}/agent`);
    await h1(page, 'Agent workspace').waitFor();
    await page.locator('h1').focus();
    await page.keyboard.press('/');
    await page.keyboard.type('invoice');
    await page.keyboard.press('Enter');
    await h1(page, 'Search tickets').waitFor();
    await page.locator('tr', { hasText: 'Invoice PDF is blank' }).waitFor();
    await page.getByLabel('Kind').selectOption('suggestion');
    await page.getByRole('button', { name: 'Search', exact: true }).last().click();
    await page.getByText('No tickets match.').waitFor();
    await expectNoSeriousA11yViolations(page, 'the search page');
    await screenshot(page, 'tickets-10-search');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the main pages', () => {
  it('render in Russian too, have no serious accessibility problems and fit a 360 px screen', async () => {
    const ticket = await askQuestion(people.olga, 'Не работает корзина', 'После обновления корзина **пустая**.');
    const customer = await openAs(customerBrowser, people.olga);
    const pages: [Page, string, string][] = [
      [customer.page, `/account`, 'Личный кабинет'],
      [customer.page, `/account/licenses`, 'Лицензии'],
      [customer.page, `/account/notifications`, 'Уведомления'],
      [customer.page, `/account/tickets/${ticket.id}`, 'Не работает корзина'],
    ];
    for (const [page, path, title] of pages) {
      await page.goto(`${server.url}${path}`);
      await h1(page, title).waitFor();
      await expectNoSeriousA11yViolations(page, `${path} in Russian`);
      const name = `tickets-ru${path.replace(/\//g, '-').replace(/-[0-9a-f-]{36}$/, '-ticket')}`;
      await screenshot(page, name);
      await page.setViewportSize({ width: 360, height: 740 });
      await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
      await screenshot(page, `${name}-phone`);
      await page.setViewportSize({ width: 1280, height: 720 });
    }
    await expect(customer.page.getByTestId('reply-due').textContent()).resolves.toBe('Мы ответим до пн, 30 нояб., 19:00 GMT+3');

    // The agent switches to Russian on the workspace and back.
    const agent = await openAs(agentBrowser, people.agent);
    await agent.page.goto(`${server.url}/agent/tickets/${ticket.id}`);
    await h1(agent.page, 'Не работает корзина').waitFor();
    await agent.page.getByRole('button', { name: 'Русский' }).click();
    await agent.page.getByRole('button', { name: 'Назначить на меня' }).waitFor();
    await expect(agent.page.getByTestId('agent-reply-due').textContent()).resolves.toBe('Ответ до пн, 30 нояб., 19:00 GMT+3');
    await expectNoSeriousA11yViolations(agent.page, "the agent's ticket page in Russian");
    await screenshot(agent.page, 'tickets-ru-agent-ticket');
    await agent.page.setViewportSize({ width: 360, height: 740 });
    await expect(agent.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
    await screenshot(agent.page, 'tickets-ru-agent-ticket-phone');
    await agent.page.setViewportSize({ width: 1280, height: 720 });
    await agent.page.goto(`${server.url}/agent`);
    await h1(agent.page, 'Рабочее место').waitFor();
    await agent.page.getByRole('heading', { level: 2, name: 'Очередь: Ближайший срок' }).waitFor();
    await expectNoSeriousA11yViolations(agent.page, 'the agent queue in Russian');
    await screenshot(agent.page, 'tickets-ru-agent-queue');
    await agent.page.setViewportSize({ width: 360, height: 740 });
    await expect(agent.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
    await agent.page.setViewportSize({ width: 1280, height: 720 });
    await agent.page.getByRole('button', { name: 'English' }).click();
    await h1(agent.page, 'Agent workspace').waitFor();
    expect([...customer.problems, ...agent.problems]).toEqual([]);
    await customer.page.close();
    await agent.page.close();
  });
});
