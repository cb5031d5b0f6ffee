import type { Browser, Page, Request, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket, User } from '../../src/db/types.js';
import { FRIDAY_EVENING, TEST_PASSWORD } from '../app.js';
import { buildWebOnce, launchChromium, removeWebBuild } from '../browser.js';
import { startTestServer, type TestServer } from '../server.js';
import { giveLicense } from '../tickets.js';
import { createViewsService } from '../../src/modules/views/views.service.js';

// The request budget (issue 12): every main page, open as its role with live updates on, stays
// quiet while nothing happens, and one change costs each page a handful of requests, not a storm.
// A page that refetches on every render (a refresh function returned as an effect's cleanup once
// sent 40–195 requests a second) fails here within the first seconds.
//
// SQLite only: what is measured is the web app's own behaviour. The pages are watched side by side,
// each in a browser profile of its own (its own session and connections), so the 30 idle seconds
// are spent once for all of them.

/** Requests an idle page may make in 30 s (none are expected: updates come over the event stream). */
const IDLE_BUDGET = 2;
const IDLE_MS = 30_000;
/** Requests a page may make after one ticket changes (it refetches what it shows, once). */
const CHANGE_BUDGET = 6;
/** How long a page must send nothing to count as settled. */
const QUIET_MS = 2_000;
/** Pages opened at once while loading (the idle minute is shared by all of them anyway). */
const OPENING_AT_ONCE = 4;

type Role = 'agent' | 'admin' | 'customer';

interface PageSpec {
  label: string;
  role: Role;
  path: string;
  /** Whether the page listens to live updates (then its event stream must be open). */
  isLive: boolean;
}

interface WatchedPage {
  spec: PageSpec;
  page: Page;
  /** Every API request the page sent, with when. */
  requests: { at: number; what: string }[];
  /** Responses of 400 and above, console errors and script errors: none are expected. */
  problems: string[];
  hasOpenStream: boolean;
}

let server: TestServer;
let browser: Browser;
const people = {} as Record<'agent' | 'admin' | 'maria' | 'eve', User>;
const tickets = {} as Record<'question' | 'emergency' | 'overdue' | 'pending' | 'bestEffort' | 'suggestion' | 'partnership', Ticket>;
const watched: WatchedPage[] = [];

beforeAll(async () => {
  const webDir = await buildWebOnce();
  server = await startTestServer({ dialect: 'sqlite', webDir });
  browser = await launchChromium();
  const { accounts, tickets: usecases, ticketActions } = server.ctx.deps;
  const make = async (role: Role, email: string, name: string) =>
    (await accounts.createUser({ role, email, name, password: TEST_PASSWORD, timeZone: 'Europe/Moscow' })).user;
  people.agent = await make('agent', 'anton@example.test', 'Anton Agent');
  people.admin = await make('admin', 'ada@example.test', 'Ada Admin');
  people.maria = await make('customer', 'maria@example.test', 'Maria Moscow');
  people.eve = await make('customer', 'eve@example.test', 'Eve Expired');
  await giveLicense(server.ctx, { email: people.maria.email, key: 'MARIA-PRO-1', purchasedOn: '2026-06-01', domains: ['shop.maria.test'] });
  await giveLicense(server.ctx, { email: people.eve.email, key: 'EVE-OLD-1', purchasedOn: '2025-01-10' });

  // Something in every queue, so that each page shows rows rather than an empty state.
  const ask = async (actor: User, kind: Ticket['kind'], subject: string, extra: { arrivedAt?: number } = {}) =>
    (await usecases.createTicket({ actor, kind, subject, body: `${subject}: details follow.`, ...extra })).ticket;
  tickets.question = await ask(people.maria, 'question', 'Catalog page shows error 500');
  tickets.emergency = await ask(people.maria, 'emergency', 'The shop is down');
  await ticketActions.assign({ actor: people.agent, ticketId: tickets.emergency.id, assigneeId: people.agent.id });
  tickets.overdue = await ask(people.maria, 'problem', 'Search index is empty', { arrivedAt: FRIDAY_EVENING - 6 * 24 * 3600_000 });
  tickets.pending = await ask(people.maria, 'question', 'How do I move the site?');
  await usecases.addMessage({ actor: people.agent, ticketId: tickets.pending.id, body: 'Which hosting do you move to?' });
  tickets.bestEffort = await ask(people.eve, 'question', 'Old license question');
  tickets.suggestion = await ask(people.maria, 'suggestion', 'Dark mode for the admin panel');
  tickets.partnership = await ask(people.maria, 'partnership', 'Reselling in Kazakhstan');
  // A saved view with words and a filter: its page and its live count are watched like a queue's.
  const { db, dialect, clock } = server.ctx.deps;
  await createViewsService({ db, dialect, clock }).create({
    actor: people.agent,
    name: 'Catalog questions',
    shared: false,
    filters: { queue: 'all', kind: 'question', q: 'catalog' },
    sort: 'updated_desc',
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await removeWebBuild();
});

const emailOf = (role: Role) => ({ agent: people.agent.email, admin: people.admin.email, customer: people.maria.email })[role];

/** A tab in a profile of its own, signed in as `role`, that records its API requests and every problem. */
async function openWatched(spec: PageSpec): Promise<WatchedPage> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const res = await context.request.post(`${server.url}/api/v1/auth/sign-in`, { data: { email: emailOf(spec.role), password: TEST_PASSWORD } });
  if (res.status() !== 200) throw new Error(`signing in as ${spec.role}: ${res.status()}`);
  const page = await context.newPage();
  // Loading every page at once on a busy machine is slow; the budget is about requests, not speed.
  page.setDefaultTimeout(30_000);
  const entry: WatchedPage = { spec, page, requests: [], problems: [], hasOpenStream: false };
  const describe = (request: Request) => `${request.method()} ${new URL(request.url()).pathname}${new URL(request.url()).search}`;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) entry.requests.push({ at: Date.now(), what: describe(request) });
  });
  page.on('response', (response: Response) => {
    const path = new URL(response.url()).pathname;
    if (path === '/api/v1/events' && response.status() === 200) entry.hasOpenStream = true;
    if (response.status() >= 400) entry.problems.push(`${response.status()} ${describe(response.request())}`);
  });
  page.on('pageerror', (error) => entry.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A failed response is reported above with its address; the console line would only repeat it.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) entry.problems.push(`console: ${message.text()}`);
  });
  await page.goto(`${server.url}${spec.path}`);
  return entry;
}

/** Waits until the page shows its content (no loading placeholders) and has sent nothing for QUIET_MS. */
async function settle(entry: WatchedPage): Promise<void> {
  const { page, spec } = entry;
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('main .loading').length === 0);
  if (spec.isLive) {
    await expect.poll(() => entry.hasOpenStream, { timeout: 30_000, message: `${spec.label}: the live event stream never opened` }).toBe(true);
  }
  const deadline = Date.now() + 20_000;
  for (;;) {
    const last = entry.requests.at(-1)?.at ?? 0;
    const quietFor = Date.now() - last;
    if (quietFor >= QUIET_MS) return;
    if (Date.now() > deadline) {
      const recent = entry.requests.filter((r) => r.at > Date.now() - 5_000);
      throw new Error(
        `${spec.label} never went quiet: ${recent.length} API requests in the last 5 s, e.g. ${recent
          .slice(-3)
          .map((r) => r.what)
          .join(', ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS - quietFor + 50));
  }
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function inBatches<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += limit) results.push(...(await Promise.all(items.slice(i, i + limit).map(fn))));
  return results;
}

/** The links of a navigation region, read from a signed-in page (so new queues and admin pages are covered too). */
async function linksOf(role: Role, path: string, selector: string): Promise<string[]> {
  const entry = await openWatched({ label: `discovery ${path}`, role, path, isLive: false });
  await entry.page.locator(selector).first().waitFor();
  const hrefs = await entry.page.locator(selector).evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).getAttribute('href') ?? ''));
  await entry.page.context().close();
  return [...new Set(hrefs.filter((href) => href.startsWith('/')))];
}

function countSince(entry: WatchedPage, since: number): { count: number; sample: string[] } {
  const after = entry.requests.filter((r) => r.at >= since);
  return { count: after.length, sample: after.slice(0, 5).map((r) => r.what) };
}

describe('the request budget of the main pages', () => {
  it('every main page stays quiet for 30 s with live updates on, one change costs each a handful of requests, and nothing fails', async () => {
    const queues = await linksOf('agent', '/agent', '.queue-nav a');
    expect(queues.length).toBeGreaterThanOrEqual(9);
    expect(queues.filter((path) => path.startsWith('/agent?view='))).toHaveLength(1);
    const adminPages = await linksOf('admin', '/admin', '.admin-nav a');
    expect(adminPages.length).toBeGreaterThanOrEqual(2);
    const specs: PageSpec[] = [
      ...queues.map((path) => ({ label: `agent queue ${path}`, role: 'agent' as const, path, isLive: true })),
      { label: 'agent ticket page', role: 'agent', path: `/agent/tickets/${tickets.question.id}`, isLive: true },
      { label: 'agent ticket page (emergency)', role: 'agent', path: `/agent/tickets/${tickets.emergency.id}`, isLive: true },
      { label: 'search', role: 'agent', path: '/agent/search?q=catalog', isLive: false },
      { label: "agent's reports", role: 'agent', path: '/agent/reports', isLive: false },
      { label: 'help articles (staff)', role: 'agent', path: '/agent/help', isLive: false },
      { label: "customer's home", role: 'customer', path: '/account', isLive: true },
      { label: 'customer ticket page', role: 'customer', path: `/account/tickets/${tickets.question.id}`, isLive: true },
      ...adminPages.map((path) => ({ label: `admin ${path}`, role: 'admin' as const, path, isLive: false })),
    ];

    watched.push(...(await inBatches(specs, OPENING_AT_ONCE, openWatched)));
    await inBatches(watched, OPENING_AT_ONCE, settle);

    // Idle: nobody does anything for 30 s. Waiting out the time is what this test measures.
    const idleFrom = Date.now();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idle = watched.map((entry) => ({ label: entry.spec.label, ...countSince(entry, idleFrom) }));
    expect(idle.filter((row) => row.count > IDLE_BUDGET)).toEqual([]);

    // One change: the customer writes on the question. Pages that show it refetch once, over the stream.
    const changeFrom = Date.now();
    await server.ctx.deps.tickets.addMessage({ actor: people.maria, ticketId: tickets.question.id, body: 'It happens on the product page as well.' });
    const agentTicket = watched.find((entry) => entry.spec.label === 'agent ticket page')!;
    await agentTicket.page.getByText('It happens on the product page as well.').waitFor();
    const customerTicket = watched.find((entry) => entry.spec.label === 'customer ticket page')!;
    await customerTicket.page.getByText('It happens on the product page as well.').waitFor();
    await inBatches(watched, OPENING_AT_ONCE, settle);
    const change = watched.map((entry) => ({ label: entry.spec.label, ...countSince(entry, changeFrom) }));
    expect(change.filter((row) => row.count > CHANGE_BUDGET)).toEqual([]);

    expect(watched.flatMap((entry) => entry.problems.map((problem) => `${entry.spec.label}: ${problem}`))).toEqual([]);
  }, 300_000);
});
