import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/db/types.js';
import { TEST_PASSWORD } from '../app.js';
import { buildWebOnce, launchBrowser, openSignedInPage, removeWebBuild, screenshot, type OpenPage } from '../browser.js';
import { startTestServer, type TestServer } from '../server.js';
import { giveLicense } from '../tickets.js';
import { expectNoSeriousA11yViolations } from './a11y.js';

// SQLite only: this drives the vault's screens through the done-when story of R7; what the vault
// stores, refuses, destroys and leaves on disk is covered on both databases by the API suites
// (src/modules/vault/*.test.ts).

const FTP_PASSWORD = 'Browser-Kiwi-5530-Lynx';

let server: TestServer;
let customerBrowser: BrowserContext;
let agentBrowser: BrowserContext;
let customer: User;
let agent: User;

beforeAll(async () => {
  const webDir = await buildWebOnce();
  server = await startTestServer({ dialect: 'sqlite', webDir });
  [customerBrowser, agentBrowser] = await Promise.all([
    launchBrowser({ locale: 'en-US', timezoneId: 'Europe/Moscow' }),
    launchBrowser({ locale: 'en-US', timezoneId: 'Europe/Moscow' }),
  ]);
  const { accounts } = server.ctx.deps;
  customer = (
    await accounts.createUser({ role: 'customer', email: 'vera@example.test', name: 'Vera Vault', password: TEST_PASSWORD, timeZone: 'Europe/Moscow' })
  ).user;
  agent = (await accounts.createUser({ role: 'agent', email: 'artem@example.test', name: 'Artem Agent', password: TEST_PASSWORD, timeZone: 'Europe/Moscow' }))
    .user;
  await giveLicense(server.ctx, { email: customer.email, key: 'VERA-PRO-1', purchasedOn: '2026-06-01' });
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

const vaultPanel = (page: Page) => page.locator('section[data-region="vault"]');

describe('the emergency access vault in the browser', () => {
  it('an agent asks for access, the customer gives it in the form, the assigned agent reveals it once with a reason, and resolving destroys it and reminds the customer', async () => {
    const { ticket } = await server.ctx.deps.tickets.createTicket({
      actor: customer,
      kind: 'emergency',
      subject: 'The shop is down after the update',
      body: 'Every page answers 500.',
      licenseKey: 'VERA-PRO-1',
    });
    await server.ctx.deps.ticketActions.assign({ actor: agent, ticketId: ticket.id, assigneeId: agent.id });

    // The agent asks for FTP access.
    const agentTab = await openAs(agentBrowser, agent);
    await agentTab.page.clock.install();
    await agentTab.page.goto(`${server.url}/agent/tickets/${ticket.id}`);
    const agentPanel = vaultPanel(agentTab.page);
    await agentPanel.getByRole('heading', { name: 'Server access' }).waitFor();
    await agentPanel.getByLabel('Kind of access').selectOption('ftp');
    await agentPanel.getByLabel('Why you need it').fill('To restore the theme from the hosting backup.');
    await agentPanel.getByRole('button', { name: 'Ask the customer' }).click();
    await agentPanel.getByText('Asked. The customer has been told.').waitFor();
    await agentPanel.getByText('Waiting for the customer to give the details.').waitFor();
    const requested = await server.ctx.deps.db
      .selectFrom('mail_outbox')
      .select('text_body')
      .where('template', '=', 'vault_requested')
      .executeTakeFirstOrThrow();
    expect(requested.text_body).toContain(`/account/tickets/${ticket.id}`);

    // The customer first tries to paste the password into a message: warned, offered the form.
    const customerTab = await openAs(customerBrowser, customer);
    await customerTab.page.goto(`${server.url}/account/tickets/${ticket.id}`);
    const customerPanel = vaultPanel(customerTab.page);
    await customerPanel.getByText('To restore the theme from the hosting backup.').waitFor();
    await customerTab.page.getByLabel('Your message').fill(`FTP login: deploy\npassword: ${FTP_PASSWORD}`);
    await customerTab.page.getByRole('button', { name: 'Send', exact: true }).click();
    await customerTab.page.getByText('This looks like a password or a key.').waitFor();
    await expectNoSeriousA11yViolations(customerTab.page, 'the customer ticket page with a vault request');
    await screenshot(customerTab.page, 'vault-01-customer-warning');
    await customerTab.page.getByRole('button', { name: 'Use the secure form instead' }).click();
    await expect.poll(() => customerTab.page.evaluate(() => document.activeElement?.closest('form')?.id)).toBe('vault-credentials');
    await customerTab.page.getByLabel('Your message').fill('I will use the form.');

    await customerPanel.getByLabel('Host').fill('ftp.vera-shop.example');
    await customerPanel.getByLabel('Port (optional)').fill('21');
    await customerPanel.getByLabel('User name').fill('deploy');
    await customerPanel.getByLabel('Password').fill(FTP_PASSWORD);
    await customerPanel.getByLabel('Destroy after').selectOption('3');
    await customerPanel.getByRole('button', { name: 'Send securely' }).click();
    await customerPanel.getByText('Thank you. The details are in the vault').waitFor();
    await expect(customerPanel.getByLabel('Password').count()).resolves.toBe(0);
    await screenshot(customerTab.page, 'vault-02-customer-submitted');

    // The assigned agent reveals them with their password and a reason; they hide again by themselves.
    await agentTab.page.reload();
    await agentPanel.getByLabel('Your password').fill(TEST_PASSWORD);
    await agentPanel.getByLabel('Why now').fill('Restoring the theme files.');
    await agentPanel.getByRole('button', { name: 'Show the details' }).click();
    const secret = agentPanel.getByTestId('vault-secret');
    await secret.getByText(FTP_PASSWORD).waitFor();
    await secret.getByText('ftp.vera-shop.example').waitFor();
    await expectNoSeriousA11yViolations(agentTab.page, 'the agent ticket page with revealed credentials');
    await screenshot(agentTab.page, 'vault-03-agent-revealed');
    await agentTab.page.clock.fastForward(31_000);
    await secret.waitFor({ state: 'detached' });
    expect(await agentTab.page.content()).not.toContain(FTP_PASSWORD);
    await agentPanel.getByText('Artem Agent viewed the details: “Restoring the theme files.”').waitFor();

    // The customer sees who looked, when and why.
    await customerTab.page.reload();
    await customerPanel.getByText('Artem Agent viewed the details: “Restoring the theme files.”').waitFor();

    // Resolving the ticket destroys the credentials and reminds the customer to change them.
    await agentTab.page.getByLabel('Your reply').fill('The theme is restored; the shop is back.');
    await agentTab.page.getByRole('button', { name: 'Send and resolve' }).click();
    await agentPanel.getByText('destroyed').first().waitFor();
    await server.ctx.deps.vault.whenIdle();
    expect(await server.ctx.deps.db.selectFrom('vault_secrets').selectAll().execute()).toEqual([]);
    const reminder = await server.ctx.deps.db
      .selectFrom('mail_outbox')
      .select(['to_address', 'text_body'])
      .where('template', '=', 'vault_change_credentials')
      .executeTakeFirstOrThrow();
    expect(reminder.to_address).toBe(customer.email);
    expect(reminder.text_body).not.toContain(FTP_PASSWORD);

    await customerTab.page.goto(`${server.url}/account`);
    await customerTab.page.getByRole('heading', { name: 'Change the access details you gave us' }).waitFor();
    await customerTab.page.goto(`${server.url}/account/tickets/${ticket.id}`);
    await customerPanel.getByText(/^Destroyed when the ticket was resolved/).waitFor();
    await screenshot(customerTab.page, 'vault-04-customer-reminded');
    await customerPanel.getByRole('button', { name: 'I changed them' }).click();
    await customerPanel.getByText(/^You changed these details/).waitFor();

    expect(customerTab.problems).toEqual([]);
    expect(agentTab.problems).toEqual([]);
    const everything = await server.ctx.deps.db.selectFrom('ticket_messages').select('body').where('ticket_id', '=', ticket.id).execute();
    expect(JSON.stringify(everything)).not.toContain(FTP_PASSWORD);
  });
});
