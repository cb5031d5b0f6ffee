import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import ru from '../../web/src/i18n/ru.json' with { type: 'json' };
import { lastMailLink, TEST_PASSWORD } from '../app.js';
import { h1, screenshot, useServerAndBrowser } from '../browser.js';
import { codeNow } from '../twofactor.js';

// SQLite only: the browser exercises the UI; database behaviour is covered per dialect by the API suites.

const TIME_ZONE = 'Asia/Yekaterinburg'; // not the machine's zone, so the test sees that the browser's zone was sent

const web = useServerAndBrowser({ timezoneId: TIME_ZONE });
const openFreshPage = () => web.openFreshPage();

function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

async function signIn(page: Page, { email, password, labels = en }: { email: string; password: string; labels?: typeof en }) {
  await page.getByLabel(labels.fields.email, { exact: true }).fill(email);
  await page.getByLabel(labels.fields.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: labels.auth.signIn.submit, exact: true }).click();
}

async function storedUser(email: string) {
  return web.server.ctx.deps.db.selectFrom('users').select(['language', 'time_zone', 'email_verified_at']).where('email', '=', email).executeTakeFirstOrThrow();
}

describe('the web app in a browser', () => {
  it('a newcomer signs up, confirms the address from the mail, switches to Russian and signs in again', async () => {
    const { page, problems } = await openFreshPage();
    const email = 'newcomer@example.test';

    await page.goto(`${web.server.url}/`);
    await expect.poll(() => page.url()).toBe(`${web.server.url}/sign-in`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await h1(page, 'Create an account').waitFor();
    await page.getByLabel('Your name').fill('Nina Newcomer');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await screenshot(page, '01-sign-up');
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await h1(page, 'Check your mail').waitFor();
    await page.getByText(email).waitFor();
    await screenshot(page, '02-check-mail');

    const stored = await storedUser(email);
    expect(stored).toMatchObject({ language: 'en', time_zone: TIME_ZONE, email_verified_at: null });

    const link = await lastMailLink(web.server.ctx, { to: email, template: 'verify_email' });
    // Not signed in before the address is confirmed (no account pre-hijacking).
    await page.goto(`${web.server.url}/sign-in`);
    await signIn(page, { email, password: TEST_PASSWORD });
    await page.getByRole('alert').filter({ hasText: 'Confirm your email address first' }).waitFor();
    await page.getByRole('button', { name: 'Send a new confirmation link' }).click();
    await page.getByRole('status').filter({ hasText: 'a new link is on its way' }).waitFor();

    await page.goto(`${web.server.url}/verify-email?token=${encodeURIComponent(tokenOf(link))}`);
    await h1(page, 'Confirm your email').waitFor();
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await screenshot(page, '02b-confirm-email');
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    await h1(page, 'Personal Account').waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    await page.getByRole('heading', { level: 2, name: 'Support status' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Your requests' }).waitFor();
    await screenshot(page, '03-account');

    await page.getByRole('button', { name: 'Русский' }).click();
    await h1(page, 'Личный кабинет').waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ru');
    await expect(page.getByRole('button', { name: 'Русский' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect.poll(async () => (await storedUser(email)).language).toBe('ru');
    await page.reload();
    await h1(page, 'Личный кабинет').waitFor();
    await screenshot(page, '04-account-ru');
    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, '04-account-ru-phone');
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.getByRole('link', { name: 'Настройки' }).click();
    await h1(page, 'Настройки').waitFor();
    await expect(page.getByLabel('Часовой пояс').inputValue()).resolves.toBe(TIME_ZONE);
    await screenshot(page, '05-settings-ru');

    await page.getByRole('button', { name: 'Выйти', exact: true }).click();
    await h1(page, 'Вход').waitFor();
    await page.getByRole('status').filter({ hasText: 'Вы вышли' }).waitFor();
    await screenshot(page, '06-sign-in-ru');
    await signIn(page, { email, password: TEST_PASSWORD, labels: ru });
    await h1(page, 'Личный кабинет').waitFor();
    await page.getByRole('button', { name: 'Выйти', exact: true }).click();
    await h1(page, 'Вход').waitFor();

    // Signed out for real: the account page sends the person back to sign in.
    await page.goto(`${web.server.url}/account`);
    await h1(page, 'Вход').waitFor();

    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, '07-sign-in-phone');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an agent signs in and lands in the agent workspace', async () => {
    const { page, problems } = await openFreshPage();
    const email = 'agent@example.test';
    await web.server.ctx.deps.accounts.createUser({ role: 'agent', email, name: 'Alex Agent', password: TEST_PASSWORD });

    await page.goto(`${web.server.url}/agent`);
    await h1(page, 'Sign in').waitFor();
    await signIn(page, { email, password: TEST_PASSWORD });
    await h1(page, 'Agent workspace').waitFor();
    expect(new URL(page.url()).pathname).toBe('/agent');
    await page.getByRole('heading', { level: 2, name: 'Queue' }).waitFor();
    await screenshot(page, '08-agent-home');

    // The customer's home is not the agent's: they are sent back to their own.
    await page.goto(`${web.server.url}/account`);
    await h1(page, 'Agent workspace').waitFor();

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await h1(page, 'Sign in').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an agent turns on two-factor sign-in in Settings; signing in again asks for the code, in Russian too', async () => {
    const { page, problems } = await openFreshPage();
    const email = 'twofactor@example.test';
    await web.server.ctx.deps.accounts.createUser({ role: 'agent', email, name: 'Tanya Twofactor', password: TEST_PASSWORD });
    await page.goto(`${web.server.url}/sign-in`);
    await signIn(page, { email, password: TEST_PASSWORD });
    await h1(page, 'Agent workspace').waitFor();
    await page.goto(`${web.server.url}/settings`);
    await h1(page, 'Settings').waitFor();
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: 'QR code for the authenticator app' }).waitFor();
    const secret = (await page.locator('.two-factor-secret').textContent())!;
    await page.getByLabel('Code', { exact: true }).fill(await codeNow(web.server.ctx, secret));
    await screenshot(page, '12-two-factor-setup');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
    expect(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
    await screenshot(page, '13-two-factor-recovery-codes');
    await page.getByRole('button', { name: 'I have saved the codes' }).click();
    await page.getByText('Recovery codes left: 10').waitFor();

    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('button', { name: 'Выйти', exact: true }).click();
    await h1(page, 'Вход').waitFor();
    await signIn(page, { email, password: TEST_PASSWORD, labels: ru });
    await h1(page, 'Вход с двумя факторами').waitFor();
    // Nothing else opens before the code.
    await page.goto(`${web.server.url}/agent`);
    await h1(page, 'Вход с двумя факторами').waitFor();
    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, '14-two-factor-code-ru-phone');
    await page.setViewportSize({ width: 1280, height: 720 });
    // A new time step: the code used to set it up works only once.
    web.server.ctx.clock.advance(30_000);
    await page.getByLabel('Код', { exact: true }).fill(await codeNow(web.server.ctx, secret));
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await h1(page, 'Рабочее место').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("a wrong password shows the server's error in words", async () => {
    const { page, problems } = await openFreshPage();
    const email = 'forgetful@example.test';
    await web.server.ctx.deps.accounts.createUser({ role: 'customer', email, name: 'Fred Forgetful', password: TEST_PASSWORD });

    await page.goto(`${web.server.url}/sign-in`);
    const answer = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/v1/auth/sign-in');
    await signIn(page, { email, password: 'not the password at all' });
    const problem = (await (await answer).json()) as { code: string; detail: string };
    expect(problem.code).toBe('auth.invalid_credentials');
    await expect(page.getByRole('alert').textContent()).resolves.toBe(problem.detail);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshot(page, '09-sign-in-error');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a forgotten password is reset from the mailed link, and the link works once', async () => {
    const { page, problems } = await openFreshPage();
    const email = 'resetter@example.test';
    const newPassword = 'a brand new passphrase';
    await web.server.ctx.deps.accounts.createUser({ role: 'customer', email, name: 'Rita Resetter', password: TEST_PASSWORD });

    await page.goto(`${web.server.url}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await h1(page, 'Reset your password').waitFor();
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe(email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('we have sent it a link').waitFor();
    await screenshot(page, '10-forgot-password-sent');

    const resetUrl = `${web.server.url}/reset-password?token=${encodeURIComponent(tokenOf(await lastMailLink(web.server.ctx, { to: email, template: 'reset_password' })))}`;
    await page.goto(resetUrl);
    await h1(page, 'Choose a new password').waitFor();
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await screenshot(page, '11-reset-password');
    await page.getByRole('button', { name: 'Save the password' }).click();
    await h1(page, 'Sign in').waitFor();
    await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();

    await signIn(page, { email, password: newPassword });
    await h1(page, 'Personal Account').waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await h1(page, 'Sign in').waitFor();

    await page.goto(resetUrl);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await page.getByRole('button', { name: 'Save the password' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('This link is not valid any more. Ask for a new one.');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the translations', () => {
  function keysOf(value: unknown, prefix = ''): string[] {
    if (typeof value !== 'object' || value === null) return [prefix];
    return Object.entries(value).flatMap(([key, inner]) => keysOf(inner, prefix ? `${prefix}.${key}` : key));
  }

  // Plural forms differ by language (Russian has one, few and many; English one and other), so
  // a plural key counts once whatever its forms.
  const withoutPluralForms = (keys: string[]) => [...new Set(keys.map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();

  it('Russian has every English text and no others', () => {
    expect(withoutPluralForms(keysOf(ru))).toEqual(withoutPluralForms(keysOf(en)));
  });
});
