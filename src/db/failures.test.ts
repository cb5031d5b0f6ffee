import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { classifyDatabaseFailure } from './failures.js';

describe('telling database failures apart', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, 'unavailable'],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, 'unavailable'],
    [{ code: '57P03', message: 'the database system is starting up' }, 'unavailable'],
    [{ code: '08006' }, 'unavailable'],
    [new Error('Connection terminated unexpectedly'), 'unavailable'],
    [new Error('timeout exceeded when trying to connect'), 'unavailable'],
    [new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), 'unavailable'],
    [{ code: '53100', message: 'could not extend file: No space left on device' }, 'full'],
    [{ code: 'SQLITE_BUSY' }, 'unavailable'],
    [{ code: 'SQLITE_FULL' }, 'full'],
    [{ code: 'SQLITE_CORRUPT' }, 'damaged'],
    [{ code: 'SQLITE_NOTADB' }, 'damaged'],
    [{ code: 'SQLITE_IOERR_WRITE' }, 'io_error'],
  ])('%o is %s', (error, expected) => {
    expect(classifyDatabaseFailure(error)).toBe(expected);
  });

  it.each([[new Error('boom')], [{ code: '23505' }], [{ code: 'SQLITE_CONSTRAINT_UNIQUE' }], [undefined], ['text']])('%o is none of them', (error) => {
    expect(classifyDatabaseFailure(error)).toBeUndefined();
  });

  it("better-sqlite3's own error for a file that is not a database is told as damaged", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sd-failures-')), 'not-a-db.sqlite');
    fs.writeFileSync(file, 'this is not a database, only text that is long enough to be read as a header');
    const db = new SQLite(file);
    try {
      db.prepare('select 1 from sqlite_master').all();
      expect.unreachable();
    } catch (error) {
      expect(classifyDatabaseFailure(error)).toBe('damaged');
    } finally {
      db.close();
      fs.rmSync(path.dirname(file), { recursive: true });
    }
  });
});
