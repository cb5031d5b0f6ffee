// Time-zone facts the calendar needs, from luxon: the zone's UTC offset as constant-offset
// segments of the timeline, and the instants whose wall clock falls in given local intervals.
// Only the cache fillers call this; the hot paths never touch a time zone.
import { IANAZone } from 'luxon';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './calendar.dates.js';

/** A piece of the timeline [start, end) over which the zone's offset (ms) is constant. */
export interface OffsetSegment {
  start: number;
  end: number;
  offset: number;
}

/**
 * Bound on |UTC offset| (tzdb's local mean times reach about ±16h), so a local date's instants
 * lie within [midnight-as-UTC − margin, midnight-as-UTC + 1 day + margin).
 */
export const OFFSET_MARGIN_MS = 18 * MS_PER_HOUR;

// Transitions are found by sampling the offset this often and bisecting between samples that
// differ. Two transitions that cancel out within one step would be missed; tzdb has none.
const SAMPLE_STEP_MS = 6 * MS_PER_HOUR;
const BLOCK_MS = 32 * MS_PER_DAY;
const MAX_MEMO_BLOCKS = 50_000;

// Offsets are facts about a zone, not about a calendar, so they are memoised per zone and block.
const memo = new Map<string, OffsetSegment[]>();

/** Returns the luxon zone for an IANA name, or throws a RangeError for an unknown one. */
export function resolveZone(timezone: string): IANAZone {
  if (!IANAZone.isValidZone(timezone)) throw new RangeError(`unknown IANA time zone '${timezone}'`);
  return IANAZone.create(timezone);
}

/** Returns the zone's UTC offset at an instant, in milliseconds. */
export function offsetAt({ zone, at }: { zone: IANAZone; at: number }): number {
  const offset = Math.round(zone.offset(at) * MS_PER_MINUTE);
  // NaN would never compare equal and stall the transition search.
  if (!Number.isFinite(offset)) throw new RangeError(`no UTC offset for instant ${at} in ${zone.name}`);
  return offset;
}

/** Returns constant-offset segments covering at least [from, to), in order, merged. */
export function findOffsetSegments({ zone, from, to }: { zone: IANAZone; from: number; to: number }): OffsetSegment[] {
  const out: OffsetSegment[] = [];
  for (let block = Math.floor(from / BLOCK_MS); block * BLOCK_MS < to; block++) {
    for (const segment of findBlockSegments({ zone, block })) {
      const last = out[out.length - 1];
      if (last && last.offset === segment.offset && last.end === segment.start) last.end = segment.end;
      else out.push({ ...segment });
    }
  }
  return out;
}

function findBlockSegments({ zone, block }: { zone: IANAZone; block: number }): OffsetSegment[] {
  const key = `${zone.name}|${block}`;
  const cached = memo.get(key);
  if (cached) return cached;
  const from = block * BLOCK_MS;
  const to = from + BLOCK_MS;
  const segments: OffsetSegment[] = [];
  let segmentStart = from;
  let previousAt = from;
  let previousOffset = offsetAt({ zone, at: from });
  for (let at = from + SAMPLE_STEP_MS; at <= to; at += SAMPLE_STEP_MS) {
    const sampleAt = Math.min(at, to - 1);
    const offset = offsetAt({ zone, at: sampleAt });
    let lo = previousAt;
    let loOffset = previousOffset;
    while (loOffset !== offset) {
      const { at: transition, offset: after } = bisectTransition({ zone, lo, loOffset, hi: sampleAt });
      segments.push({ start: segmentStart, end: transition, offset: loOffset });
      segmentStart = transition;
      lo = transition;
      loOffset = after;
    }
    previousAt = sampleAt;
    previousOffset = offset;
  }
  segments.push({ start: segmentStart, end: to, offset: previousOffset });
  if (memo.size >= MAX_MEMO_BLOCKS) memo.clear();
  memo.set(key, segments);
  return segments;
}

// Finds the first instant in (lo, hi] whose offset differs from loOffset, to the millisecond.
function bisectTransition(args: { zone: IANAZone; lo: number; loOffset: number; hi: number }): {
  at: number;
  offset: number;
} {
  const { zone, loOffset } = args;
  let lo = args.lo;
  let hi = args.hi;
  let hiOffset = offsetAt({ zone, at: hi });
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const offset = offsetAt({ zone, at: mid });
    if (offset === loOffset) lo = mid;
    else {
      hi = mid;
      hiOffset = offset;
    }
  }
  return { at: hi, offset: hiOffset };
}

/**
 * Returns the instants of local date `dayNumber` whose wall clock falls inside one of the
 * intervals (flat minute pairs, sorted, disjoint), as flat sorted, merged [start, end) pairs.
 * A wall-clock time that occurs twice (autumn) counts both times; an edge inside a gap (spring)
 * lands on the transition, where the wall clock first passes it.
 */
export function findDayInstants(args: { segments: OffsetSegment[]; dayNumber: number; intervals: number[] }): number[] {
  const { segments, dayNumber, intervals } = args;
  const midnight = dayNumber * MS_PER_DAY;
  const out: number[] = [];
  for (const segment of segments) {
    if (segment.end <= midnight - OFFSET_MARGIN_MS || segment.start >= midnight + MS_PER_DAY + OFFSET_MARGIN_MS) {
      continue;
    }
    for (let i = 0; i < intervals.length; i += 2) {
      const start = Math.max(segment.start, midnight + intervals[i]! * MS_PER_MINUTE - segment.offset);
      const end = Math.min(segment.end, midnight + intervals[i + 1]! * MS_PER_MINUTE - segment.offset);
      if (start >= end) continue;
      // Segments come in order and the intervals are sorted, so only the last pair can touch.
      if (out.length > 0 && out[out.length - 1]! >= start) out[out.length - 1] = Math.max(out[out.length - 1]!, end);
      else out.push(start, end);
    }
  }
  return out;
}

/**
 * Returns the instant of a local wall-clock time on a local date: its first occurrence when the
 * time repeats, the transition when it falls in a gap.
 */
export function findLocalInstant(args: { segments: OffsetSegment[]; dayNumber: number; msOfDay: number }): number {
  const wall = args.dayNumber * MS_PER_DAY + args.msOfDay;
  for (const segment of args.segments) {
    const at = Math.max(segment.start, wall - segment.offset);
    if (at < segment.end) return at;
  }
  return Number.NaN;
}
