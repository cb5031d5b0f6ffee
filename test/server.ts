import type { AddressInfo } from 'node:net';
import type { Config } from '../src/config/config.js';
import type { DialectName } from '../src/db/database.js';
import { createTestContext, type TestContext } from './app.js';

export interface TestServer {
  /** Where the server listens, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  ctx: TestContext;
  close(): Promise<void>;
}

/**
 * The real app on a real, migrated database, listening on a free local port so a browser can use it;
 * with `webDir` it also serves the built web app. The clock is the test context's manual one.
 */
export async function startTestServer({
  dialect,
  webDir,
  config,
  sqlitePath,
}: {
  dialect: DialectName;
  webDir?: string;
  config?: Partial<Config>;
  /** A SQLite file to serve (e.g. one `supportdesk demo` filled) instead of a fresh database. */
  sqlitePath?: string;
}): Promise<TestServer> {
  const ctx = await createTestContext({ dialect, webDir, config, sqlitePath });
  try {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await ctx.close();
    throw error;
  }
  const { port } = ctx.app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, ctx, close: () => ctx.close() };
}
