// The Russian production calendar of any year: the non-working holidays of the Labour Code
// (art. 112), its own rule for holidays that fall on a weekend, the shortened pre-holiday days
// (art. 95), and the Government's yearly transfers where the project knows the decree. Pure.
import { formatLocalDate, fromDayNumber, parseLocalDate, toDayNumber, weekdayOfDayNumber } from './calendar.dates.js';

/** A year's production calendar as the presets apply it. */
export interface RussianYear {
  /** Non-working holidays and the days off transferred onto weekdays. */
  holidays: string[];
  /** Saturdays or Sundays worked instead of a transferred day off; they get Monday's hours. */
  workingDays: string[];
  /** Pre-holiday working days, one hour shorter (art. 95). */
  shortenedDays: string[];
  /** Whether the Government's transfers for the year are part of it (its decree is known here). */
  hasDecree: boolean;
}

/** Art. 112 in its current wording (since 2013); earlier years had other holidays. */
export const FIRST_YEAR = 2013;
export const LAST_YEAR = 2100;

/** Art. 112 part 1: 1–6 and 8 January (New Year holidays), 7 January (Christmas), and the rest. */
const STATUTORY: ReadonlyArray<readonly [month: number, day: number]> = [
  [1, 1],
  [1, 2],
  [1, 3],
  [1, 4],
  [1, 5],
  [1, 6],
  [1, 7],
  [1, 8],
  [2, 23],
  [3, 8],
  [5, 1],
  [5, 9],
  [6, 12],
  [11, 4],
];

/**
 * The Government's decrees "О переносе выходных дней", by year, as transfers on top of the
 * statute: days off added (onto weekdays), weekend days worked, and the statutory moves it
 * replaced. 2025: decree of 04.10.2024 No. 1335 (Sat 4 Jan → Fri 2 May, Sun 5 Jan → Wed 31 Dec,
 * Sun 23 Feb → Thu 8 May, Sat 8 Mar → Fri 13 Jun, Sat 1 Nov → Mon 3 Nov). 2026: decree of
 * 24.09.2025 No. 1466 (Sat 3 Jan → Fri 9 Jan, Sun 4 Jan → Thu 31 Dec).
 */
interface Decree {
  daysOff: string[];
  workedWeekendDays: string[];
  shortenedDays?: string[];
  /** The decree moved the weekend holidays itself (elsewhere than the statute would). */
  replacesStatutoryMoves: boolean;
}

const DECREES: Record<number, Decree> = {
  // The worked Saturday before the November days off is shortened too (Ministry of Labour's calendar).
  2025: {
    daysOff: ['2025-05-02', '2025-05-08', '2025-06-13', '2025-11-03', '2025-12-31'],
    workedWeekendDays: ['2025-11-01'],
    shortenedDays: ['2025-11-01'],
    replacesStatutoryMoves: true,
  },
  2026: { daysOff: ['2026-01-09', '2026-12-31'], workedWeekendDays: [], replacesStatutoryMoves: false },
};

const isWeekend = (dayNumber: number) => {
  const weekday = weekdayOfDayNumber(dayNumber);
  return weekday === 0 || weekday === 6;
};

/** The production calendar of `year` (FIRST_YEAR..LAST_YEAR), with its decree where known. */
export function russianYear(year: number): RussianYear {
  return buildYear(year, DECREES[year]);
}

/** The year as the Labour Code alone makes it, as if no decree were known (to check the rules against a decreed year). */
export function russianYearFromStatute(year: number): RussianYear {
  return buildYear(year, undefined);
}

function buildYear(year: number, decree: Decree | undefined): RussianYear {
  const statutory = STATUTORY.map(([month, day]) => toDayNumber({ year, month, day }));
  const off = new Set(statutory);
  for (const date of decree?.daysOff ?? []) off.add(parseLocalDate(date)!);
  const worked = new Set((decree?.workedWeekendDays ?? []).map((date) => parseLocalDate(date)!));
  const isWorkingDay = (dayNumber: number) => !off.has(dayNumber) && (worked.has(dayNumber) || !isWeekend(dayNumber));

  // Art. 112 part 2: a holiday on a weekend moves that day off to the next working day after the
  // holiday, except the January ones (part 2 leaves those to the Government's decree).
  if (!decree?.replacesStatutoryMoves) {
    for (const holiday of statutory) {
      if (fromDayNumber(holiday).month === 1 || !isWeekend(holiday)) continue;
      let next = holiday + 1;
      while (!isWorkingDay(next)) next++;
      off.add(next);
    }
  }

  // Art. 95: the working day right before a non-working holiday is an hour shorter; 31 December
  // comes before next year's 1 January.
  const shortened = new Set<number>();
  for (const holiday of [...statutory.slice(1), toDayNumber({ year: year + 1, month: 1, day: 1 })]) {
    const before = holiday - 1;
    if (fromDayNumber(before).year === year && isWorkingDay(before)) shortened.add(before);
  }
  for (const date of decree?.shortenedDays ?? []) shortened.add(parseLocalDate(date)!);

  const dates = (set: Iterable<number>) => [...set].sort((a, b) => a - b).map(formatLocalDate);
  return { holidays: dates(off), workingDays: dates(worked), shortenedDays: dates(shortened), hasDecree: decree !== undefined };
}
