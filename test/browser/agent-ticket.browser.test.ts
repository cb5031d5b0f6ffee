import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/db/types.js';
import { TEST_PASSWORD } from '../app.js';
import { buildWebOnce, launchBrowser, openSignedInPage, removeWebBuild, screenshot, type OpenPage } from '../browser.js';
import { startTestServer, type TestServer } from '../server.js';
import { giveLicense } from '../tickets.js';

// Issue 12, the agent's ticket page and the layout, in a real browser on SQLite (the API suites
// cover both databases: src/modules/tickets/tickets.workspace.test.ts).

// Long enough that a value wrapping mid-word would take several lines in the side panel.
const LONG_PASSWORD = 'Kiwi-5530-Lynx-Quartz-Meadow-Harbour-Falcon-Orbit-9921-Zephyr-Lantern';

let server: TestServer;
let browser: BrowserContext;
let customer: User;
let anna: User;
let ruslan: User;

beforeAll(async () => {
  const webDir = await buildWebOnce();
  server = await startTestServer({ dialect: 'sqlite', webDir });
  browser = await launchBrowser({ locale: 'en-US', timezoneId: 'Europe/Moscow' });
  await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const { accounts } = server.ctx.deps;
  const create = async (role: 'customer' | 'agent', email: string, name: string, language: 'en' | 'ru' = 'en') =>
    (await accounts.createUser({ role, email, name, password: TEST_PASSWORD, timeZone: 'Europe/Moscow', language })).user;
  customer = await create('customer', 'konstantin@example.test', 'Константин Константинопольский');
  anna = await create('agent', 'anna@example.test', 'Anna Agent');
  ruslan = await create('agent', 'ruslan@example.test', 'Руслан Сотрудников', 'ru');
  await giveLicense(server.ctx, { email: customer.email, key: 'KONST-PRO-2026-LONGKEY', purchasedOn: '2026-06-01' });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await removeWebBuild();
});

function openAs(user: User): Promise<OpenPage> {
  return openSignedInPage({ browser, baseUrl: server.url, email: user.email, password: TEST_PASSWORD });
}

async function newTicket(fields: { kind?: 'question' | 'problem' | 'emergency'; subject?: string } = {}) {
  const { ticket } = await server.ctx.deps.tickets.createTicket({
    actor: customer,
    kind: fields.kind ?? 'problem',
    subject: fields.subject ?? 'Каталог показывает ошибку после обновления платформы',
    body: 'After the update every catalog page answers 500.',
    licenseKey: 'KONST-PRO-2026-LONGKEY',
  });
  return ticket;
}

const vaultPanel = (page: Page) => page.locator('section[data-region="vault"]');

describe('the agent ticket page', () => {
  it('a problem becomes an emergency, the agent asks for access, and the credentials arrive at the top with a copy button per field', async () => {
    const ticket = await newTicket({ kind: 'problem' });
    const tab = await openAs(anna);
    const { page } = tab;
    await page.goto(`${server.url}/agent/tickets/${ticket.id}`);

    // The kind changes in the properties; the timeline records it.
    await page.getByLabel('Kind', { exact: true }).selectOption('emergency');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.ticket-meta-line').getByText('Emergency').waitFor();
    // Not on top yet: nothing asked, nothing waiting.
    await expect(page.locator('.ticket-vault-top').count()).resolves.toBe(0);

    // Now an emergency, it takes an access request, and the panel moves to the top.
    const panel = vaultPanel(page);
    await panel.getByLabel('Kind of access').selectOption('ftp');
    await panel.getByLabel('Why you need it').fill('To restore the theme from the hosting backup.');
    await panel.getByRole('button', { name: 'Ask the customer' }).click();
    await page.locator('.ticket-vault-top section[data-region="vault"]').waitFor();

    // The customer gives the credentials; the agent's page says so at the top.
    await server.ctx.deps.ticketActions.assign({ actor: anna, ticketId: ticket.id, assigneeId: anna.id });
    const [request] = await server.ctx.deps.db.selectFrom('vault_requests').select('id').where('ticket_id', '=', ticket.id).execute();
    await server.ctx.deps.vault.submitSecret({
      actor: customer,
      requestId: request!.id,
      secret: { host: 'ftp.konstantin-shop.example', port: 21, username: 'deploy', password: LONG_PASSWORD, privateKey: null, notes: 'Use passive mode.' },
    });
    const notice = page.getByTestId('vault-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Credentials received');
    const noticeBox = (await notice.boundingBox())!;
    const conversationBox = (await page.locator('.ticket-main').boundingBox())!;
    expect(noticeBox.y).toBeLessThan(conversationBox.y);

    await panel.getByLabel('Your password').fill(TEST_PASSWORD);
    await panel.getByLabel('Why now').fill('Restoring the theme files.');
    await panel.getByRole('button', { name: 'Show the details' }).click();
    const secret = panel.getByTestId('vault-secret');
    const value = secret.getByText(LONG_PASSWORD, { exact: true });
    await value.waitFor();
    // One line, never wrapped mid-word: the value scrolls inside its box instead.
    const metrics = await value.evaluate((element) => ({
      height: element.getBoundingClientRect().height,
      lineHeight: parseFloat(getComputedStyle(element).lineHeight) || 20,
      whiteSpace: getComputedStyle(element).whiteSpace,
    }));
    expect(metrics.whiteSpace).toBe('pre');
    expect(metrics.height).toBeLessThan(metrics.lineHeight * 2 + 12);

    await secret.getByRole('button', { name: 'Copy Password' }).click();
    await secret.getByText('Copied', { exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(LONG_PASSWORD);
    await secret.getByRole('button', { name: 'Copy Host' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('ftp.konstantin-shop.example');
    await screenshot(page, 'agent-ticket-vault-revealed');
    expect(tab.problems).toEqual([]);
  }, 60_000);

  it('a declined ticket offers no second decline, and the API refuses one with 409', async () => {
    const ticket = await newTicket();
    const tab = await openAs(anna);
    const { page } = tab;
    await page.goto(`${server.url}/agent/tickets/${ticket.id}`);
    await page.getByRole('button', { name: 'Decline…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Decline and send' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Resolve', exact: true }).waitFor();
    await expect(page.getByRole('button', { name: 'Decline…' }).count()).resolves.toBe(0);

    const csrf = ((await (await page.request.get(`${server.url}/api/v1/auth/session`)).json()) as { csrfToken: string }).csrfToken;
    const again = await page.request.post(`${server.url}/api/v1/tickets/${ticket.id}/decline`, {
      data: { reason: 'unclear' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(again.status()).toBe(409);
    expect(again.headers()['content-type']).toContain('application/problem+json');
    expect((await again.json()).code).toBe('tickets.already_declined');
    const mails = await server.ctx.deps.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('ticket_id', '=', ticket.id)
      .where('template', '=', 'agent_reply')
      .execute();
    expect(mails).toHaveLength(1);
    expect(tab.problems).toEqual([]);
  }, 60_000);

  it('a public reply takes an unassigned ticket, and the timeline says so without "Anna assigned it to Anna"', async () => {
    const ticket = await newTicket({ kind: 'question' });
    const tab = await openAs(anna);
    const { page } = tab;
    await page.goto(`${server.url}/agent/tickets/${ticket.id}`);
    await page.locator('.ticket-status-line').getByText('Unassigned').waitFor();
    await page.getByLabel('Your reply').fill('Please send the address of the page that fails.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('.ticket-status-line').getByText('Assigned to Anna Agent').waitFor();
    const timeline = page.locator('section[aria-labelledby="timeline-title"]');
    await timeline.getByText('Anna Agent replied and took the ticket').waitFor();
    expect(await timeline.textContent()).not.toMatch(/assigned/i);
    expect(tab.problems).toEqual([]);
  }, 60_000);
});

/**
 * Every element of a card ends inside the card (or inside a scroll box within it), and the page
 * does not scroll sideways. Returns what sticks out, named.
 */
function overflowsOf(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
    for (const card of document.querySelectorAll('main .card')) {
      const box = card.getBoundingClientRect();
      for (const element of card.querySelectorAll('*')) {
        // Inside a box that scrolls (a table's wrapper), being wider than the card is the point.
        let scroller: Element | null = element.parentElement;
        let isScrolled = false;
        while (scroller && scroller !== card) {
          const overflowX = getComputedStyle(scroller).overflowX;
          if (overflowX === 'auto' || overflowX === 'scroll' || overflowX === 'hidden') {
            isScrolled = true;
            break;
          }
          scroller = scroller.parentElement;
        }
        if (isScrolled) continue;
        const rect = element.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) continue;
        if (rect.right > box.right + 1 || rect.left < box.left - 1) problems.push(`${name(element)} sticks out of ${name(card)}`);
      }
    }
    // A select shows any of its options whole once chosen: the text plus the arrow fits the box.
    for (const select of document.querySelectorAll('main select')) {
      if (select.getBoundingClientRect().width === 0) continue;
      const style = getComputedStyle(select);
      for (const option of (select as HTMLSelectElement).options) {
        const probe = document.createElement('span');
        probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font:${style.font};letter-spacing:${style.letterSpacing}`;
        probe.textContent = option.textContent;
        document.body.append(probe);
        const needed = probe.getBoundingClientRect().width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 16;
        probe.remove();
        if (needed > select.clientWidth + 1) problems.push(`${name(select)} cuts "${option.textContent}" (${Math.round(needed)} > ${select.clientWidth})`);
      }
    }
    return problems.slice(0, 10);
  });
}

describe('the workspace layout', () => {
  it('queue and ticket pages fit their cards from 360 px, header and page share one container; screenshots in both languages at 1366 and 390 px', async () => {
    for (let i = 0; i < 4; i++) await newTicket({ subject: `Интеграция с платёжным шлюзом возвращает ошибку подписи №${i}` });
    const ticket = await newTicket({ kind: 'emergency', subject: 'Магазин недоступен после обновления, все страницы отвечают 500' });
    const failures: string[] = [];
    for (const [language, user] of [
      ['en', anna],
      ['ru', ruslan],
    ] as const) {
      const tab = await openAs(user);
      const { page } = tab;
      for (const width of [1366, 390, 360]) {
        await page.setViewportSize({ width, height: 900 });
        for (const [what, url, ready] of [
          ['queue', `${server.url}/agent`, 'main .queue-panel table, main .queue-panel .empty'],
          ['ticket', `${server.url}/agent/tickets/${ticket.id}`, 'main .ticket-layout'],
        ] as const) {
          await page.goto(url);
          await page.locator(ready).first().waitFor();
          await page
            .locator('main .loading')
            .first()
            .waitFor({ state: 'detached' })
            .catch(() => undefined);
          if (width !== 360) await screenshot(page, `workspace-${what}-${language}-${width}`);
          for (const problem of await overflowsOf(page)) failures.push(`${language} ${width}px ${what}: ${problem}`);
          if (width === 1366) {
            // One container: the header's content and the page start at the same x.
            const header = await page.locator('.site-header-inner').boundingBox();
            const main = await page.locator('main').boundingBox();
            if (Math.abs(header!.x - main!.x) > 1 || Math.abs(header!.width - main!.width) > 1)
              failures.push(`${language} ${what}: header ${header!.x}+${header!.width} vs page ${main!.x}+${main!.width}`);
          }
        }
      }
      expect(tab.problems).toEqual([]);
      await tab.page.close();
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
