import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/demo.js';
import { FRIDAY_EVENING } from '../app.js';
import { buildWebOnce, h1, launchBrowser, openSignedInPage, removeWebBuild, screenshot } from '../browser.js';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../cli.js';
import { startTestServer, type TestServer } from '../server.js';

// `supportdesk demo` on a fresh install, then a tour of the main pages in both languages. The
// screenshots (test-results/screenshots/tour-*.png) are kept as artifacts; the tour fails on any
// script error or CSP violation on the way.
let dataDir: string;
let server: TestServer;
let browser: BrowserContext;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-tour-'));
  const [webDir, demo] = await Promise.all([
    buildWebOnce(),
    runCli(['demo'], { env: { SUPPORTDESK_DATA_DIR: dataDir, DATABASE_URL: '', SUPPORTDESK_NOW: new Date(FRIDAY_EVENING).toISOString() } }),
  ]);
  if (demo.code !== 0) throw new Error(`supportdesk demo failed:\n${demo.stderr}`);
  server = await startTestServer({ dialect: 'sqlite', webDir, sqlitePath: path.join(dataDir, 'supportdesk.sqlite') });
  browser = await launchBrowser({ locale: 'en-GB', timezoneId: 'Europe/Moscow' });
}, CLI_TEST_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await removeWebBuild();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

type Stop = { name: string; path: string };

const stopsTaken = { en: 0, ru: 0 };

async function tour({ email, language, stops }: { email: string; language: 'en' | 'ru'; stops: Stop[] }): Promise<string[]> {
  const { page, problems } = await openSignedInPage({ browser, baseUrl: server.url, email, password: DEMO_PASSWORD });
  await page.request.patch(`${server.url}/api/v1/me`, {
    data: { language },
    headers: { 'x-csrf-token': ((await (await page.request.get(`${server.url}/api/v1/auth/session`)).json()) as { csrfToken: string }).csrfToken },
  });
  for (const stop of stops) {
    await page.goto(`${server.url}${stop.path}`);
    await page.locator('h1').first().waitFor();
    // What the page loads after its heading (queues, conversations) is part of the picture; live
    // pages keep an event stream open, so wait for the placeholders to go, not for a quiet network.
    await expect.poll(() => page.locator('.loading').count(), { timeout: 15_000 }).toBe(0);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(language);
    await screenshot(page, `tour-${language}-${String(++stopsTaken[language]).padStart(2, '0')}-${stop.name}`);
  }
  await page.close();
  return problems;
}

/** The latest demo ticket that matches, and its customer. */
async function ticketOf(where: {
  customer?: string;
  language?: 'en' | 'ru';
  resolution?: string;
  status?: 'open' | 'pending' | 'resolved' | 'closed';
}): Promise<{ id: string; email: string }> {
  let query = server.ctx.deps.db.selectFrom('tickets').innerJoin('users', 'users.id', 'tickets.customer_id').select(['tickets.id', 'users.email']);
  if (where.customer) query = query.where('users.email', '=', where.customer);
  if (where.language) query = query.where('users.language', '=', where.language);
  if (where.resolution) query = query.where('tickets.resolution', '=', where.resolution);
  if (where.status) query = query.where('tickets.status', '=', where.status);
  const row = await query.orderBy('tickets.updated_at', 'desc').executeTakeFirst();
  if (!row) throw new Error(`no demo ticket for ${JSON.stringify(where)}`);
  return row;
}

describe('a tour of the demo desk', { timeout: 300_000 }, () => {
  for (const language of ['en', 'ru'] as const) {
    it(`customer, agent and admin pages in ${language === 'en' ? 'English' : 'Russian'}`, async () => {
      const customer = language === 'en' ? 'customer@example.test' : 'klient@example.test';
      const agent = language === 'en' ? 'agent2@example.test' : 'agent@example.test';
      const open = (await ticketOf({ customer, status: 'open' }).catch(() => ticketOf({ customer }))).id;
      const declined = await ticketOf({ language, resolution: 'declined' });
      const problems = [
        ...(await tour({
          email: customer,
          language,
          stops: [
            { name: 'account', path: '/account' },
            { name: 'account-ticket', path: `/account/tickets/${open}` },
            { name: 'account-new-request', path: '/account/tickets/new' },
            { name: 'account-licenses', path: '/account/licenses' },
          ],
        })),
        ...(await tour({ email: declined.email, language, stops: [{ name: 'account-declined', path: `/account/tickets/${declined.id}` }] })),
        ...(await tour({
          email: agent,
          language,
          stops: [
            { name: 'agent-queues', path: '/agent' },
            { name: 'agent-ticket', path: `/agent/tickets/${open}` },
            { name: 'agent-search', path: '/agent/search?q=update' },
          ],
        })),
        ...(await tour({
          email: 'admin@example.test',
          language,
          stops: [
            { name: 'admin-home', path: '/admin' },
            { name: 'admin-calendar', path: '/admin/calendar' },
            { name: 'admin-reply-targets', path: '/admin/reply-targets' },
          ],
        })),
      ];
      const { page } = await openSignedInPage({ browser, baseUrl: server.url, email: 'admin@example.test', password: DEMO_PASSWORD });
      await page.request.post(`${server.url}/api/v1/auth/sign-out`, {
        headers: { 'x-csrf-token': ((await (await page.request.get(`${server.url}/api/v1/auth/session`)).json()) as { csrfToken: string }).csrfToken },
      });
      await page.goto(`${server.url}/suggest`);
      await page.evaluate((lang) => localStorage.setItem('supportdesk.language', lang), language);
      await page.reload();
      await h1(page, language === 'en' ? 'Suggest an idea or a partnership' : 'Предложить идею или сотрудничество').waitFor();
      await screenshot(page, `tour-${language}-${String(++stopsTaken[language]).padStart(2, '0')}-suggest`);
      await page.close();
      expect(problems).toEqual([]);
    });
  }
});
