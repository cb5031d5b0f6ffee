// The compiled form of a calendar: business time as sorted instant intervals with running
// totals, in fixed 64-day chunks of the timeline that are filled lazily and kept. Answering a
// question is then a map lookup, a binary search and some additions.
import type { IANAZone } from 'luxon';
import { MS_PER_DAY, weekdayOfDayNumber } from './calendar.dates.js';
import { findDayInstants, findOffsetSegments, OFFSET_MARGIN_MS } from './calendar.zone.js';

/** A calendar's rules with dates as day numbers and intervals as flat minute pairs. */
export interface CalendarRules {
  zone: IANAZone;
  /** Indexed by weekday, 0 = Sunday. */
  week: number[][];
  holidays: Set<number>;
  specialDays: Map<number, number[]>;
}

/** Business intervals of one chunk of the timeline, clipped to it. */
export interface Chunk {
  starts: Float64Array;
  ends: Float64Array;
  /** Business time from the chunk's start to the end of each interval. */
  cumulativeEnds: Float64Array;
  total: number;
}

export const CHUNK_MS = 64 * MS_PER_DAY;
const MAX_CHUNKS = 20_000;

/** Holds the rules and the lazily filled chunks; the rules never change after compiling. */
export class ChunkCache {
  readonly rules: CalendarRules;
  private readonly chunks = new Map<number, Chunk>();
  private lastIndex = Number.NaN;
  private lastChunk: Chunk | undefined;

  constructor(rules: CalendarRules) {
    this.rules = rules;
  }

  /** Returns chunk `index`, covering instants [index * CHUNK_MS, (index + 1) * CHUNK_MS). */
  getChunk(index: number): Chunk {
    if (index === this.lastIndex && this.lastChunk) return this.lastChunk;
    let chunk = this.chunks.get(index);
    if (!chunk) {
      chunk = buildChunk({ rules: this.rules, index });
      // Unbounded growth only comes from queries spread over thousands of years; start over then.
      if (this.chunks.size >= MAX_CHUNKS) this.chunks.clear();
      this.chunks.set(index, chunk);
    }
    this.lastIndex = index;
    this.lastChunk = chunk;
    return chunk;
  }
}

/** Returns a local date's intervals (flat minute pairs): special day, else holiday, else week. */
export function findDayIntervals({ rules, dayNumber }: { rules: CalendarRules; dayNumber: number }): number[] {
  const special = rules.specialDays.get(dayNumber);
  if (special) return special;
  if (rules.holidays.has(dayNumber)) return [];
  return rules.week[weekdayOfDayNumber(dayNumber)]!;
}

/** Returns the instants of one local date's business time as [start, end) pairs. */
export function findDayBusinessInstants({ rules, dayNumber }: { rules: CalendarRules; dayNumber: number }): number[] {
  const midnight = dayNumber * MS_PER_DAY;
  const segments = findOffsetSegments({
    zone: rules.zone,
    from: midnight - OFFSET_MARGIN_MS,
    to: midnight + MS_PER_DAY + OFFSET_MARGIN_MS,
  });
  return findDayInstants({ segments, dayNumber, intervals: findDayIntervals({ rules, dayNumber }) });
}

function buildChunk({ rules, index }: { rules: CalendarRules; index: number }): Chunk {
  const from = index * CHUNK_MS;
  const to = from + CHUNK_MS;
  const firstDay = Math.floor((from - OFFSET_MARGIN_MS) / MS_PER_DAY);
  const lastDay = Math.floor((to + OFFSET_MARGIN_MS) / MS_PER_DAY);
  const segments = findOffsetSegments({
    zone: rules.zone,
    from: firstDay * MS_PER_DAY - OFFSET_MARGIN_MS,
    to: (lastDay + 1) * MS_PER_DAY + OFFSET_MARGIN_MS,
  });
  const pairs: number[] = [];
  for (let dayNumber = firstDay; dayNumber <= lastDay; dayNumber++) {
    const intervals = findDayIntervals({ rules, dayNumber });
    if (intervals.length === 0) continue;
    const instants = findDayInstants({ segments, dayNumber, intervals });
    for (let i = 0; i < instants.length; i += 2) {
      const start = Math.max(from, instants[i]!);
      const end = Math.min(to, instants[i + 1]!);
      if (start < end) pairs.push(start, end);
    }
  }
  return toChunk(mergePairs(pairs));
}

// Each instant has one local date, so days never overlap, but a clock set back across midnight
// can interleave them; sort, then join the ones that touch (Friday 24:00 = Saturday 00:00).
function mergePairs(pairs: number[]): number[] {
  const order: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) order.push(i);
  order.sort((a, b) => pairs[a]! - pairs[b]!);
  const merged: number[] = [];
  for (const i of order) {
    const start = pairs[i]!;
    const end = pairs[i + 1]!;
    const last = merged.length - 1;
    if (last > 0 && merged[last]! >= start) merged[last] = Math.max(merged[last]!, end);
    else merged.push(start, end);
  }
  return merged;
}

function toChunk(pairs: number[]): Chunk {
  const count = pairs.length / 2;
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  const cumulativeEnds = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    starts[i] = pairs[2 * i]!;
    ends[i] = pairs[2 * i + 1]!;
    total += ends[i]! - starts[i]!;
    cumulativeEnds[i] = total;
  }
  return { starts, ends, cumulativeEnds, total };
}

/** Returns how many intervals of the chunk start at or before `at`. */
export function countStartsUpTo({ chunk, at }: { chunk: Chunk; at: number }): number {
  const starts = chunk.starts;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Returns the business time from the chunk's start to `at` (which lies in the chunk). */
export function measureBusinessBefore({ chunk, at }: { chunk: Chunk; at: number }): number {
  const i = countStartsUpTo({ chunk, at }) - 1;
  if (i < 0) return 0;
  const end = chunk.ends[i]!;
  return at >= end ? chunk.cumulativeEnds[i]! : chunk.cumulativeEnds[i]! - (end - at);
}

/** Returns the earliest instant in the chunk by which `amount` (0 < amount <= total) has passed. */
export function findInstantAfter({ chunk, amount }: { chunk: Chunk; amount: number }): number {
  const cumulativeEnds = chunk.cumulativeEnds;
  let lo = 0;
  let hi = cumulativeEnds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulativeEnds[mid]! >= amount) hi = mid;
    else lo = mid + 1;
  }
  return chunk.ends[lo]! - (cumulativeEnds[lo]! - amount);
}
