import { PostgresQueryCompiler, type KyselyPlugin, type QueryId, type RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.js';
import { createTestDb, TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

/** Records every statement the app sends through Kysely (each one a round trip on PostgreSQL; BEGIN and COMMIT come on top). */
function statementLog() {
  const statements: string[] = [];
  const compiler = new PostgresQueryCompiler();
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }: { node: RootOperationNode; queryId: QueryId }) {
      statements.push(compiler.compileQuery(node, queryId).sql);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { plugin, statements };
}

// Issue 13.9: on PostgreSQL each statement is a network round trip, and creation speed follows
// their number. Round trips are a property of the code, not of the database: PostgreSQL only.
describe.skipIf(!TEST_DIALECTS.includes('postgres'))('round trips of a ticket creation on PostgreSQL', () => {
  let ctx: TestContext;
  const log = statementLog();
  beforeAll(async () => {
    const handle = await createTestDb('postgres');
    ctx = await createTestContext({ dialect: 'postgres', database: { ...handle, db: handle.db.withPlugin(log.plugin) } });
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('reads the licenses and the support time zone once, and sends at most 14 statements', async () => {
    const customer = await customerWith(ctx, 'fresh');
    expect((await openTicket(ctx, customer)).statusCode).toBe(201);
    log.statements.length = 0;
    expect((await openTicket(ctx, customer)).statusCode).toBe(201);
    console.info(`one ticket creation on PostgreSQL: ${log.statements.length} statements (plus BEGIN and COMMIT)`);
    expect(log.statements.filter((s) => s.startsWith('select * from "licenses"'))).toHaveLength(1);
    expect(log.statements.length).toBeLessThanOrEqual(14);
  });
});
