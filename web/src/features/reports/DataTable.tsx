import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadCsv, toCsv } from './csv.js';

export interface Column<T> {
  label: string;
  /** What the screen shows. */
  render: (row: T) => ReactNode;
  /** What the CSV holds: plain values (numbers unformatted). */
  value: (row: T) => unknown;
}

/** A table with a caption and a button that exports exactly its rows as CSV. */
export function DataTable<T>({
  id,
  caption,
  columns,
  rows,
  fileName,
}: {
  id: string;
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  fileName: string;
}) {
  const { t } = useTranslation();
  const exportCsv = () =>
    downloadCsv({
      fileName,
      text: toCsv(
        columns.map((c) => c.label),
        rows.map((row) => columns.map((c) => c.value(row))),
      ),
    });
  return (
    <div className="report-table">
      <div className="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
        <table className="data-table">
          <caption id={`${id}-caption`}>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.label} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="muted">
                  {t('reports.noData')}
                </td>
              </tr>
            ) : (
              rows.map((row, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c.label}>{c.render(row)}</td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <button type="button" className="button button-quiet button-small" onClick={exportCsv}>
        {t('reports.exportCsv', { table: caption })}
      </button>
    </div>
  );
}
