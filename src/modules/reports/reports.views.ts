import type { ReportFigures } from './reports.figures.js';

const iso = (at: number) => new Date(at).toISOString();

/** A report as the API shows it: instants as ISO 8601 UTC, breaches with a link to their ticket. */
export function toReportView(figures: ReportFigures, { publicUrl }: { publicUrl: string }) {
  return {
    ...figures,
    period: { ...figures.period, from: iso(figures.period.from), to: iso(figures.period.to) },
    breaches: figures.breaches.map((b) => ({
      ...b,
      arrivedAt: iso(b.arrivedAt),
      replyDueAt: iso(b.replyDueAt),
      answeredAt: b.answeredAt === null ? null : iso(b.answeredAt),
      link: `${publicUrl}/agent/tickets/${b.ticketId}`,
    })),
    satisfaction: { ...figures.satisfaction, comments: figures.satisfaction.comments.map((c) => ({ ...c, ratedAt: iso(c.ratedAt) })) },
  };
}
