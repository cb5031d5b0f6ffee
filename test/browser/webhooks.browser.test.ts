import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../app.js';
import { h1, screenshot, useServerAndBrowser } from '../browser.js';
import { customerWith, openTicket } from '../tickets.js';
import { startReceiver } from '../webhooks.js';
import { expectNoSeriousA11yViolations } from './a11y.js';

// SQLite only: the webhook API, delivery and storage are covered on both databases by the API suites.
const web = useServerAndBrowser({ timezoneId: 'Europe/Moscow' });

describe('the webhooks admin page in a browser', () => {
  it('an admin allows loopback targets, subscribes a receiver, sees the secret once, and follows a delivery in the log, also 360 px wide', async () => {
    const receiver = await startReceiver();
    try {
      const { ctx } = web.server;
      const email = 'webhook-admin@example.test';
      await ctx.deps.accounts.createUser({ role: 'admin', email, name: 'Hook Admin', password: TEST_PASSWORD });
      const { page, problems } = await web.openFreshPage();
      await page.goto(`${web.server.url}/admin/webhooks`);
      await h1(page, 'Sign in').waitFor();
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await h1(page, 'Webhooks').waitFor();
      await page.getByText('No webhook subscriptions yet.').waitFor();

      // A loopback receiver is refused until the setting allows it.
      await page.getByLabel('URL', { exact: true }).fill(receiver.url);
      await page.getByRole('checkbox', { name: /ticket\.created/ }).check();
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page.getByText('The URL points at a private, loopback or link-local address.').waitFor();
      await page.getByRole('checkbox', { name: 'Allow private, loopback and link-local addresses' }).check();
      await page.getByText('Saved.').waitFor();
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page.getByText('The signing secret, shown only now').waitFor();
      const secret = await page.locator('.webhook-secret').textContent();
      expect(secret).toMatch(/^whsec_/);
      await page.getByRole('cell', { name: receiver.url }).waitFor();
      await expectNoSeriousA11yViolations(page, 'the webhooks page');
      await screenshot(page, 'admin-webhooks');

      const customer = await customerWith(ctx, 'fresh');
      const ticket = (await openTicket(ctx, customer, { subject: 'From the browser test' })).json() as { id: string };
      await ctx.deps.webhookSender.deliverDue();
      expect(receiver.accepted().map((r) => r.ticketId)).toEqual([ticket.id]);

      await page.getByRole('link', { name: 'Delivery log' }).click();
      await h1(page, 'Webhook delivery log').waitFor();
      await page.getByText('delivered', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Details' }).click();
      await page.getByRole('heading', { name: 'Request body' }).waitFor();
      await expect.poll(() => page.locator('.webhook-body').first().textContent()).toContain('"type":"ticket.created"');
      await page.getByText('HTTP 200 ·').first().waitFor();
      await expectNoSeriousA11yViolations(page, 'the webhook log');
      await page.getByRole('button', { name: 'Redeliver' }).click();
      await page.getByText('pending', { exact: true }).waitFor();
      await ctx.deps.webhookSender.deliverDue();
      expect(receiver.received).toHaveLength(2);
      expect(receiver.accepted()).toHaveLength(1);

      await page.setViewportSize({ width: 360, height: 740 });
      await page.reload();
      await h1(page, 'Webhook delivery log').waitFor();
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);
      await screenshot(page, 'admin-webhook-log-360');
      await page.goto(`${web.server.url}/admin/webhooks`);
      await h1(page, 'Webhooks').waitFor();
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);
      await screenshot(page, 'admin-webhooks-360');
      expect(problems).toEqual([]);
    } finally {
      await receiver.stop();
    }
  });
});
