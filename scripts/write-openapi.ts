// Writes docs/openapi.json from the routes' schemas; CI fails when the committed copy is stale.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { createDb } from '../src/db/database.js';
import { createDeps } from '../src/deps.js';
import { buildApp } from '../src/http/app.js';
import { createClock } from '../src/shared/clock.js';
import { createLogger } from '../src/shared/logger.js';

/**
 * The document with each path on a line of its own: every route's schemas are inlined, so indented
 * it passed 3 MB; this keeps it near a third of that while a diff still names the routes that changed.
 */
function serialize(doc: Record<string, unknown>): string {
  const lines = Object.entries(doc).map(([key, value]) => {
    if (key !== 'paths' || typeof value !== 'object' || value === null) return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
    const paths = Object.entries(value).map(([route, operations]) => `    ${JSON.stringify(route)}: ${JSON.stringify(operations)}`);
    return `  "paths": {\n${paths.join(',\n')}\n  }`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

const handle = createDb({ sqlitePath: ':memory:' });
const config = { ...loadConfig({}), rateLimitPerMinute: 0 };
const deps = createDeps({ config, db: handle.db, dialect: handle.dialect, clock: createClock(), logger: createLogger({ level: 'silent' }) });
const app = await buildApp(deps);
await app.ready();
const file = path.resolve('docs/openapi.json');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, serialize(app.swagger() as Record<string, unknown>));
await app.close();
await handle.close();
process.stdout.write(`wrote ${file}\n`);
