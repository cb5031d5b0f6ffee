// Writes docs/openapi.json from the routes' schemas; CI fails when the committed copy is stale.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { createDb } from '../src/db/database.js';
import { createDeps } from '../src/deps.js';
import { buildApp } from '../src/http/app.js';
import { createClock } from '../src/shared/clock.js';
import { createLogger } from '../src/shared/logger.js';

const handle = createDb({ sqlitePath: ':memory:' });
const config = { ...loadConfig({}), rateLimitPerMinute: 0 };
const deps = createDeps({ config, db: handle.db, dialect: handle.dialect, clock: createClock(), logger: createLogger({ level: 'silent' }) });
const app = await buildApp(deps);
await app.ready();
const file = path.resolve('docs/openapi.json');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, `${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
await handle.close();
process.stdout.write(`wrote ${file}\n`);
