import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Db } from '../../db/database.js';
import { normalizeEmail } from '../accounts/accounts.models.js';
import { LICENSE_KEY_PATTERN, licenseFieldsSchema, type UpsertOutcome } from './licenses.models.js';
import type { LicensesUsecases, UpsertItem } from './licenses.usecases.js';

export const CSV_COLUMNS = ['key', 'customerEmail', 'customerName', 'product', 'edition', 'type', 'purchasedOn', 'domains', 'status'] as const;
const REQUIRED_COLUMNS = ['key', 'customerEmail', 'product', 'type', 'purchasedOn'];
const BATCH_SIZE = 500;

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export interface ImportSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
  dryRun: boolean;
}

/** A problem with the file as a whole (its header), as opposed to one row. */
export class CsvFileError extends Error {}

interface PendingRow extends UpsertItem {
  line: number;
}

class DryRunRollback extends Error {}

/**
 * Imports licenses from CSV (the PUT fields as columns, `key` first, `domains` separated by `;`).
 * Every bad row is reported with its line, field and reason and never stops the good rows;
 * re-running the same file changes nothing. A dry run does all the work and rolls it back.
 */
export async function importLicensesCsv({
  input,
  db,
  licenses,
  dryRun = false,
  invite = true,
  onProgress,
}: {
  input: Readable;
  db: Db;
  licenses: LicensesUsecases;
  dryRun?: boolean;
  invite?: boolean;
  onProgress?: (p: { rows: number; bytes: number }) => void;
}): Promise<ImportSummary> {
  const summary: ImportSummary = { rows: 0, created: 0, updated: 0, unchanged: 0, errors: [], dryRun };
  const firstLineOfKey = new Map<string, number>();
  let header: string[] | undefined;
  let batch: PendingRow[] = [];

  const count = (outcome: UpsertOutcome) => void summary[outcome]++;

  async function flush(): Promise<void> {
    const rows = await rejectStaffEmails({ db, rows: batch, errors: summary.errors });
    batch = [];
    if (rows.length === 0) return;
    try {
      const { outcomes } = await runBatch(rows);
      outcomes.forEach(count);
    } catch (error) {
      if (error instanceof DryRunRollback) throw error;
      // Something in the batch failed as a whole: redo it row by row to find and report the culprit.
      for (const row of rows) {
        try {
          (await runBatch([row])).outcomes.forEach(count);
        } catch (rowError) {
          summary.errors.push({ line: row.line, field: '(row)', message: rowError instanceof Error ? rowError.message : String(rowError) });
        }
      }
    }
  }

  async function runBatch(rows: PendingRow[]): Promise<{ outcomes: UpsertOutcome[] }> {
    if (!dryRun) return licenses.upsertLicenses({ items: rows, source: 'csv', invite });
    let outcomes: UpsertOutcome[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        outcomes = (await licenses.upsertLicenses({ items: rows, source: 'csv', invite, trx })).outcomes;
        throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    return { outcomes };
  }

  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
    if (!header) {
      header = record.map((h) => h.trim());
      checkHeader(header);
      continue;
    }
    summary.rows++;
    const line = info.lines;
    const row = readRow({ header, record, line, firstLineOfKey, errors: summary.errors });
    if (row) batch.push(row);
    if (batch.length >= BATCH_SIZE) await flush();
    if (summary.rows % 1000 === 0) onProgress?.({ rows: summary.rows, bytes: info.bytes });
  }
  if (!header) throw new CsvFileError('the file is empty: expected a header line starting with "key"');
  await flush();
  summary.errors.sort((a, b) => a.line - b.line);
  return summary;
}

function checkHeader(header: string[]): void {
  if (header[0] !== 'key') throw new CsvFileError(`the first column must be "key" (found "${header[0] ?? ''}")`);
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0) throw new CsvFileError(`unknown column(s): ${unknown.join(', ')}; the columns are ${CSV_COLUMNS.join(', ')}`);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new CsvFileError(`missing column(s): ${missing.join(', ')}`);
}

function readRow({
  header,
  record,
  line,
  firstLineOfKey,
  errors,
}: {
  header: string[];
  record: string[];
  line: number;
  firstLineOfKey: Map<string, number>;
  errors: RowError[];
}): PendingRow | undefined {
  if (record.length !== header.length) {
    errors.push({ line, field: '(row)', message: `has ${record.length} values for ${header.length} columns` });
    return undefined;
  }
  const cells = Object.fromEntries(header.map((h, i) => [h, record[i] ?? '']));
  const key = cells.key ?? '';
  if (!LICENSE_KEY_PATTERN.test(key)) {
    errors.push({ line, field: 'key', message: key === '' ? 'is empty' : 'is not a license key (letters, digits, . _ -; up to 100)' });
    return undefined;
  }
  const seenOn = firstLineOfKey.get(key);
  if (seenOn !== undefined) {
    errors.push({ line, field: 'key', message: `repeats the key of line ${seenOn}` });
    return undefined;
  }
  firstLineOfKey.set(key, line);
  const parsed = licenseFieldsSchema.safeParse({
    customerEmail: cells.customerEmail,
    customerName: cells.customerName || undefined,
    product: cells.product,
    edition: cells.edition || null,
    type: cells.type,
    purchasedOn: cells.purchasedOn,
    domains: (cells.domains ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean),
    status: cells.status || undefined,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push({ line, field: String(issue.path[0] ?? '(row)'), message: issue.message });
    return undefined;
  }
  return { line, key, fields: parsed.data };
}

/** Licenses belong to customers: rows naming an agent's or admin's email are reported, not imported. */
async function rejectStaffEmails({ db, rows, errors }: { db: Db; rows: PendingRow[]; errors: RowError[] }): Promise<PendingRow[]> {
  const emails = [...new Set(rows.map((r) => normalizeEmail(r.fields.customerEmail)))];
  if (emails.length === 0) return rows;
  const staff = new Set(
    (await db.selectFrom('users').select('email').where('email', 'in', emails).where('role', '!=', 'customer').execute()).map((u) => u.email),
  );
  return rows.filter((row) => {
    if (!staff.has(row.fields.customerEmail)) return true;
    errors.push({ line: row.line, field: 'customerEmail', message: 'belongs to an agent or admin, not a customer' });
    return false;
  });
}
