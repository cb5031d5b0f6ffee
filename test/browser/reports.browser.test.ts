import { describe, expect, it } from 'vitest';
import { signInAs, TEST_PASSWORD } from '../app.js';
import { h1, screenshot, useServerAndBrowser } from '../browser.js';
import { buildKnownHistory, msk } from '../reports.js';
import { customerWith, openTicket } from '../tickets.js';
import { SUPPORT_RULES_VERSION } from '../../src/modules/accounts/accounts.rules.js';
import { expectNoSeriousA11yViolations } from './a11y.js';

// SQLite only: the figures are checked on both databases in reports.usecases.test.ts; this shows them.
const web = useServerAndBrowser({ timezoneId: 'Europe/Moscow' });

describe('the reports page in a browser', () => {
  it('an admin reads the known history in English and in Russian, with charts, a linked breach and CSV export', async () => {
    const { ctx } = web.server;
    const history = await buildKnownHistory(ctx);
    const { page, problems } = await web.openFreshPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    await page.goto(`${web.server.url}/admin/reports`);
    await h1(page, 'Sign in').waitFor();
    await page.getByLabel('Email', { exact: true }).fill(history.admin.email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await h1(page, 'Reports').waitFor();
    // The page's own chunk arrived when the page opened, not with the app.
    expect(scripts.some((url) => /ReportsPage/.test(url))).toBe(true);

    await page.getByLabel('Period').selectOption('custom');
    await page.getByLabel('From', { exact: true }).fill('2026-11-27');
    await page.getByLabel('To', { exact: true }).fill('2026-12-06');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('2026-11-27 to 2026-12-06, dates in Europe/Moscow').waitFor();
    const figure = (name: string) => page.locator(`[data-figure="${name}"]`).textContent();
    expect(await figure('compliance')).toBe('66.7%');
    expect(await figure('same-day')).toBe('60%');
    expect(await figure('first-p50')).toBe('2 h');
    expect(await figure('breaches')).toBe('2');
    expect(await figure('best-effort')).toBe('1');
    expect(await figure('satisfaction')).toBe('4.5');
    await page.getByRole('img', { name: 'First replies by business time taken' }).waitFor();
    await page.getByRole('img', { name: 'New tickets and backlog by day' }).waitFor();
    await page.getByRole('link', { name: `#${history.tickets.t2.number}` }).waitFor();
    await page.getByRole('cell', { name: 'Still waiting' }).waitFor();
    await page.getByRole('cell', { name: 'Quick, thanks' }).waitFor();
    await page.getByRole('cell', { name: 'Xenia Agent' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'the reports page');
    await screenshot(page, 'admin-reports');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV: Per support agent' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('agents-2026-11-27-2026-12-06.csv');
    const csv = await new Promise<string>((resolve, reject) => {
      void file.createReadStream().then((stream) => {
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        stream.on('end', () => resolve(text));
        stream.on('error', reject);
      }, reject);
    });
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'Support agent,Replies,First replies,Median reply,Answered before the due time,Satisfaction',
      'Xenia Agent,5,4,6,1,4.5',
      'Yuri Agent,2,2,9,0,',
      '',
    ]);

    await page.getByRole('button', { name: 'Русский' }).click();
    await h1(page, 'Отчёты').waitFor();
    await page.getByLabel('Период').selectOption('custom');
    await page.getByLabel('С', { exact: true }).fill('2026-11-27');
    await page.getByLabel('По', { exact: true }).fill('2026-12-06');
    await page.getByRole('button', { name: 'Показать' }).click();
    await page.getByText('С 2026-11-27 по 2026-12-06, даты в поясе Europe/Moscow').waitFor();
    expect((await figure('compliance'))?.replace(/\s/g, ' ')).toBe('66,7 %');
    expect(await figure('first-p50')).toBe('2 ч');
    await page.getByRole('cell', { name: 'Ещё ждёт' }).waitFor();
    await page.getByRole('img', { name: 'Первые ответы по затраченному рабочему времени' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'the reports page in Russian');
    await screenshot(page, 'admin-reports-ru');
    expect(problems).toEqual([]);
  });

  it('the customer reads "usually answered within" on the home and the new-request form once 20 first replies exist, not before', async () => {
    const { ctx } = web.server;
    const customer = await customerWith(ctx, 'fresh');
    const agent = await signInAs(ctx, { role: 'agent' });
    await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/support-rules', headers: customer.headers, payload: { version: SUPPORT_RULES_VERSION } });
    const { page, problems } = await web.openFreshPage();
    await page.goto(`${web.server.url}/account`);
    await page.getByLabel('Email', { exact: true }).fill(customer.email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('support-status').waitFor();
    // The known history (first test) holds three answered first questions: too few to say anything.
    await expect(page.getByTestId('usually-within').count()).resolves.toBe(0);
    for (let i = 0; i < 17; i++) {
      ctx.clock.set(msk('2026-12-07T10:00'));
      const ticket = (await openTicket(ctx, customer)).json() as { id: string };
      ctx.clock.set(msk('2026-12-07T12:00'));
      await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/messages`, headers: agent.headers, payload: { body: 'Answer.' } });
    }
    ctx.clock.set(msk('2026-12-07T13:00'));
    await page.reload();
    await expect.poll(() => page.getByTestId('usually-within').textContent()).toBe('Usually answered within 2 business hours.');
    await page.goto(`${web.server.url}/account/tickets/new`);
    await page.getByRole('radio', { name: /Question/ }).check();
    await expect.poll(() => page.getByTestId('usually-within').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
