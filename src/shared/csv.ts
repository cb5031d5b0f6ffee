import { stringify } from 'csv-stringify/sync';

/**
 * Rows as CSV text (RFC 4180: quoted where needed, CRLF line ends). Text a spreadsheet would run
 * as a formula (a leading `= + - @`, tab or CR) is prefixed with `'`; numbers are left as they are.
 */
export function toCsvText(rows: readonly (readonly unknown[])[]): string {
  return stringify(
    rows.map((row) => [...row]),
    { escape_formulas: true, record_delimiter: 'windows', cast: { number: (value) => String(Math.round(value * 10_000) / 10_000) } },
  );
}
