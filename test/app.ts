import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../src/config/config.js';
import type { DialectName } from '../src/db/database.js';
import { createDeps, type AppDeps } from '../src/deps.js';
import { buildApp } from '../src/http/app.js';
import { createJobRunner } from '../src/jobs/jobs.runner.js';
import { createJobRegistry } from '../src/jobs/registry.js';
import type { AppInstance } from '../src/http/types.js';
import type { Role } from '../src/modules/accounts/accounts.models.js';
import { createManualClock } from '../src/shared/clock.js';
import { createLogger } from '../src/shared/logger.js';
import { createTestDb, type TestDb } from './db.js';

/** Friday 2026-11-27 19:00 in Moscow: the seed's example instant. */
export const FRIDAY_EVENING = Date.parse('2026-11-27T16:00:00Z');
export const TEST_PASSWORD = 'correct horse battery';

export interface TestContext {
  app: AppInstance;
  deps: AppDeps;
  db: TestDb;
  clock: ReturnType<typeof createManualClock>;
  /** Everything the app logged, one JSON line each, to check that secrets never reach logs. */
  logs: string[];
  close(): Promise<void>;
}

/** A real app on a real, migrated database (SQLite in memory or a private PostgreSQL schema). */
export async function createTestContext({
  dialect,
  config: overrides = {},
  webDir,
  sqlitePath,
  database,
}: {
  dialect: DialectName;
  config?: Partial<Config>;
  webDir?: string;
  sqlitePath?: string;
  /** A migrated database of the caller's (a private PostgreSQL cluster, say) instead of a fresh one; dropped on close. */
  database?: TestDb;
}): Promise<TestContext> {
  const db = database ?? (await createTestDb(dialect, { sqlitePath }));
  const clock = createManualClock(FRIDAY_EVENING);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  // A private data directory: stored attachments (and a purge job) never touch a developer's ./data.
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'supportdesk-test-'));
  // No rate limit and no load shedding (a loaded test machine would shed): the tests of those turn them on.
  const config: Config = { ...loadConfig({}), rateLimitPerMinute: 0, maxInFlight: 0, maxEventLoopDelayMs: 0, logLevel: 'info', dataDir, ...overrides };
  const logger = createLogger({ level: config.logLevel, destination });
  let deps: AppDeps;
  let app: AppInstance;
  try {
    deps = createDeps({ config, db: db.db, dialect, clock, logger });
    app = await buildApp(deps, { webDir });
    await app.ready();
  } catch (error) {
    await db.drop(); // never leave a PostgreSQL schema behind (see createTestDb)
    if (!overrides.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    app,
    deps,
    db,
    clock,
    logs,
    close: async () => {
      await app.close();
      await db.drop();
      if (!overrides.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Caller {
  userId: string;
  email: string;
  headers: Record<string, string>;
}

/** Creates a person and signs them in; the returned headers carry the cookie and CSRF token. */
export async function signInAs(ctx: TestContext, { role, email, name }: { role: Role; email?: string; name?: string }): Promise<Caller> {
  const address = email ?? `${role}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const { user } = await ctx.deps.accounts.createUser({ email: address, name: name ?? `Test ${role}`, role, password: TEST_PASSWORD });
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: address, password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
  return { userId: user.id, email: address, headers: sessionHeaders(res) };
}

/** The cookie and CSRF headers of a sign-in (or verify) response. */
export function sessionHeaders(res: LightMyRequestResponse): Record<string, string> {
  const cookie = res.cookies.find((c) => c.name === 'sd_session');
  if (!cookie) throw new Error('no session cookie in response');
  return { cookie: `sd_session=${cookie.value}`, 'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken };
}

/** Creates a person with an API token (optionally scoped); returns the bearer header. */
export async function tokenFor(
  ctx: TestContext,
  { role, scopes = [] }: { role: Role; scopes?: string[] },
): Promise<{ userId: string; headers: Record<string, string>; tokenId: string }> {
  const { user } = await ctx.deps.accounts.createUser({
    email: `${role}-token-${Math.random().toString(36).slice(2, 8)}@example.test`,
    name: `Token ${role}`,
    role,
    password: TEST_PASSWORD,
  });
  const { token, secret } = await ctx.deps.tokens.createToken({ userId: user.id, name: 'test', scopes });
  return { userId: user.id, tokenId: token.id, headers: { authorization: `Bearer ${secret}` } };
}

/** The link a mail in the outbox carries (the test reads the outbox like a mailbox). */
export async function lastMailLink(ctx: TestContext, { to, template }: { to: string; template: string }): Promise<string> {
  const mail = await ctx.deps.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('to_address', '=', to)
    .where('template', '=', template)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!mail) throw new Error(`no ${template} mail to ${to}`);
  const match = /https?:\/\/\S+/.exec(mail.text_body);
  if (!match) throw new Error('no link in mail');
  return match[0];
}

/**
 * Runs the jobs already queued (a new ticket's mails, an assignment, a recompute), as the runner of
 * `serve` would a moment later; scheduled jobs are not started.
 */
export function runQueuedJobs(ctx: TestContext): Promise<number> {
  return runJobs(ctx, { withSchedules: false });
}

/** One tick of `serve`'s job runner: enqueues the scheduled jobs due in this period, then runs everything due. */
export function runDueJobs(ctx: TestContext): Promise<number> {
  return runJobs(ctx, { withSchedules: true });
}

function runJobs(ctx: TestContext, { withSchedules }: { withSchedules: boolean }): Promise<number> {
  const { definitions, schedules } = createJobRegistry(ctx.deps);
  const runner = createJobRunner({ queue: ctx.deps.jobs, definitions, schedules: withSchedules ? schedules : [], clock: ctx.clock, logger: ctx.deps.logger });
  return runner.runDue();
}
