import { toCsvText } from '../../shared/csv.js';
import type { ReportFigures } from './reports.figures.js';

/** One line of a summary table: a group (everyone, an agent, a kind) and its headline figures. */
export interface SummaryRow {
  group: string;
  newTickets: number;
  customerMessages: number;
  firstReplyP50Minutes: number | null;
  firstReplyP90Minutes: number | null;
  firstReplyP95Minutes: number | null;
  laterReplyP50Minutes: number | null;
  sameDayShare: number | null;
  met: number;
  breached: number;
  compliance: number | null;
  bestEffort: number;
  satisfaction: number | null;
}

const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 60_000));
const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);

/** The headline figures of one report as a table row. */
export function toSummaryRow({ group, figures }: { group: string; figures: ReportFigures }): SummaryRow {
  return {
    group,
    newTickets: sum(figures.volume.newTickets),
    customerMessages: sum(figures.volume.customerMessages),
    firstReplyP50Minutes: minutes(figures.replies.first.p50),
    firstReplyP90Minutes: minutes(figures.replies.first.p90),
    firstReplyP95Minutes: minutes(figures.replies.first.p95),
    laterReplyP50Minutes: minutes(figures.replies.later.p50),
    sameDayShare: figures.replies.sameDayShare,
    met: figures.compliance.met,
    breached: figures.compliance.breached,
    compliance: figures.compliance.share,
    bestEffort: figures.bestEffort.messages,
    satisfaction: figures.satisfaction.average,
  };
}

/** Rows as CSV with a header line (RFC 4180, CRLF line ends, formulas defused). */
export function toCsv<T extends object>(rows: readonly T[], columns: ReadonlyArray<keyof T & string>): string {
  return toCsvText([columns, ...rows.map((row) => columns.map((c) => row[c]))]);
}

export const SUMMARY_COLUMNS: ReadonlyArray<keyof SummaryRow & string> = [
  'group',
  'newTickets',
  'customerMessages',
  'firstReplyP50Minutes',
  'firstReplyP90Minutes',
  'firstReplyP95Minutes',
  'laterReplyP50Minutes',
  'sameDayShare',
  'met',
  'breached',
  'compliance',
  'bestEffort',
  'satisfaction',
];
