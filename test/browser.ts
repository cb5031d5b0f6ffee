import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './server.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let webBuild: Promise<string> | undefined;

/**
 * Builds the web app with the project's vite.config.ts into a temporary directory, once per process,
 * so `npm test` works on a fresh clone without a separate build step. Returns the directory.
 */
export function buildWebOnce(): Promise<string> {
  webBuild ??= (async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supportdesk-web-'));
    const { build } = await import('vite');
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build; test what ships.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    } catch (error) {
      fs.rmSync(outDir, { recursive: true, force: true });
      throw error;
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    return outDir;
  })();
  return webBuild;
}

/** Removes the build made by buildWebOnce (call it in afterAll; Vitest ends its workers without an exit event). */
export async function removeWebBuild(): Promise<void> {
  const pending = webBuild;
  webBuild = undefined;
  const dir = await pending?.catch(() => undefined);
  if (dir) await fs.promises.rm(dir, { recursive: true, force: true });
}

/**
 * A headless Chromium with a throwaway profile; the profile is removed when the context closes.
 * `locale` and `timezoneId` pin what the page sees in navigator.languages and Intl, so tests do not
 * depend on the machine they run on.
 */
export async function launchBrowser({ locale, timezoneId }: { locale?: string; timezoneId?: string } = {}): Promise<BrowserContext> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'));
  const context = await chromium
    .launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      locale,
      timezoneId,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    .catch((error: unknown) => {
      fs.rmSync(userDataDir, { recursive: true, force: true });
      throw error;
    });
  // The profile can only go once Chromium has exited, which is when the persistent context's close() returns.
  const close = context.close.bind(context);
  context.close = async (...args: Parameters<BrowserContext['close']>) => {
    await close(...args);
    await fs.promises.rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  return context;
}

/**
 * A headless Chromium process for tests that need many separate sessions at once: each
 * `browser.newContext()` is a profile of its own (cookies, storage and its own six connections per
 * host, which open event streams would otherwise use up in one profile).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png (kept as a CI artifact). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface OpenPage {
  page: Page;
  /** Script errors and CSP violations seen so far; failed requests (a 401 or 400 the app handles) are expected and not listed. */
  problems: string[];
}

/** A new tab without cookies that records script errors and CSP violations. */
async function openWatchedPage(browser: BrowserContext): Promise<OpenPage> {
  await browser.clearCookies();
  const page = await browser.newPage();
  // Well under a test's own timeout, so a failure names the step that waited in vain.
  page.setDefaultTimeout(8_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  return { page, problems };
}

/** A tab with no session and no remembered language, as on a first visit. */
export async function openFreshPage({ browser, baseUrl }: { browser: BrowserContext; baseUrl: string }): Promise<OpenPage> {
  const opened = await openWatchedPage(browser);
  // Same origin as the app, so this clears the app's localStorage before the app first runs.
  await opened.page.goto(`${baseUrl}/healthz`);
  await opened.page.evaluate(() => localStorage.clear());
  return opened;
}

/** A tab signed in as `email` (through the API, sharing the browser's cookies). */
export async function openSignedInPage({
  browser,
  baseUrl,
  email,
  password,
}: {
  browser: BrowserContext;
  baseUrl: string;
  email: string;
  password: string;
}): Promise<OpenPage> {
  const opened = await openWatchedPage(browser);
  const res = await opened.page.request.post(`${baseUrl}/api/v1/auth/sign-in`, { data: { email, password } });
  if (res.status() !== 200) throw new Error(`signing in as ${email}: ${res.status()} ${await res.text()}`);
  return opened;
}

/** A page's main heading. */
export function h1(page: Page, name: string) {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

/**
 * For a browser test file with one browser: the built web app served on SQLite and a browser in
 * `timezoneId`, started before the file's tests and closed after them.
 */
export function useServerAndBrowser({ timezoneId }: { timezoneId: string }): { readonly server: TestServer; openFreshPage(): Promise<OpenPage> } {
  let server: TestServer | undefined;
  let browser: BrowserContext | undefined;
  beforeAll(async () => {
    const webDir = await buildWebOnce();
    server = await startTestServer({ dialect: 'sqlite', webDir });
    browser = await launchBrowser({ locale: 'en-US', timezoneId });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeWebBuild();
  });
  return {
    get server() {
      if (!server) throw new Error('the test server is not started yet');
      return server;
    },
    openFreshPage: () => openFreshPage({ browser: browser!, baseUrl: server!.url }),
  };
}
