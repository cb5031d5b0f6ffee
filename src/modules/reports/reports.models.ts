import type { MessageOutcome, TicketKind } from '../../db/types.js';
import { businessTimeBetween, nextBusinessInstant, resolveLocalInstant, type CompiledCalendar } from '../calendar/calendar.models.js';
import { offsetAt, resolveZone } from '../calendar/calendar.zone.js';
import { formatLocalDate, MS_PER_DAY, parseLocalDate, weekdayOfDayNumber } from '../calendar/calendar.dates.js';

export const PERIOD_PRESETS = ['this_week', 'last_week', 'last_30_days', 'this_month', 'last_quarter'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** A report's period: local dates in the calendar's zone (`to` inclusive) and the instants bounding them. */
export interface Period {
  fromDate: string;
  toDate: string;
  from: number;
  /** The first instant after the period (midnight after `toDate`). */
  to: number;
}

function addDays(date: string, days: number): string {
  return formatLocalDate(parseLocalDate(date)! + days);
}

/** The local dates of a preset period, counted from today's local date (weeks start on Monday). */
export function presetDates({ preset, today }: { preset: PeriodPreset; today: string }): { fromDate: string; toDate: string } {
  const day = parseLocalDate(today)!;
  const weekday = (weekdayOfDayNumber(day) + 6) % 7; // Monday 0
  const [year, month] = today.split('-').map(Number) as [number, number];
  switch (preset) {
    case 'this_week':
      return { fromDate: formatLocalDate(day - weekday), toDate: today };
    case 'last_week':
      return { fromDate: formatLocalDate(day - weekday - 7), toDate: formatLocalDate(day - weekday - 1) };
    case 'last_30_days':
      return { fromDate: formatLocalDate(day - 29), toDate: today };
    case 'this_month':
      return { fromDate: `${today.slice(0, 7)}-01`, toDate: today };
    case 'last_quarter': {
      const quarterStartMonth = Math.floor((month - 1) / 3) * 3 + 1; // this quarter
      const startYear = quarterStartMonth === 1 ? year - 1 : year;
      const startMonth = quarterStartMonth === 1 ? 10 : quarterStartMonth - 3;
      const fromDate = `${startYear}-${String(startMonth).padStart(2, '0')}-01`;
      const thisQuarter = `${year}-${String(quarterStartMonth).padStart(2, '0')}-01`;
      return { fromDate, toDate: addDays(thisQuarter, -1) };
    }
  }
}

/** Turns local dates into the instants of their midnights in the calendar's zone. */
export function resolvePeriod({ fromDate, toDate, timezone }: { fromDate: string; toDate: string; timezone: string }): Period {
  return {
    fromDate,
    toDate,
    from: resolveLocalInstant({ timezone, localDate: fromDate, msOfDay: 0 }),
    to: resolveLocalInstant({ timezone, localDate: addDays(toDate, 1), msOfDay: 0 }),
  };
}

/** Every local date of a period, in order. */
export function datesOf(period: Pick<Period, 'fromDate' | 'toDate'>): string[] {
  const first = parseLocalDate(period.fromDate)!;
  const last = parseLocalDate(period.toDate)!;
  const dates: string[] = [];
  for (let d = first; d <= last; d++) dates.push(formatLocalDate(d));
  return dates;
}

/** Days in a period (inclusive), to cap custom periods. */
export function periodLength(period: Pick<Period, 'fromDate' | 'toDate'>): number {
  return parseLocalDate(period.toDate)! - parseLocalDate(period.fromDate)! + 1;
}

/**
 * The nearest-rank percentile (the smallest value with at least p% of the values at or below it),
 * so a reported figure is always a reply time that happened; null without values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface Percentiles {
  count: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

/** p50/p90/p95 of durations (ms). */
export function summarize(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p95: percentile(sorted, 95) };
}

// Zone offsets change only at transitions, which fall on quarter hours: one lookup per quarter
// hour instead of one per message (a lookup costs about a millisecond; a report makes millions).
const QUARTER_HOUR_MS = 15 * 60_000;
const offsetCaches = new Map<string, Map<number, number>>();

/** The local date "YYYY-MM-DD" of an instant in a zone, with the zone's offsets cached. */
export function localDateOf({ timezone, at }: { timezone: string; at: number }): string {
  let cache = offsetCaches.get(timezone);
  if (!cache) offsetCaches.set(timezone, (cache = new Map()));
  const bucket = Math.floor(at / QUARTER_HOUR_MS);
  let offset = cache.get(bucket);
  if (offset === undefined) {
    if (cache.size > 100_000) cache.clear();
    offset = offsetAt({ zone: resolveZone(timezone), at: bucket * QUARTER_HOUR_MS });
    cache.set(bucket, offset);
  }
  return formatLocalDate(Math.floor((at + offset) / MS_PER_DAY));
}

/**
 * R10: answered on the same business day it arrived. A message that arrives outside business time
 * belongs to the business day that follows (a Saturday message answered on Monday counts).
 */
export function isSameBusinessDay({ calendar, arrivedAt, answeredAt }: { calendar: CompiledCalendar; arrivedAt: number; answeredAt: number }): boolean {
  const timezone = calendar.calendar.timezone;
  const businessStart = nextBusinessInstant({ calendar, at: arrivedAt });
  if (answeredAt <= businessStart) return true;
  return localDateOf({ timezone, at: businessStart }) === localDateOf({ timezone, at: answeredAt });
}

/** One customer message as stored: its arrival, due, answer and guarantee (the stored facts). */
export interface MessageFact {
  id: string;
  ticketId: string;
  ticketNumber: number;
  kind: TicketKind;
  arrivedAt: number;
  replyDueAt: number | null;
  answeredAt: number | null;
  /** The agent whose reply (or decline) answered it. */
  agentId: string | null;
  isGuaranteed: boolean;
  outcome: MessageOutcome | null;
  /** The ticket's first customer message: its answer is the first reply. */
  isFirst: boolean;
}

/** A message with its answer measured in business time (the current calendar's, between the stored instants). */
export interface MeasuredFact extends MessageFact {
  /** Business ms from arrival to answer; for a batch of messages answered together, from the batch's earliest. */
  businessMs: number | null;
  /** Whether this message starts its batch (the one a reply time is counted for). */
  isBatchStart: boolean;
  isSameDay: boolean | null;
}

const ANSWERED: ReadonlySet<MessageOutcome> = new Set(['met', 'breached', 'best_effort', 'no_target']);

/** Whether a message ended with an agent's answer (R4), as opposed to withdrawn or closed unanswered. */
export function isAnswered(fact: Pick<MessageFact, 'outcome' | 'answeredAt'>): boolean {
  return fact.answeredAt !== null && fact.outcome !== null && ANSWERED.has(fact.outcome);
}

/**
 * Measures every answered message. Several customer messages answered by one reply are one
 * reply: its time runs from the earliest of them, and only that one counts in the percentiles.
 */
export function measureFacts({ calendar, facts }: { calendar: CompiledCalendar; facts: readonly MessageFact[] }): MeasuredFact[] {
  const earliest = new Map<string, MessageFact>();
  for (const f of facts) {
    if (!isAnswered(f)) continue;
    const key = `${f.ticketId}:${f.answeredAt}`;
    const seen = earliest.get(key);
    if (!seen || f.arrivedAt < seen.arrivedAt || (f.arrivedAt === seen.arrivedAt && f.id < seen.id)) earliest.set(key, f);
  }
  return facts.map((f) => {
    if (!isAnswered(f)) return { ...f, businessMs: null, isBatchStart: false, isSameDay: null };
    const start = earliest.get(`${f.ticketId}:${f.answeredAt}`)!;
    return {
      ...f,
      businessMs: businessTimeBetween({ calendar, from: start.arrivedAt, to: f.answeredAt! }),
      isBatchStart: start.id === f.id,
      isSameDay: isSameBusinessDay({ calendar, arrivedAt: f.arrivedAt, answeredAt: f.answeredAt! }),
    };
  });
}

/** A guaranteed message still waiting past its due is a breach already, before anyone answers. */
export function isBreach(fact: Pick<MessageFact, 'outcome' | 'replyDueAt' | 'answeredAt' | 'isGuaranteed'>, now: number): boolean {
  if (fact.outcome === 'breached') return true;
  return fact.outcome === null && fact.isGuaranteed && fact.replyDueAt !== null && now > fact.replyDueAt;
}

/** Share as a fraction (0..1), null when nothing was counted. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The day (local date) an instant falls on, for the series. */
export function dayOf({ timezone, at }: { timezone: string; at: number }): string {
  return localDateOf({ timezone, at });
}
