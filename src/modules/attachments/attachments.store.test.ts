import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDirectoryStore } from './attachments.store.js';

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
