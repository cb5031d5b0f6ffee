import type { TicketKind } from '../../db/types.js';
import type { CompiledCalendar } from '../calendar/calendar.models.js';
import { TICKET_KINDS, DECLINE_REASONS, type DeclineReason } from '../tickets/tickets.models.js';
import type { MessageRow } from './reports.repository.js';
import {
  datesOf,
  dayOf,
  isAnswered,
  isBreach,
  measureFacts,
  resolvePeriod,
  share,
  summarize,
  type MeasuredFact,
  type MessageFact,
  type Percentiles,
  type Period,
} from './reports.models.js';

export interface BreachLink {
  ticketId: string;
  ticketNumber: number;
  messageId: string;
  arrivedAt: number;
  replyDueAt: number;
  answeredAt: number | null;
}

export interface AgentFigures {
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
}

export interface DayFigures {
  date: string;
  newTickets: number;
  customerMessages: number;
  met: number;
  breached: number;
  /** Tickets with a customer message waiting at the end of the day. */
  backlog: number;
}

export interface RatingComment {
  ticketId: string;
  ticketNumber: number;
  rating: number;
  comment: string;
  ratedAt: number;
}

/** Every figure of one report. Durations are business milliseconds; shares are fractions 0..1. */
export interface ReportFigures {
  period: Period & { timezone: string };
  volume: { newTickets: Record<TicketKind, number>; customerMessages: Record<TicketKind, number> };
  replies: {
    /** How many first replies took less than each of REPLY_BUCKET_HOURS (the last bucket: the rest). */
    firstDistribution: number[];
    first: Percentiles;
    later: Percentiles;
    answered: number;
    sameDay: number;
    sameDayShare: number | null;
  };
  compliance: { met: number; breached: number; waitingNotDue: number; share: number | null };
  breaches: BreachLink[];
  bestEffort: { messages: number; answered: number; waiting: number; first: Percentiles; later: Percentiles; sameDayShare: number | null };
  declines: Record<DeclineReason, number>;
  requests: { suggestion: number; partnership: number; answered: number };
  satisfaction: { count: number; average: number | null; distribution: Record<'1' | '2' | '3' | '4' | '5', number>; comments: RatingComment[] };
  agents: AgentFigures[];
  series: DayFigures[];
}

/** Upper edges (business hours) of the reply-time distribution's buckets; one more bucket holds the rest. */
export const REPLY_BUCKET_HOURS = [1, 2, 4, 8, 24, 48] as const;

function distribute(values: readonly number[]): number[] {
  const buckets = new Array<number>(REPLY_BUCKET_HOURS.length + 1).fill(0);
  for (const ms of values) {
    const i = REPLY_BUCKET_HOURS.findIndex((h) => ms < h * 3_600_000);
    buckets[i === -1 ? REPLY_BUCKET_HOURS.length : i]!++;
  }
  return buckets;
}

function byKind(): Record<TicketKind, number> {
  return Object.fromEntries(TICKET_KINDS.map((k) => [k, 0])) as Record<TicketKind, number>;
}

/** Stored rows as the facts the models speak of. */
export function toFacts(rows: readonly MessageRow[]): MessageFact[] {
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number,
    kind: r.kind,
    arrivedAt: r.arrived_at,
    replyDueAt: r.reply_due_at,
    answeredAt: r.answered_at,
    agentId: r.agent_id,
    isGuaranteed: r.is_guaranteed === 1,
    outcome: r.outcome,
    isFirst: r.arrived_at === r.first_arrived_at,
  }));
}

function replyTimes(facts: readonly MeasuredFact[], first: boolean): number[] {
  return facts.filter((f) => f.isBatchStart && f.isFirst === first && f.businessMs !== null).map((f) => f.businessMs!);
}

/**
 * Computes a report from stored facts. Guaranteed messages (met, breached, overdue) make the
 * reply figures and compliance; best-effort ones are counted apart and never as breaches (R5);
 * kinds without a target (suggestions, partnership) count only as requests.
 */
export function computeFigures(input: {
  calendar: CompiledCalendar;
  period: Period;
  now: number;
  rows: readonly MessageRow[];
  newTickets: ReadonlyArray<{ kind: TicketKind; createdAt: number }>;
  agentReplies: ReadonlyMap<string, number>;
  declines: ReadonlyArray<{ data: Record<string, unknown>; actorId: string | null }>;
  ratings: ReadonlyArray<{
    ticketId: string;
    number: number;
    assigneeId: string | null;
    data: Record<string, unknown>;
    ticketComment: string | null;
    at: number;
  }>;
  staff: ReadonlyArray<{ id: string; name: string }>;
  agentId?: string;
}): ReportFigures {
  const { calendar, period, now } = input;
  const timezone = calendar.calendar.timezone;
  const all = measureFacts({ calendar, facts: toFacts(input.rows) });
  // With an agent filter: what that agent answered, and what still waits on their tickets.
  const assignees = new Map(input.rows.map((r) => [r.id, r.assignee_id]));
  const scoped = input.agentId ? all.filter((f) => f.agentId === input.agentId || (f.answeredAt === null && assignees.get(f.id) === input.agentId)) : all;
  const inPeriod = scoped.filter((f) => f.arrivedAt >= period.from && f.arrivedAt < period.to);

  const volume = { newTickets: byKind(), customerMessages: byKind() };
  for (const t of input.newTickets) volume.newTickets[t.kind]++;
  for (const f of inPeriod) volume.customerMessages[f.kind]++;

  const guaranteed = inPeriod.filter((f) => f.isGuaranteed && f.replyDueAt !== null);
  const answeredGuaranteed = guaranteed.filter((f) => isAnswered(f));
  const sameDay = answeredGuaranteed.filter((f) => f.isSameDay).length;
  const breachedFacts = guaranteed.filter((f) => isBreach(f, now));
  const met = guaranteed.filter((f) => f.outcome === 'met').length;
  const waitingNotDue = guaranteed.filter((f) => f.outcome === null && !isBreach(f, now)).length;

  const bestEffortFacts = inPeriod.filter((f) => !f.isGuaranteed && f.outcome !== 'no_target' && !isTargetless(f.kind, f));
  const bestAnswered = bestEffortFacts.filter((f) => isAnswered(f));

  const declines = Object.fromEntries(DECLINE_REASONS.map((r) => [r, 0])) as Record<DeclineReason, number>;
  for (const d of input.declines) {
    const reason = d.data.reason as DeclineReason;
    if (reason in declines) declines[reason]++;
  }

  // The latest rating of each ticket in the period counts once.
  const latest = new Map<string, (typeof input.ratings)[number]>();
  for (const r of input.ratings) latest.set(r.ticketId, r);
  const ratings = [...latest.values()];
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const r of ratings) distribution[String(r.data.rating) as keyof typeof distribution]++;
  const ratingSum = ratings.reduce((s, r) => s + Number(r.data.rating), 0);

  const staffIds = new Set<string>();
  for (const f of inPeriod) if (f.agentId && isAnswered(f)) staffIds.add(f.agentId);
  for (const id of input.agentReplies.keys()) staffIds.add(id);
  for (const r of ratings) if (r.assigneeId) staffIds.add(r.assigneeId);
  if (input.agentId) for (const id of [...staffIds]) if (id !== input.agentId) staffIds.delete(id);
  const names = new Map(input.staff.map((s) => [s.id, s.name]));
  const agents: AgentFigures[] = [...staffIds]
    .map((agentId) => {
      const theirs = inPeriod.filter((f) => f.agentId === agentId && isAnswered(f));
      const theirGuaranteed = theirs.filter((f) => f.isGuaranteed && f.replyDueAt !== null);
      const theirMet = theirGuaranteed.filter((f) => f.outcome === 'met').length;
      const theirBreached = theirGuaranteed.filter((f) => f.outcome === 'breached').length;
      const theirRatings = ratings.filter((r) => r.assigneeId === agentId);
      return {
        agentId,
        name: names.get(agentId) ?? agentId,
        replies: input.agentReplies.get(agentId) ?? 0,
        firstReplies: theirs.filter((f) => f.isFirst && f.isBatchStart).length,
        medianReplyMs: summarize(theirs.filter((f) => f.isBatchStart).map((f) => f.businessMs!)).p50,
        met: theirMet,
        breached: theirBreached,
        compliance: share(theirMet, theirMet + theirBreached),
        ratings: theirRatings.length,
        satisfaction: theirRatings.length === 0 ? null : theirRatings.reduce((s, r) => s + Number(r.data.rating), 0) / theirRatings.length,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.agentId.localeCompare(b.agentId));

  const series: DayFigures[] = datesOf(period).map((date) => ({ date, newTickets: 0, customerMessages: 0, met: 0, breached: 0, backlog: 0 }));
  const index = new Map(series.map((d, i) => [d.date, i]));
  for (const t of input.newTickets) series[index.get(dayOf({ timezone, at: t.createdAt }))!]!.newTickets++;
  for (const f of inPeriod) {
    const day = series[index.get(dayOf({ timezone, at: f.arrivedAt }))!]!;
    day.customerMessages++;
    if (f.isGuaranteed && f.outcome === 'met') day.met++;
    if (f.isGuaranteed && isBreach(f, now)) day.breached++;
  }
  for (const day of series) {
    const end = resolvePeriod({ fromDate: day.date, toDate: day.date, timezone }).to;
    if (end > now + 86_400_000) continue; // the future has no backlog yet
    const waiting = new Set<string>();
    for (const f of scoped) if (f.arrivedAt < end && (f.answeredAt === null || f.answeredAt >= end)) waiting.add(f.ticketId);
    day.backlog = waiting.size;
  }

  return {
    period: { ...period, timezone },
    volume,
    replies: {
      firstDistribution: distribute(replyTimes(answeredGuaranteed, true)),
      first: summarize(replyTimes(answeredGuaranteed, true)),
      later: summarize(replyTimes(answeredGuaranteed, false)),
      answered: answeredGuaranteed.length,
      sameDay,
      sameDayShare: share(sameDay, answeredGuaranteed.length),
    },
    compliance: { met, breached: breachedFacts.length, waitingNotDue, share: share(met, met + breachedFacts.length) },
    breaches: breachedFacts.map((f) => ({
      ticketId: f.ticketId,
      ticketNumber: f.ticketNumber,
      messageId: f.id,
      arrivedAt: f.arrivedAt,
      replyDueAt: f.replyDueAt!,
      answeredAt: f.answeredAt,
    })),
    bestEffort: {
      messages: bestEffortFacts.length,
      answered: bestAnswered.length,
      waiting: bestEffortFacts.filter((f) => f.outcome === null).length,
      first: summarize(replyTimes(bestAnswered, true)),
      later: summarize(replyTimes(bestAnswered, false)),
      sameDayShare: share(bestAnswered.filter((f) => f.isSameDay).length, bestAnswered.length),
    },
    declines,
    requests: {
      suggestion: volume.newTickets.suggestion,
      partnership: volume.newTickets.partnership,
      answered: inPeriod.filter((f) => isTargetless(f.kind, f) && isAnswered(f)).length,
    },
    satisfaction: {
      count: ratings.length,
      average: ratings.length === 0 ? null : ratingSum / ratings.length,
      distribution,
      comments: ratings
        .filter((r) => r.ticketComment)
        .map((r) => ({ ticketId: r.ticketId, ticketNumber: r.number, rating: Number(r.data.rating), comment: r.ticketComment!, ratedAt: r.at })),
    },
    agents,
    series,
  };
}

/** Suggestions and partnership requests: their own queues, no target, never best effort (DESIGN). */
function isTargetless(kind: TicketKind, fact: Pick<MessageFact, 'outcome'>): boolean {
  return kind === 'suggestion' || kind === 'partnership' || fact.outcome === 'no_target';
}
