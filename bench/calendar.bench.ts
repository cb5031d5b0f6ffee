// Due computations per second on one core: the default calendar, and an office calendar
// (09:00–18:00 Mon–Fri) with the 2026 Russian production calendar applied, 24 business hours,
// starts spread over a year. Run directly with `npx tsx bench/calendar.bench.ts`.
import { pathToFileURL } from 'node:url';
import { DEFAULT_CALENDAR } from '../src/modules/calendar/calendar.file.js';
import { compileCalendar, computeDue, type Calendar, type CompiledCalendar, type LocalInterval } from '../src/modules/calendar/calendar.models.js';
import { applyPreset } from '../src/modules/calendar/calendar.presets.js';

interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const HOUR = 3_600_000;
const DURATION_MS = 24 * HOUR;
const STARTS = 1 << 16;
const MEASURE_MS = 1000;
const OFFICE: LocalInterval[] = [['09:00', '18:00']];

/** Measures due computations per second; returns one figure per scenario. */
export async function benchCalendar(): Promise<BenchResult[]> {
  const office: Calendar = applyPreset({
    calendar: { ...DEFAULT_CALENDAR, week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: [], sun: [] } },
    presetId: 'ru-2026',
  }).calendar;
  const starts = makeStarts();
  return [
    { name: 'calendar.due.default_calendar', value: measureDues({ calendar: compileCalendar(DEFAULT_CALENDAR), starts }), unit: 'ops/s' },
    { name: 'calendar.due.office_ru_2026', value: measureDues({ calendar: compileCalendar(office), starts }), unit: 'ops/s' },
    { name: 'calendar.compile_and_first_due', value: measureColdDues({ calendar: office, starts }), unit: 'ops/s' },
  ];
}

// Starts spread over 2026 at minute resolution, from a fixed linear congruential sequence so
// every run measures the same work.
function makeStarts(): Float64Array {
  const yearStart = Date.UTC(2026, 0, 1);
  const starts = new Float64Array(STARTS);
  let seed = 20_261_127;
  for (let i = 0; i < STARTS; i++) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    starts[i] = yearStart + (seed % (365 * 24 * 60)) * 60_000;
  }
  return starts;
}

function measureDues({ calendar, starts }: { calendar: CompiledCalendar; starts: Float64Array }): number {
  let sink = 0;
  // The first pass fills the calendar's cache for the year; only the warm path is measured.
  for (const start of starts) sink += computeDue({ calendar, start, durationMs: DURATION_MS });
  let count = 0;
  const began = performance.now();
  let elapsed = 0;
  while (elapsed < MEASURE_MS) {
    for (let i = 0; i < STARTS; i++) sink += computeDue({ calendar, start: starts[i]!, durationMs: DURATION_MS });
    count += STARTS;
    elapsed = performance.now() - began;
  }
  if (sink === 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return Math.round((count / elapsed) * 1000);
}

// What a preview of an unsaved calendar costs: compile it, fill a chunk, answer once.
function measureColdDues({ calendar, starts }: { calendar: Calendar; starts: Float64Array }): number {
  let sink = 0;
  let count = 0;
  const began = performance.now();
  let elapsed = 0;
  while (elapsed < MEASURE_MS) {
    const compiled = compileCalendar(calendar);
    sink += computeDue({ calendar: compiled, start: starts[count % STARTS]!, durationMs: DURATION_MS });
    count++;
    elapsed = performance.now() - began;
  }
  if (sink === 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return Math.round((count / elapsed) * 1000);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const { name, value, unit } of await benchCalendar()) console.log(`${name}: ${value.toLocaleString('en-US')} ${unit}`);
}
