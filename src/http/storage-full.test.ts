import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.js';
import { customerWith, openTicket } from '../../test/tickets.js';
import type { Caller } from '../../test/app.js';

/** A real, small file system (tmpfs) to fill up; mounting needs root. */
function mountSmallDisk(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-smalldisk-'));
const isMounted = mountSmallDisk(mountPoint, '6m');
if (!isMounted) fs.rmSync(mountPoint, { recursive: true, force: true });

// Skipped (visibly) where this process may not mount a tmpfs: not root, or a container without CAP_SYS_ADMIN.
describe.skipIf(!isMounted)('a full disk under SQLite', () => {
  let ctx: TestContext;
  let customer: Caller;
  const filler = path.join(mountPoint, 'filler');

  beforeAll(async () => {
    ctx = await createTestContext({
      dialect: 'sqlite',
      sqlitePath: path.join(mountPoint, 'supportdesk.sqlite'),
      config: { dataDir: mountPoint, minFreeDiskMb: 1 },
    });
    customer = await customerWith(ctx, 'fresh');
  }, 60_000);
  afterAll(async () => {
    await ctx?.close();
    try {
      execFileSync('umount', [mountPoint], { stdio: 'ignore' });
    } finally {
      fs.rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  it('writes answer 507 storage_full, /readyz reports it, nothing half-written; freeing space brings everything back', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    // Leave the database a little room, then write until it runs out.
    const { bavail, bsize } = fs.statfsSync(mountPoint);
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 96 * 1024)));
    const acknowledged: string[] = [];
    let refused: { statusCode: number; headers: Record<string, unknown>; json: () => { code: string } } | undefined;
    for (let i = 0; i < 400 && !refused; i++) {
      const res = await openTicket(ctx, customer, { body: `Question ${i}: ${'the catalog page shows an error after the update. '.repeat(20)}` });
      if (res.statusCode === 201) acknowledged.push((res.json() as { id: string }).id);
      else refused = res;
    }
    expect(refused?.statusCode).toBe(507);
    expect(refused?.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused?.json().code).toBe('server.storage_full');
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);

    const ready = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ code: 'server.storage_full' });
    // Health itself still answers.
    expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    fs.rmSync(filler);
    // The "full" a write reported is remembered for a few seconds, then the free space decides.
    await expect.poll(async () => (await ctx.app.inject({ method: 'GET', url: '/readyz' })).statusCode, { timeout: 20_000, interval: 500 }).toBe(200);
    const after = await openTicket(ctx, customer);
    expect(after.statusCode).toBe(201);
    acknowledged.push((after.json() as { id: string }).id);

    // Every acknowledged ticket is there, and the refused one left nothing behind.
    const stored = await ctx.deps.db.selectFrom('tickets').select('id').execute();
    expect(stored.map((t) => t.id).sort()).toEqual([...acknowledged].sort());
  }, 60_000);
});
