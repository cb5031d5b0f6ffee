import fs from 'node:fs';
import readline from 'node:readline';
import type { Command } from 'commander';
import { CalendarFileError, parseCalendarFile, serializeCalendarFile } from '../modules/calendar/calendar.file.js';
import { compileCalendar, computeDue, NoBusinessTimeError, type CompiledCalendar } from '../modules/calendar/calendar.models.js';
import { formatInstant, parseStart } from '../modules/calendar/calendar.sla.js';
import { MAX_TARGET_MINUTES } from '../modules/calendar/calendar.targets.js';
import { parseCalendarInput } from '../modules/calendar/calendar.usecases.js';
import { CliError, readStdin, runCommand, say } from './io.js';
import { openCliRuntime } from './runtime.js';

const MS_PER_MINUTE = 60_000;
// A decimal --hours counts when it is a whole number of minutes up to float noise (0.1 h = 6 min).
const WHOLE_MINUTE_TOLERANCE = 1e-6;

export function registerCalendarCommands(program: Command): void {
  const sla = program.command('sla').description('reply-target arithmetic on a calendar file (no database)');
  sla
    .command('due')
    .description('print, for each START (or each line of stdin), the instant that much business time later, one ISO 8601 instant per line')
    .requiredOption('--calendar <file>', 'the calendar file (JSON, as `calendar export` writes it)')
    .option('--hours <hours>', 'business hours to add; a decimal is fine when it makes whole minutes (1.5 = 90 minutes)')
    .option('--minutes <minutes>', 'business minutes to add, a whole number')
    .argument('[start...]', 'ISO 8601 date and time; without an offset it is local time in the calendar zone')
    .action((starts: string[], opts: { calendar: string; hours?: string; minutes?: string }) =>
      runCommand(async () => {
        // Pure on purpose: no configuration, no database, so scripts can call it in a loop.
        const durationMs = parseDuration(opts) * MS_PER_MINUTE;
        const calendar = readCalendarFile(opts.calendar);
        const print = (text: string, where: string): void => {
          const due = computeDueLine({ calendar, text, durationMs, where });
          if (due !== null) process.stdout.write(`${due}\n`);
        };
        if (starts.length > 0) {
          starts.forEach((text, i) => print(text, `argument ${i + 1}`));
          return;
        }
        // Line by line, so a long stream prints as it goes and a bad line stops it there.
        const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
        let lineNumber = 0;
        try {
          for await (const line of lines) print(line, `line ${++lineNumber}`);
        } finally {
          lines.close();
          process.stdin.destroy();
        }
      }),
    );

  const calendar = program.command('calendar').description('the business calendar stored in the database');
  calendar
    .command('export')
    .description('print the stored calendar file (or write it to --file)')
    .option('--file <file>', 'write to this file instead of stdout')
    .action((opts: { file?: string }) =>
      runCommand(async () => {
        const runtime = await openCliRuntime();
        try {
          const text = serializeCalendarFile(await runtime.deps.calendar.getCalendar());
          if (opts.file) {
            fs.writeFileSync(opts.file, text);
            say(`wrote ${opts.file}`);
          } else {
            process.stdout.write(text);
          }
        } finally {
          await runtime.close();
        }
      }),
    );
  calendar
    .command('import')
    .description('replace the stored calendar with a calendar file ("-" reads stdin); reply-due times are then recomputed in the background')
    .argument('<file>', 'the calendar file (JSON)')
    .action((file: string) =>
      runCommand(async () => {
        const text = file === '-' ? await readStdin() : readText(file);
        // Checked before the database is opened, so a bad file fails fast and changes nothing.
        const input = parseCalendarInput(parseJson({ text, file }));
        const runtime = await openCliRuntime();
        try {
          const { calendar: saved, recomputeJobId } = await runtime.deps.calendar.setCalendar({ input });
          const summary = `${saved.timezone}, ${saved.holidays.length} holidays, ${Object.keys(saved.specialDays).length} special days`;
          say(recomputeJobId ? `calendar saved (${summary}); recomputing reply-due times in job ${recomputeJobId}` : `calendar unchanged (${summary})`);
        } finally {
          await runtime.close();
        }
      }),
    );
}

/** Business minutes from exactly one of --hours / --minutes: positive, whole minutes. */
export function parseDuration({ hours, minutes }: { hours?: string; minutes?: string }): number {
  if ((hours === undefined) === (minutes === undefined)) throw new CliError('give exactly one of --hours or --minutes');
  const isHours = hours !== undefined;
  const text = (hours ?? minutes)!.trim();
  const name = isHours ? '--hours' : '--minutes';
  if (!(isHours ? /^\d+(\.\d+)?$/ : /^\d+$/).test(text)) {
    throw new CliError(`${name} must be a positive ${isHours ? 'number' : 'whole number'}, got "${text}"`);
  }
  const exact = isHours ? Number(text) * 60 : Number(text);
  const whole = Math.round(exact);
  if (Math.abs(exact - whole) > WHOLE_MINUTE_TOLERANCE) throw new CliError(`--hours ${text} is not a whole number of minutes (${exact} minutes)`);
  if (whole < 1 || whole > MAX_TARGET_MINUTES) throw new CliError(`${name} ${text} must make from 1 to ${MAX_TARGET_MINUTES} business minutes`);
  return whole;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function parseJson({ text, file }: { text: string; file: string }): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
}

function readCalendarFile(file: string): CompiledCalendar {
  try {
    return compileCalendar(parseCalendarFile(parseJson({ text: readText(file), file })).calendar);
  } catch (error) {
    // The message names each field at fault (week.mon[1]: intervals overlap).
    if (error instanceof CalendarFileError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

/** The due instant of one START as ISO 8601 with the calendar's offset; null for a blank one. */
function computeDueLine({ calendar, text, durationMs, where }: { calendar: CompiledCalendar; text: string; durationMs: number; where: string }): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const timezone = calendar.calendar.timezone;
  const bad = () => new CliError(`${where}: not an ISO 8601 instant (years 0001–9999): ${JSON.stringify(trimmed)}`);
  try {
    const start = parseStart({ text: trimmed, timezone });
    if (start === null) throw bad();
    return formatInstant({ at: computeDue({ calendar, start, durationMs }), timezone });
  } catch (error) {
    if (error instanceof RangeError || error instanceof NoBusinessTimeError) throw bad();
    throw error;
  }
}
