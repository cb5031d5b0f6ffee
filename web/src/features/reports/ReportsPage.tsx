import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth.js';
import { ResourceView } from '../../components/ResourceView.js';
import { useResource } from '../../components/useResource.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formatInstant } from '../admin/format.js';
import { useLanguage } from '../admin/useLanguage.js';
import { BarChart, LineChart } from './Charts.js';
import { DataTable } from './DataTable.js';
import { DECLINE_REASONS, KINDS, PRESETS, REPLY_BUCKET_HOURS, reportsApi, type Kind, type Preset, type Report, type ReportFilters } from './reportsApi.js';

const LOCALES = { en: 'en-GB', ru: 'ru' } as const;

/** Number words for the report: business hours, shares as percent, averages. */
function useFormat() {
  const { t } = useTranslation();
  const language = useLanguage();
  const locale = LOCALES[language];
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  return {
    language,
    hours: (ms: number | null) => (ms === null ? '—' : t('reports.hours', { value: number.format(ms / 3_600_000) })),
    share: (value: number | null) => (value === null ? '—' : percent.format(value)),
    number: (value: number | null) => (value === null ? '—' : number.format(value)),
  };
}

/**
 * The reports: admins see everyone (and may pick one agent), agents their own figures. Loaded
 * only when one of these pages opens, charts included.
 */
export function ReportsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const isAdmin = user?.role === 'admin';
  usePageTitle(isAdmin ? t('reports.title') : t('reports.ownTitle'));
  const [filters, setFilters] = useState<ReportFilters>({ preset: 'last_30_days' });
  const resource = useResource(() => reportsApi.getReport(filters), [filters]);
  return (
    <div className="page admin-page reports-page">
      <header className="page-header">
        <h1 id="page-title">{isAdmin ? t('reports.title') : t('reports.ownTitle')}</h1>
        <p className="muted">{t('reports.intro')}</p>
      </header>
      <FiltersForm initial={filters} agents={resource.data?.agents ?? []} isAdmin={isAdmin} onApply={setFilters} />
      <ResourceView resource={resource}>{(report) => <ReportView report={report} />}</ResourceView>
    </div>
  );
}

function FiltersForm({
  initial,
  agents,
  isAdmin,
  onApply,
}: {
  initial: ReportFilters;
  agents: Report['agents'];
  isAdmin: boolean;
  onApply: (filters: ReportFilters) => void;
}) {
  const { t } = useTranslation();
  const [preset, setPreset] = useState<Preset | 'custom'>(initial.preset ?? 'custom');
  const [from, setFrom] = useState(initial.from ?? '');
  const [to, setTo] = useState(initial.to ?? '');
  const [kind, setKind] = useState<Kind | ''>(initial.kind ?? '');
  const [agentId, setAgentId] = useState(initial.agentId ?? '');
  const [tag, setTag] = useState(initial.tag ?? '');
  const [product, setProduct] = useState(initial.product ?? '');
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({
      ...(preset === 'custom' ? { from, to } : { preset }),
      kind: kind || undefined,
      agentId: agentId || undefined,
      tag: tag.trim() || undefined,
      product: product.trim() || undefined,
    });
  }
  return (
    <form className="card panel report-filters" onSubmit={submit} aria-label={t('reports.filters')}>
      <div className="field">
        <label htmlFor="report-preset">{t('reports.period')}</label>
        <select id="report-preset" value={preset} onChange={(e) => setPreset(e.target.value as Preset | 'custom')}>
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`reports.presets.${p}`)}
            </option>
          ))}
          <option value="custom">{t('reports.presets.custom')}</option>
        </select>
      </div>
      {preset === 'custom' && (
        <>
          <div className="field">
            <label htmlFor="report-from">{t('reports.from')}</label>
            <input id="report-from" type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="report-to">{t('reports.to')}</label>
            <input id="report-to" type="date" required value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor="report-kind">{t('reports.kind')}</label>
        <select id="report-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind | '')}>
          <option value="">{t('reports.allKinds')}</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`reports.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {isAdmin && (
        <div className="field">
          <label htmlFor="report-agent">{t('reports.agent')}</label>
          <select id="report-agent" value={agentId} onChange={(e) => setAgentId(e.target.value)}>
            <option value="">{t('reports.allAgents')}</option>
            {agents.map((a) => (
              <option key={a.agentId} value={a.agentId}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="report-tag">{t('reports.tag')}</label>
        <input id="report-tag" value={tag} maxLength={40} onChange={(e) => setTag(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="report-product">{t('reports.product')}</label>
        <input id="report-product" value={product} maxLength={200} onChange={(e) => setProduct(e.target.value)} />
      </div>
      <button type="submit" className="button button-primary">
        {t('reports.apply')}
      </button>
    </form>
  );
}

function ReportView({ report }: { report: Report }) {
  const { t } = useTranslation();
  const f = useFormat();
  const zone = report.period.timezone;
  const at = (iso: string | null) => (iso === null ? '—' : formatInstant({ at: iso, timeZone: zone, language: f.language }));
  const file = (name: string) => `${name}-${report.period.fromDate}-${report.period.toDate}.csv`;
  const bucketLabels = [...REPLY_BUCKET_HOURS.map((h) => t('reports.under', { hours: h })), t('reports.over', { hours: REPLY_BUCKET_HOURS.at(-1) })];
  const days = report.series.map((d) => d.date.slice(5));
  const kindRows = KINDS.map((kind) => ({ kind, tickets: report.volume.newTickets[kind], messages: report.volume.customerMessages[kind] }));
  const percentileRows = [
    { name: t('reports.firstReply'), p: report.replies.first },
    { name: t('reports.laterReplies'), p: report.replies.later },
    { name: t('reports.bestEffortFirst'), p: report.bestEffort.first },
  ];
  return (
    <>
      <p className="muted" id="report-period">
        {t('reports.periodLine', { from: report.period.fromDate, to: report.period.toDate, zone })}
      </p>
      <section className="card panel" aria-labelledby="report-headline">
        <h2 id="report-headline">{t('reports.headline')}</h2>
        <dl className="report-stats">
          <div>
            <dt>{t('reports.compliance')}</dt>
            <dd data-figure="compliance">{f.share(report.compliance.share)}</dd>
          </div>
          <div>
            <dt>{t('reports.sameDay')}</dt>
            <dd data-figure="same-day">{f.share(report.replies.sameDayShare)}</dd>
          </div>
          <div>
            <dt>{t('reports.firstReplyMedian')}</dt>
            <dd data-figure="first-p50">{f.hours(report.replies.first.p50)}</dd>
          </div>
          <div>
            <dt>{t('reports.breaches')}</dt>
            <dd data-figure="breaches">{report.compliance.breached}</dd>
          </div>
          <div>
            <dt>{t('reports.bestEffort')}</dt>
            <dd data-figure="best-effort">{report.bestEffort.messages}</dd>
          </div>
          <div>
            <dt>{t('reports.satisfaction')}</dt>
            <dd data-figure="satisfaction">{f.number(report.satisfaction.average)}</dd>
          </div>
        </dl>
      </section>

      <section className="card panel" aria-labelledby="report-replies">
        <h2 id="report-replies">{t('reports.replyTimes')}</h2>
        <BarChart
          title={t('reports.distributionChart')}
          labels={bucketLabels}
          series={[{ name: t('reports.firstReplies'), values: report.replies.firstDistribution, className: 'chart-a' }]}
        />
        <DataTable
          id="report-percentiles"
          caption={t('reports.percentiles')}
          fileName={file('reply-times')}
          rows={percentileRows}
          columns={[
            { label: t('reports.replies'), render: (r) => r.name, value: (r) => r.name },
            { label: t('reports.count'), render: (r) => r.p.count, value: (r) => r.p.count },
            { label: 'p50', render: (r) => f.hours(r.p.p50), value: (r) => hoursValue(r.p.p50) },
            { label: 'p90', render: (r) => f.hours(r.p.p90), value: (r) => hoursValue(r.p.p90) },
            { label: 'p95', render: (r) => f.hours(r.p.p95), value: (r) => hoursValue(r.p.p95) },
          ]}
        />
        <DataTable
          id="report-distribution"
          caption={t('reports.distribution')}
          fileName={file('reply-distribution')}
          rows={bucketLabels.map((label, i) => ({ label, count: report.replies.firstDistribution[i] ?? 0 }))}
          columns={[
            { label: t('reports.businessTime'), render: (r) => r.label, value: (r) => r.label },
            { label: t('reports.firstReplies'), render: (r) => r.count, value: (r) => r.count },
          ]}
        />
      </section>

      <section className="card panel" aria-labelledby="report-days">
        <h2 id="report-days">{t('reports.overTime')}</h2>
        <BarChart
          title={t('reports.complianceChart')}
          labels={days}
          series={[
            { name: t('reports.met'), values: report.series.map((d) => d.met), className: 'chart-a' },
            { name: t('reports.breached'), values: report.series.map((d) => d.breached), className: 'chart-b' },
          ]}
        />
        <LineChart
          title={t('reports.volumeChart')}
          labels={days}
          series={[
            { name: t('reports.newTickets'), values: report.series.map((d) => d.newTickets), className: 'chart-a' },
            { name: t('reports.backlog'), values: report.series.map((d) => d.backlog), className: 'chart-c' },
          ]}
        />
        <DataTable
          id="report-series"
          caption={t('reports.byDay')}
          fileName={file('by-day')}
          rows={report.series}
          columns={[
            { label: t('reports.date'), render: (d) => d.date, value: (d) => d.date },
            { label: t('reports.newTickets'), render: (d) => d.newTickets, value: (d) => d.newTickets },
            { label: t('reports.customerMessages'), render: (d) => d.customerMessages, value: (d) => d.customerMessages },
            { label: t('reports.met'), render: (d) => d.met, value: (d) => d.met },
            { label: t('reports.breached'), render: (d) => d.breached, value: (d) => d.breached },
            { label: t('reports.backlog'), render: (d) => d.backlog, value: (d) => d.backlog },
          ]}
        />
      </section>

      <section className="card panel" aria-labelledby="report-breaches">
        <h2 id="report-breaches">{t('reports.breaches')}</h2>
        <DataTable
          id="report-breach-list"
          caption={t('reports.breachList')}
          fileName={file('breaches')}
          rows={report.breaches}
          columns={[
            { label: t('reports.ticket'), render: (b) => <Link to={`/agent/tickets/${b.ticketId}`}>#{b.ticketNumber}</Link>, value: (b) => b.ticketNumber },
            { label: t('reports.arrived'), render: (b) => at(b.arrivedAt), value: (b) => b.arrivedAt },
            { label: t('reports.due'), render: (b) => at(b.replyDueAt), value: (b) => b.replyDueAt },
            { label: t('reports.answered'), render: (b) => (b.answeredAt ? at(b.answeredAt) : t('reports.stillWaiting')), value: (b) => b.answeredAt ?? '' },
          ]}
        />
      </section>

      <section className="card panel" aria-labelledby="report-volume">
        <h2 id="report-volume">{t('reports.volume')}</h2>
        <DataTable
          id="report-kinds"
          caption={t('reports.byKind')}
          fileName={file('by-kind')}
          rows={kindRows}
          columns={[
            { label: t('reports.kind'), render: (r) => t(`reports.kinds.${r.kind}`), value: (r) => r.kind },
            { label: t('reports.newTickets'), render: (r) => r.tickets, value: (r) => r.tickets },
            { label: t('reports.customerMessages'), render: (r) => r.messages, value: (r) => r.messages },
          ]}
        />
        <DataTable
          id="report-best-effort"
          caption={t('reports.bestEffortTable')}
          fileName={file('best-effort')}
          rows={[report.bestEffort]}
          columns={[
            { label: t('reports.customerMessages'), render: (b) => b.messages, value: (b) => b.messages },
            { label: t('reports.answeredCount'), render: (b) => b.answered, value: (b) => b.answered },
            { label: t('reports.waiting'), render: (b) => b.waiting, value: (b) => b.waiting },
            { label: t('reports.sameDay'), render: (b) => f.share(b.sameDayShare), value: (b) => b.sameDayShare },
          ]}
        />
        <DataTable
          id="report-declines"
          caption={t('reports.declines')}
          fileName={file('declines')}
          rows={DECLINE_REASONS.map((reason) => ({ reason, count: report.declines[reason] }))}
          columns={[
            { label: t('reports.reason'), render: (r) => t(`portal.declineReasons.${r.reason}`), value: (r) => r.reason },
            { label: t('reports.count'), render: (r) => r.count, value: (r) => r.count },
          ]}
        />
        <DataTable
          id="report-requests"
          caption={t('reports.requests')}
          fileName={file('requests')}
          rows={[report.requests]}
          columns={[
            { label: t('reports.kinds.suggestion'), render: (r) => r.suggestion, value: (r) => r.suggestion },
            { label: t('reports.kinds.partnership'), render: (r) => r.partnership, value: (r) => r.partnership },
            { label: t('reports.answeredCount'), render: (r) => r.answered, value: (r) => r.answered },
          ]}
        />
      </section>

      <section className="card panel" aria-labelledby="report-satisfaction">
        <h2 id="report-satisfaction">{t('reports.satisfaction')}</h2>
        <DataTable
          id="report-ratings"
          caption={t('reports.ratingDistribution')}
          fileName={file('ratings')}
          rows={(['5', '4', '3', '2', '1'] as const).map((stars) => ({ stars, count: report.satisfaction.distribution[stars] }))}
          columns={[
            { label: t('reports.rating'), render: (r) => r.stars, value: (r) => r.stars },
            { label: t('reports.count'), render: (r) => r.count, value: (r) => r.count },
          ]}
        />
        <DataTable
          id="report-comments"
          caption={t('reports.comments')}
          fileName={file('comments')}
          rows={report.satisfaction.comments}
          columns={[
            { label: t('reports.ticket'), render: (c) => <Link to={`/agent/tickets/${c.ticketId}`}>#{c.ticketNumber}</Link>, value: (c) => c.ticketNumber },
            { label: t('reports.rating'), render: (c) => c.rating, value: (c) => c.rating },
            { label: t('reports.comment'), render: (c) => c.comment, value: (c) => c.comment },
            { label: t('reports.rated'), render: (c) => at(c.ratedAt), value: (c) => c.ratedAt },
          ]}
        />
      </section>

      <section className="card panel" aria-labelledby="report-agents">
        <h2 id="report-agents">{t('reports.perAgent')}</h2>
        <DataTable
          id="report-agent-table"
          caption={t('reports.perAgent')}
          fileName={file('agents')}
          rows={report.agents}
          columns={[
            { label: t('reports.agent'), render: (a) => a.name, value: (a) => a.name },
            { label: t('reports.replies'), render: (a) => a.replies, value: (a) => a.replies },
            { label: t('reports.firstReplies'), render: (a) => a.firstReplies, value: (a) => a.firstReplies },
            { label: t('reports.medianReply'), render: (a) => f.hours(a.medianReplyMs), value: (a) => hoursValue(a.medianReplyMs) },
            { label: t('reports.compliance'), render: (a) => f.share(a.compliance), value: (a) => a.compliance },
            { label: t('reports.satisfaction'), render: (a) => f.number(a.satisfaction), value: (a) => a.satisfaction },
          ]}
        />
      </section>
    </>
  );
}

/** Business hours with two decimals, for CSV (a spreadsheet formats them itself). */
function hoursValue(ms: number | null): number | null {
  return ms === null ? null : Math.round((ms / 3_600_000) * 100) / 100;
}
