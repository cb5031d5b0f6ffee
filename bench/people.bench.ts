// People lists at 100,000 customers (issue 16): first page, keyset pages and search.
// Run: npx tsx bench/people.bench.ts [sqlite|postgres]
import { createTestDb } from '../test/db.js';
import { createAccountsRepository } from '../src/modules/accounts/accounts.repository.js';
const dialect = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const tdb = await createTestDb(dialect);
const db = tdb.db;
const N = 100_000;
const t0 = Date.now();
for (let i = 0; i < N; i += 1000) {
  const rows = Array.from({ length: 1000 }, (_, j) => {
    const n = i + j;
    return {
      id: crypto.randomUUID(),
      email: `customer${n}@shop${n % 97}.test`,
      name: `Customer ${n}`,
      role: 'customer' as const,
      password_hash: null,
      email_verified_at: 1,
      language: 'en' as const,
      time_zone: 'UTC',
      disabled_at: null,
      created_at: 1_700_000_000_000 + n,
      updated_at: 1,
      rules_version: null,
      rules_acknowledged_at: null,
    };
  });
  await db.insertInto('users').values(rows).execute();
}
console.log(`inserted ${N} in ${Date.now() - t0} ms`);
const { sql } = await import('kysely');
await sql`analyze users`.execute(db);
const repo = createAccountsRepository({ db });
async function time(label: string, f: () => Promise<unknown[]>) {
  await f();
  const runs = 5;
  const s = performance.now();
  let n = 0;
  for (let i = 0; i < runs; i++) n = (await f()).length;
  console.log(`${dialect} ${label}: ${((performance.now() - s) / runs).toFixed(1)} ms (${n} rows)`);
}
await time('first page of customers', () => repo.listUsers({ role: 'customer', limit: 51 }));
const page = await repo.listUsers({ role: 'customer', limit: 51 });
const last = page[49]!;
await time('second page (keyset)', () => repo.listUsers({ role: 'customer', limit: 51, after: { createdAt: last.created_at, id: last.id } }));
await time('deep page (keyset at 90k)', () =>
  repo.listUsers({ role: 'customer', limit: 51, after: { createdAt: 1_700_000_000_000 + 10_000, id: 'ffffffff' } }),
);
await time('search "customer4242"', () => repo.listUsers({ role: 'customer', query: 'customer4242', limit: 51 }));
await time('search with no match', () => repo.listUsers({ role: 'customer', query: 'nobody-at-all', limit: 51 }));
await tdb.drop();
