import { callApi } from '../../api/client.js';

export const PRESETS = ['this_week', 'last_week', 'last_30_days', 'this_month', 'last_quarter'] as const;
export type Preset = (typeof PRESETS)[number];
export const KINDS = ['question', 'problem', 'emergency', 'suggestion', 'partnership'] as const;
export type Kind = (typeof KINDS)[number];
export const DECLINE_REASONS = ['out_of_scope', 'unclear', 'inaccurate_data', 'not_localizable'] as const;
/** Upper edges (business hours) of the reply-time distribution; the last bucket holds the rest. */
export const REPLY_BUCKET_HOURS = [1, 2, 4, 8, 24, 48] as const;

export interface Percentiles {
  count: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

/** GET /api/v1/reports/summary: durations in business milliseconds, shares 0..1. */
export interface Report {
  period: { fromDate: string; toDate: string; from: string; to: string; timezone: string };
  volume: { newTickets: Record<Kind, number>; customerMessages: Record<Kind, number> };
  replies: { firstDistribution: number[]; first: Percentiles; later: Percentiles; answered: number; sameDay: number; sameDayShare: number | null };
  compliance: { met: number; breached: number; waitingNotDue: number; share: number | null };
  breaches: { ticketId: string; ticketNumber: number; messageId: string; arrivedAt: string; replyDueAt: string; answeredAt: string | null }[];
  bestEffort: { messages: number; answered: number; waiting: number; first: Percentiles; later: Percentiles; sameDayShare: number | null };
  declines: Record<(typeof DECLINE_REASONS)[number], number>;
  requests: { suggestion: number; partnership: number; answered: number };
  satisfaction: {
    count: number;
    average: number | null;
    distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
    comments: { ticketId: string; ticketNumber: number; rating: number; comment: string; ratedAt: string }[];
  };
  agents: {
    agentId: string;
    name: string;
    replies: number;
    firstReplies: number;
    medianReplyMs: number | null;
    met: number;
    breached: number;
    compliance: number | null;
    ratings: number;
    satisfaction: number | null;
  }[];
  series: { date: string; newTickets: number; customerMessages: number; met: number; breached: number; backlog: number }[];
}

export interface ReportFilters {
  preset?: Preset;
  from?: string;
  to?: string;
  kind?: Kind;
  agentId?: string;
  tag?: string;
  product?: string;
}

export const reportsApi = {
  async getReport(filters: ReportFilters): Promise<Report> {
    const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
    return callApi<Report>('GET', `/api/v1/reports/summary?${query.toString()}`);
  },
};
