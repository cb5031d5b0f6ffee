import { stringify } from 'csv-stringify/browser/esm/sync';

/** A table as CSV text (a header line, then the rows): RFC 4180 with CRLF line ends, formulas defused. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return stringify([[...header], ...rows.map((row) => [...row])], { escape_formulas: true, record_delimiter: 'windows' });
}

/** Offers CSV text as a file download. */
export function downloadCsv({ fileName, text }: { fileName: string; text: string }): void {
  // A byte-order mark, so spreadsheet programs read Cyrillic as UTF-8.
  const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
