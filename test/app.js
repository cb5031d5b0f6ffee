import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config/config.js';
import { createDeps } from '../src/deps.js';
import { buildApp } from '../src/http/app.js';
import { createManualClock } from '../src/shared/clock.js';
import { createLogger } from '../src/shared/logger.js';
import { createTestDb } from './db.js';
/** Friday 2026-11-27 19:00 in Moscow: the seed's example instant. */
export const FRIDAY_EVENING = Date.parse('2026-11-27T16:00:00Z');
export const TEST_PASSWORD = 'correct horse battery';
/** A real app on a real, migrated database (SQLite in memory or a private PostgreSQL schema). */
export async function createTestContext({ dialect, config: overrides = {}, webDir, sqlitePath, }) {
    const db = await createTestDb(dialect, { sqlitePath });
    const clock = createManualClock(FRIDAY_EVENING);
    const logs = [];
    const destination = new Writable({
        write(chunk, _encoding, callback) {
            logs.push(chunk.toString());
            callback();
        },
    });
    // A private data directory: stored attachments (and a purge job) never touch a developer's ./data.
    const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'supportdesk-test-'));
    const config = { ...loadConfig({}), rateLimitPerMinute: 0, logLevel: 'info', dataDir, ...overrides };
    const logger = createLogger({ level: config.logLevel, destination });
    let deps;
    let app;
    try {
        deps = createDeps({ config, db: db.db, dialect, clock, logger });
        app = await buildApp(deps, { webDir });
        await app.ready();
    }
    catch (error) {
        await db.drop(); // never leave a PostgreSQL schema behind (see createTestDb)
        if (!overrides.dataDir)
            fs.rmSync(dataDir, { recursive: true, force: true });
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
            if (!overrides.dataDir)
                fs.rmSync(dataDir, { recursive: true, force: true });
        },
    };
}
/** Creates a person and signs them in; the returned headers carry the cookie and CSRF token. */
export async function signInAs(ctx, { role, email, name }) {
    const address = email ?? `${role}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    const { user } = await ctx.deps.accounts.createUser({ email: address, name: name ?? `Test ${role}`, role, password: TEST_PASSWORD });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: address, password: TEST_PASSWORD } });
    if (res.statusCode !== 200)
        throw new Error(`sign-in failed: ${res.body}`);
    return { userId: user.id, email: address, headers: sessionHeaders(res) };
}
/** The cookie and CSRF headers of a sign-in (or verify) response. */
export function sessionHeaders(res) {
    const cookie = res.cookies.find((c) => c.name === 'sd_session');
    if (!cookie)
        throw new Error('no session cookie in response');
    return { cookie: `sd_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken };
}
/** Creates a person with an API token (optionally scoped); returns the bearer header. */
export async function tokenFor(ctx, { role, scopes = [] }) {
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
export async function lastMailLink(ctx, { to, template }) {
    const mail = await ctx.deps.db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('to_address', '=', to)
        .where('template', '=', template)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
    if (!mail)
        throw new Error(`no ${template} mail to ${to}`);
    const match = /https?:\/\/\S+/.exec(mail.text_body);
    if (!match)
        throw new Error('no link in mail');
    return match[0];
}
//# sourceMappingURL=app.js.map