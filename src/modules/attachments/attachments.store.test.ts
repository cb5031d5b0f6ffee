import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createDb } from '../../db/database.js';
import { createTestDb, TEST_DIALECTS, TEST_PG_URL, type TestDb } from '../../../test/db.js';
import { CHUNK_BYTES, createDatabaseStore, createDirectoryStore, type AttachmentStore } from './attachments.store.js';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

async function* failing(): AsyncGenerator<Uint8Array> {
  yield Buffer.from('half of it');
  throw new Error('refused');
}

describe('the directory attachment store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supportdesk-store-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores content under its SHA-256, once, and reads it back', async () => {
    const store = createDirectoryStore({ dir });
    const first = await store.put({ content: chunks('hello ', 'world'), storedAt: 1_000_000 });
    expect(first).toEqual({ sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9', size: 11 });
    expect(fs.existsSync(path.join(dir, 'attachments', 'b9', '4d', first.sha256))).toBe(true);
    const again = await store.put({ content: chunks('hello world'), storedAt: 2_000_000 });
    expect(again).toEqual(first);
    const listed = [];
    for await (const entry of store.list()) listed.push(entry);
    expect(listed).toEqual([{ sha256: first.sha256, storedAt: 2_000_000 }]); // storing again renewed it
    const got = await store.get({ sha256: first.sha256 });
    const body: Buffer[] = [];
    for await (const chunk of got!.stream) body.push(chunk as Buffer);
    expect(Buffer.concat(body).toString()).toBe('hello world');
    expect(await store.exists({ sha256: first.sha256 })).toBe(true);
    await store.delete({ sha256: first.sha256 });
    expect(await store.get({ sha256: first.sha256 })).toBeUndefined();
  });

  it('keeps nothing when the content fails part way', async () => {
    const store = createDirectoryStore({ dir });
    await expect(store.put({ content: failing(), storedAt: 1 })).rejects.toThrow('refused');
    expect(fs.readdirSync(path.join(dir, 'attachments', 'tmp'))).toEqual([]);
    const listed = [];
    for await (const entry of store.list()) listed.push(entry);
    expect(listed).toEqual([]);
  });

  it('lists by hash prefix and clears leftovers of interrupted writes by their start time', async () => {
    const store = createDirectoryStore({ dir });
    const a = await store.put({ content: chunks('a'), storedAt: 5 });
    const prefixed = [];
    for await (const entry of store.list({ prefix: a.sha256[0] })) prefixed.push(entry.sha256);
    expect(prefixed).toEqual([a.sha256]);
    fs.writeFileSync(path.join(dir, 'attachments', 'tmp', '100-crashed'), 'x');
    fs.writeFileSync(path.join(dir, 'attachments', 'tmp', '300-writing'), 'x');
    expect(await store.cleanTemporary({ before: 200 })).toBe(1);
    expect(fs.readdirSync(path.join(dir, 'attachments', 'tmp'))).toEqual(['300-writing']);
  });

  it('refuses a hash that is not one, so it cannot name another path', async () => {
    const store = createDirectoryStore({ dir });
    await expect(store.get({ sha256: '../../etc/passwd' })).rejects.toThrow('not a SHA-256');
  });
});

// The PostgreSQL store: every node of a deployment reads what another stored (issue 13.8).
describe.skipIf(!TEST_DIALECTS.includes('postgres'))('the PostgreSQL attachment store', () => {
  let a: TestDb;
  let dir: string;
  beforeEach(async () => {
    a = await createTestDb('postgres');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supportdesk-store-'));
  });
  afterEach(async () => {
    await a.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function read(store: AttachmentStore, sha256: string): Promise<Buffer | undefined> {
    const got = await store.get({ sha256 });
    if (!got) return undefined;
    const body: Buffer[] = [];
    for await (const chunk of got.stream) body.push(chunk as Buffer);
    return Buffer.concat(body);
  }

  async function listed(store: AttachmentStore, prefix?: string) {
    const out = [];
    for await (const entry of store.list({ prefix })) out.push(entry);
    return out;
  }

  it('a file stored through one node is read through another, byte for byte, in many chunks', async () => {
    const nodeA = createDatabaseStore({ db: a.db });
    // A second connection pool on the same schema stands for the second node.
    const other = createDb({ databaseUrl: TEST_PG_URL, pgSearchPath: a.pgSchema, poolSize: 2 });
    onTestFinished(() => other.close());
    const nodeB = createDatabaseStore({ db: other.db });
    const big = randomBytes(CHUNK_BYTES * 2 + 12_345);
    const parts = [big.subarray(0, 1000), big.subarray(1000, CHUNK_BYTES + 7), big.subarray(CHUNK_BYTES + 7)];
    const stored = await nodeA.put({
      content: (async function* () {
        yield* parts;
      })(),
      storedAt: 1_000,
    });
    expect(stored).toEqual({ sha256: createHash('sha256').update(big).digest('hex'), size: big.length });
    const chunks = await a.db.selectFrom('attachment_blob_chunks').select('seq').where('blob', '=', stored.sha256).execute();
    expect(chunks).toHaveLength(3);
    expect((await read(nodeB, stored.sha256))!.equals(big)).toBe(true);
    expect((await nodeB.get({ sha256: stored.sha256 }))!.size).toBe(big.length);
    expect(await nodeB.exists({ sha256: stored.sha256 })).toBe(true);
  });

  it('stores identical content once, also when uploaded at the same time, and renews its time', async () => {
    const store = createDatabaseStore({ db: a.db });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.put({ content: chunks('same ', 'bytes'), storedAt: 100 + i })));
    expect(new Set(results.map((r) => r.sha256)).size).toBe(1);
    expect(await listed(store)).toEqual([{ sha256: results[0]!.sha256, storedAt: 107 }]);
    const rows = await a.db.selectFrom('attachment_blob_chunks').select(['blob', 'seq']).execute();
    expect(rows).toEqual([{ blob: results[0]!.sha256, seq: 0 }]);
    expect((await read(store, results[0]!.sha256))!.toString()).toBe('same bytes');
    await store.delete({ sha256: results[0]!.sha256 });
    expect(await store.get({ sha256: results[0]!.sha256 })).toBeUndefined();
    expect(await a.db.selectFrom('attachment_blob_chunks').select('blob').execute()).toEqual([]);
  });

  it('keeps nothing when the content fails part way, and clears chunks an interrupted upload left', async () => {
    const store = createDatabaseStore({ db: a.db });
    await expect(store.put({ content: failing(), storedAt: 1 })).rejects.toThrow('refused');
    expect(await a.db.selectFrom('attachment_blob_chunks').select('blob').execute()).toEqual([]);
    expect(await listed(store)).toEqual([]);
    // What a process killed mid-upload leaves: chunks under a temporary key.
    await a.db
      .insertInto('attachment_blob_chunks')
      .values({ blob: 'tmp:100:crashed', seq: 0, data: Buffer.from('x') })
      .execute();
    await a.db
      .insertInto('attachment_blob_chunks')
      .values({ blob: 'tmp:300:writing', seq: 0, data: Buffer.from('x') })
      .execute();
    expect(await store.cleanTemporary({ before: 200 })).toBe(1);
    expect(await a.db.selectFrom('attachment_blob_chunks').select('blob').execute()).toEqual([{ blob: 'tmp:300:writing' }]);
  });

  it('lists by prefix, and still serves files stored in the directory before the move to PostgreSQL', async () => {
    const legacy = createDirectoryStore({ dir });
    const old = await legacy.put({ content: chunks('from the old days'), storedAt: 5 });
    const store = createDatabaseStore({ db: a.db, legacy });
    const fresh = await store.put({ content: chunks('new'), storedAt: 6 });
    expect((await listed(store, fresh.sha256.slice(0, 3))).map((e) => e.sha256)).toEqual([fresh.sha256]);
    expect((await read(store, old.sha256))!.toString()).toBe('from the old days');
    expect(await store.exists({ sha256: old.sha256 })).toBe(true);
    expect(new Set((await listed(store)).map((e) => e.sha256))).toEqual(new Set([old.sha256, fresh.sha256]));
    await store.delete({ sha256: old.sha256 });
    expect(await store.exists({ sha256: old.sha256 })).toBe(false);
    await expect(store.get({ sha256: "x' or 1=1" })).rejects.toThrow('not a SHA-256');
  });
});
