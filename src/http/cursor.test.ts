import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../test/app.js';
import { TEST_DIALECTS } from '../../test/db.js';
import { customerWith, openTicket } from '../../test/tickets.js';
import { isAppError } from '../shared/errors.js';
import { decodeKeyset, encodeKeyset } from './cursor.js';

const ID = '0b6f1d2e-8a4c-4c1e-9f00-1234567890ab';

describe('keyset cursors', () => {
  it('read back the exact value written, fractions included, on SQLite', () => {
    for (const value of [0, 1_764_000_000_000, 1_764_000_000_000.25, 1_764_000_000_123.5]) {
      expect(decodeKeyset(encodeKeyset({ value, id: ID }), { dialect: 'sqlite' })).toEqual({ value, id: ID });
    }
  });

  it('refuse a fraction on PostgreSQL, whose bigint columns never hold one, and anything tampered with', () => {
    const refused = (cursor: string, dialect: 'sqlite' | 'postgres') => {
      try {
        decodeKeyset(cursor, { dialect });
        return null;
      } catch (error) {
        return isAppError(error) ? `${error.status} ${error.code}` : String(error);
      }
    };
    expect(refused(encodeKeyset({ value: 1.5, id: ID }), 'postgres')).toBe('400 request.invalid');
    expect(refused(Buffer.from(`123456789012345678901234:${ID}`).toString('base64url'), 'sqlite')).toBe('400 request.invalid');
    expect(refused(Buffer.from(`1e3:${ID}`).toString('base64url'), 'sqlite')).toBe('400 request.invalid');
    expect(refused(Buffer.from('12:not-an-id').toString('base64url'), 'sqlite')).toBe('400 request.invalid');
    expect(refused('garbage', 'postgres')).toBe('400 request.invalid');
  });
});

// A demo once wrote fractional milliseconds, and paging past the first page answered 400: paging
// must work over any stored data, whatever wrote it.
describe.each(TEST_DIALECTS)('paging over stored data on %s', (dialect) => {
  let ctx: TestContext;
  let agent: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    agent = await signInAs(ctx, { role: 'agent' });
    for (let i = 0; i < 7; i++) {
      const customer = await customerWith(ctx, 'fresh');
      await openTicket(ctx, customer, { subject: `Ticket ${i}` });
      ctx.clock.advance(1000);
    }
    if (dialect === 'sqlite') {
      // What an older demo left behind: instants with fractions of a millisecond.
      await ctx.deps.db
        .updateTable('tickets')
        .set((eb) => ({ updated_at: eb('updated_at', '+', 0.3333), created_at: eb('created_at', '+', 0.25) }))
        .execute();
      await ctx.deps.db
        .updateTable('users')
        .set((eb) => ({ created_at: eb('created_at', '+', 0.5) }))
        .execute();
    }
  });
  afterAll(async () => {
    await ctx.close();
  });

  async function pageThrough(url: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: LightMyRequestResponse = await ctx.app.inject({ method: 'GET', url: `${url}${cursor ? `&cursor=${cursor}` : ''}`, headers: agent.headers });
      expect(res.statusCode, res.body).toBe(200);
      ids.push(...res.json().items.map((item: { id: string }) => item.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    return ids;
  }

  it('every queue page after the first answers, and each ticket comes once', async () => {
    const ids = await pageThrough('/api/v1/tickets?queue=all&limit=2');
    expect(ids).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);
    const byCreation = await pageThrough('/api/v1/tickets?queue=unassigned&limit=3');
    expect(new Set(byCreation).size).toBe(7);
  });

  it('people are paged the same way', async () => {
    const ids = await pageThrough('/api/v1/users?limit=2');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(8);
  });
});
