import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { CsvFileError, importLicensesCsv } from './licenses.import.js';

const HEADER = 'key,customerEmail,customerName,product,edition,type,purchasedOn,domains,status';

describe.each(TEST_DIALECTS)('CSV license import on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterEach(async () => {
    await ctx.close();
  });

  const run = (text: string, options: { dryRun?: boolean } = {}) =>
    importLicensesCsv({ input: Readable.from([text]), db: ctx.deps.db, licenses: ctx.deps.licenses, ...options });

  it('imports good rows, reports every bad row kind by line and field, and re-running changes nothing', async () => {
    await ctx.deps.accounts.createUser({ email: 'agent@example.test', name: 'Agent', role: 'agent' });
    const csv = [
      HEADER,
      'K-1,anna@example.test,Anna,DIAFAN.CMS,Business,commercial,2026-03-01,a.example.test;b.example.test,active', // line 2: good
      'K-2,ANNA@example.test,,DIAFAN.CMS,,free,2025-12-31,,', // 3: good, same customer
      ',bob@example.test,Bob,DIAFAN.CMS,,commercial,2026-01-01,,', // 4: empty key
      'K 4,bob@example.test,Bob,DIAFAN.CMS,,commercial,2026-01-01,,', // 5: bad key
      'K-5,not-an-email,Bob,DIAFAN.CMS,,commercial,2026-01-01,,', // 6: bad email
      'K-6,bob@example.test,Bob,,,commercial,2026-01-01,,', // 7: empty product
      'K-7,bob@example.test,Bob,DIAFAN.CMS,,lifetime,2026-01-01,,', // 8: bad type
      'K-8,bob@example.test,Bob,DIAFAN.CMS,,commercial,2026-02-30,,', // 9: impossible date
      'K-9,bob@example.test,Bob,DIAFAN.CMS,,commercial,2026-01-01,,paused', // 10: bad status
      'K-10,bob@example.test,Bob,DIAFAN.CMS,,commercial,2026-01-01,bad domain,', // 11: bad domain
      'K-1,carl@example.test,Carl,DIAFAN.CMS,,commercial,2026-01-01,,', // 12: repeated key
      'K-12,bob@example.test,Bob,DIAFAN.CMS', // 13: too few values
      'K-13,agent@example.test,Agent,DIAFAN.CMS,,commercial,2026-01-01,,', // 14: staff email
      'K-14,"Dora, Jr <dora@example.test>",Dora,DIAFAN.CMS,,commercial,2026-01-01,,', // 15: bad email (quoted comma)
      'K-15,eva@example.test,"Ева, ООО",DIAFAN.CMS,Старт,trial,2026-01-01,сайт.рф,revoked', // 16: good, Cyrillic
    ].join('\n');
    const summary = await run(csv);
    expect(summary).toMatchObject({ rows: 15, created: 3, updated: 0, unchanged: 0 });
    expect(summary.errors.map((e) => [e.line, e.field])).toEqual([
      [4, 'key'],
      [5, 'key'],
      [6, 'customerEmail'],
      [7, 'product'],
      [8, 'type'],
      [9, 'purchasedOn'],
      [10, 'status'],
      [11, 'domains'],
      [12, 'key'],
      [13, '(row)'],
      [14, 'customerEmail'],
      [15, 'customerEmail'],
    ]);
    expect(summary.errors.find((e) => e.line === 12)?.message).toBe('repeats the key of line 2');
    const k1 = await ctx.deps.db.selectFrom('licenses').selectAll().where('key', '=', 'K-1').executeTakeFirstOrThrow();
    expect(JSON.parse(k1.domains)).toEqual(['a.example.test', 'b.example.test']);
    const eva = await ctx.deps.db.selectFrom('licenses').selectAll().where('key', '=', 'K-15').executeTakeFirstOrThrow();
    expect(eva).toMatchObject({ edition: 'Старт', status: 'revoked', domains: '["сайт.рф"]' });

    const again = await run(csv);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('a changed row updates its license', async () => {
    await run(`${HEADER}\nK-1,anna@example.test,Anna,DIAFAN.CMS,,commercial,2026-03-01,,`);
    const summary = await run(`${HEADER}\nK-1,anna@example.test,Anna,DIAFAN.CMS,,commercial,2026-03-01,,refunded`);
    expect(summary).toMatchObject({ created: 0, updated: 1 });
  });

  it('a dry run reports what would change and changes nothing', async () => {
    const summary = await run(`${HEADER}\nK-1,anna@example.test,Anna,DIAFAN.CMS,,commercial,2026-03-01,,`, { dryRun: true });
    expect(summary).toMatchObject({ created: 1, dryRun: true });
    expect(await ctx.deps.db.selectFrom('licenses').selectAll().execute()).toEqual([]);
    expect(await ctx.deps.db.selectFrom('users').selectAll().where('email', '=', 'anna@example.test').execute()).toEqual([]);
  });

  it('a file whose header is wrong is refused as a whole', async () => {
    await expect(run('email,key\nx,y')).rejects.toThrow(CsvFileError);
    await expect(run(`${HEADER},colour\n`)).rejects.toThrow(/unknown column\(s\): colour/);
    await expect(run('key,product\n')).rejects.toThrow(/missing column\(s\): customerEmail, type, purchasedOn/);
    await expect(run('')).rejects.toThrow(/empty/);
  });
});
