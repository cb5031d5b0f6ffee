import type { Db } from '../../db/database.js';
import type { TicketKind, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { businessTimeBetween, localDateOf } from '../calendar/calendar.models.js';
import type { CalendarUsecases } from '../calendar/calendar.usecases.js';
import { reportsErrors } from './reports.errors.js';
import { computeFigures, type ReportFigures } from './reports.figures.js';
import { periodLength, presetDates, resolvePeriod, type PeriodPreset } from './reports.models.js';
import { createReportsRepository, type ReportFilters } from './reports.repository.js';
import { toSummaryRow, type SummaryRow } from './reports.table.js';
import { TICKET_KINDS } from '../tickets/tickets.models.js';

export type ReportsUsecases = ReturnType<typeof createReportsUsecases>;

export const MAX_PERIOD_DAYS = 366;
/** "Usually answered within": the window and the fewest first replies it needs. */
export const EXPECTATION_WINDOW_MS = 30 * 86_400_000;
export const EXPECTATION_MIN_POINTS = 20;

export interface ReportRequest extends ReportFilters {
  preset?: PeriodPreset;
  from?: string;
  to?: string;
}

/** Reports from the stored facts of each message; agents see only their own figures. */
export function createReportsUsecases({ db, clock, calendar }: { db: Db; clock: Clock; calendar: Pick<CalendarUsecases, 'getCompiledCalendar'> }) {
  const repo = createReportsRepository({ db });

  /** Every figure for a period (a preset, or local dates in the calendar's zone), narrowed by the filters. */
  async function buildReport({ actor, request }: { actor: Pick<User, 'id' | 'role'>; request: ReportRequest }): Promise<ReportFigures> {
    const compiled = await calendar.getCompiledCalendar();
    const timezone = compiled.calendar.timezone;
    const now = clock.now();
    let dates: { fromDate: string; toDate: string };
    if (request.preset) dates = presetDates({ preset: request.preset, today: localDateOf({ timezone, at: now }) });
    else if (request.from && request.to && request.from <= request.to) dates = { fromDate: request.from, toDate: request.to };
    else throw reportsErrors.badPeriod();
    if (periodLength(dates) > MAX_PERIOD_DAYS) throw reportsErrors.periodTooLong({ params: { max: MAX_PERIOD_DAYS } });
    const period = resolvePeriod({ ...dates, timezone });
    const filters: ReportFilters = {
      kind: request.kind,
      tag: request.tag,
      product: request.product,
      // An agent's report is always their own; an admin may pick anyone.
      agentId: actor.role === 'admin' ? request.agentId : actor.id,
    };
    const range = { from: period.from, to: period.to, filters };
    const [rows, newTickets, agentReplies, declines, ratings, staff] = await Promise.all([
      repo.listMessages(range),
      repo.listNewTickets(range),
      repo.countAgentReplies(range),
      repo.listEvents({ type: 'declined', ...range }),
      repo.listEvents({ type: 'rated', ...range }),
      repo.listStaff(),
    ]);
    return computeFigures({ calendar: compiled, period, now, rows, newTickets, agentReplies, declines, ratings, staff, agentId: filters.agentId });
  }

  return {
    buildReport,

    /** The headline figures for everyone, or one row per agent or per kind (the CLI's and the CSV's table). */
    async buildSummaryRows({
      actor,
      request,
      by,
    }: {
      actor: Pick<User, 'id' | 'role'>;
      request: ReportRequest;
      by?: 'agent' | 'kind';
    }): Promise<{ figures: ReportFigures; rows: SummaryRow[] }> {
      const figures = await buildReport({ actor, request });
      if (!by) return { figures, rows: [toSummaryRow({ group: 'all', figures })] };
      if (by === 'kind') {
        const rows: SummaryRow[] = [];
        for (const kind of TICKET_KINDS) rows.push(toSummaryRow({ group: kind, figures: await buildReport({ actor, request: { ...request, kind } }) }));
        return { figures, rows };
      }
      const rows: SummaryRow[] = [];
      for (const agent of figures.agents) {
        rows.push(toSummaryRow({ group: agent.name, figures: await buildReport({ actor, request: { ...request, agentId: agent.agentId } }) }));
      }
      return { figures, rows };
    },

    /**
     * What a customer may expect for a kind: the median business time of the first replies given in
     * the last 30 days, or null with fewer than 20 of them.
     */
    async expectFirstReply({ kind }: { kind: TicketKind }): Promise<{ medianMs: number | null; points: number }> {
      const compiled = await calendar.getCompiledCalendar();
      const now = clock.now();
      const answers = await repo.listFirstAnswers({ kind, from: now - EXPECTATION_WINDOW_MS, to: now + 1 });
      if (answers.length < EXPECTATION_MIN_POINTS) return { medianMs: null, points: answers.length };
      const times = answers.map((a) => businessTimeBetween({ calendar: compiled, from: a.arrivedAt, to: a.answeredAt })).sort((a, b) => a - b);
      return { medianMs: times[Math.ceil(times.length / 2) - 1]!, points: answers.length };
    },
  };
}
