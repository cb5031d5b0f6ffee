// Imports 100,000 generated CSV rows into a fresh SQLite file (and PostgreSQL when reachable),
// the way `supportdesk licenses import` does, invitations included. Run directly with
// `npx tsx bench/licenses-import.bench.ts`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config/config.js';
import type { DialectName } from '../src/db/database.js';
import { createDeps } from '../src/deps.js';
import { importLicensesCsv } from '../src/modules/licenses/licenses.import.js';
import { createClock } from '../src/shared/clock.js';
import { createLogger } from '../src/shared/logger.js';
import { createTestDb } from '../test/db.js';

const ROWS = 100_000;

function writeCsv(file: string): void {
  const lines = ['key,customerEmail,customerName,product,edition,type,purchasedOn,domains,status'];
  for (let i = 0; i < ROWS; i++) {
    // About three licenses per customer, as a shop's export would have.
    const customer = Math.floor(i / 3);
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(
      `LIC-${i},customer${customer}@example.test,Customer ${customer},DIAFAN.CMS,Business,${i % 5 === 0 ? 'free' : 'commercial'},2025-${String((i % 12) + 1).padStart(2, '0')}-${day},site${i}.example.test,active`,
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

async function importOnce(dialect: DialectName, file: string): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-bench-'));
  const handle = await createTestDb(dialect, { sqlitePath: path.join(dir, 'bench.sqlite') });
  const deps = createDeps({ config: loadConfig({}), db: handle.db, dialect, clock: createClock(), logger: createLogger({ level: 'silent' }) });
  const started = performance.now();
  const summary = await importLicensesCsv({ input: fs.createReadStream(file), db: handle.db, licenses: deps.licenses });
  const seconds = (performance.now() - started) / 1000;
  if (summary.created !== ROWS) throw new Error(`expected ${ROWS} created, got ${JSON.stringify({ ...summary, errors: summary.errors.slice(0, 3) })}`);
  await handle.drop();
  fs.rmSync(dir, { recursive: true, force: true });
  return seconds;
}

/** Seconds to import 100,000 rows, per database. */
export async function benchLicensesImport(dialects: DialectName[]): Promise<{ name: string; value: number; unit: string }[]> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sd-bench-csv-')), 'licenses.csv');
  writeCsv(file);
  const results = [];
  for (const dialect of dialects)
    results.push({ name: `licenses.import_100k.${dialect}`, value: Math.round((await importOnce(dialect, file)) * 10) / 10, unit: 's' });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchLicensesImport(['sqlite', 'postgres'])) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
