import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs } from '../../test/app.js';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../../test/cli.js';
import { parseDuration } from './calendar.commands.js';

const WHOLE_DAY = [['00:00', '24:00']];
const OFFICE = [
  ['09:00', '13:00'],
  ['14:00', '18:00'],
];
const seedFile = {
  timezone: 'Europe/Moscow',
  week: { mon: WHOLE_DAY, tue: WHOLE_DAY, wed: WHOLE_DAY, thu: WHOLE_DAY, fri: WHOLE_DAY, sat: [], sun: [] },
  holidays: [],
  specialDays: {},
};
// Office hours across a DST change, with a holiday and a shortened day.
const berlinFile = {
  timezone: 'Europe/Berlin',
  week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: [], sun: [] },
  holidays: ['2026-04-03', '2026-04-06'],
  specialDays: { '2026-03-28': [['10:00', '12:00']], '2026-12-31': [['09:00', '12:00']] },
};

// The CLI runs as a real process. `sla due` needs no database; `calendar import|export` run on
// SQLite in a temporary data directory (the use cases behind them are covered on both databases).
describe('supportdesk sla due and calendar import/export', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let dir: string;
  let env: Record<string, string>;
  const write = (name: string, content: unknown): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-calendar-cli-'));
    env = { SUPPORTDESK_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a question on Friday 19:00 with 24 business hours is due Monday 19:00, printed with the calendar offset', async () => {
    const seed = write('seed.json', seedFile);
    const [hours, minutes] = await Promise.all([
      runCli(['sla', 'due', '--calendar', seed, '--hours', '24', '2026-11-27T19:00:00+03:00'], { env }),
      runCli(['sla', 'due', '--calendar', seed, '--minutes', '1440', '2026-11-27T16:00:00Z', '2026-11-27T19:00'], { env }),
    ]);
    expect(hours).toMatchObject({ code: 0, stdout: '2026-11-30T19:00:00+03:00\n', stderr: '' });
    expect(minutes).toMatchObject({ code: 0, stdout: '2026-11-30T19:00:00+03:00\n2026-11-30T19:00:00+03:00\n' });
  });

  it('without STARTs it reads stdin line by line, skipping blank lines', async () => {
    const res = await runCli(['sla', 'due', '--calendar', write('seed.json', seedFile), '--hours', '24'], {
      env,
      stdin: '2026-11-27T19:00:00+03:00\n\n   \r\n2026-11-30T10:00\r\n2026-12-31T23:00:00+03:00',
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('2026-11-30T19:00:00+03:00\n2026-12-01T10:00:00+03:00\n2027-01-01T23:00:00+03:00\n');
  });

  it('a bad stdin line stops with a non-zero exit and an error naming the line; earlier lines stay printed', async () => {
    const res = await runCli(['sla', 'due', '--calendar', write('seed.json', seedFile), '--minutes', '60'], {
      env,
      stdin: '2026-11-27T10:00\n\nnext friday\n2026-11-27T11:00\n',
    });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('2026-11-27T11:00:00+03:00\n');
    expect(res.stderr.trim()).toBe('error: line 3: not an ISO 8601 instant (years 0001–9999): "next friday"');
  });

  it('a bad START argument is named by its position', async () => {
    const res = await runCli(['sla', 'due', '--calendar', write('seed.json', seedFile), '--minutes', '60', '2026-11-27T10:00', '2026-02-30T10:00'], { env });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('error: argument 2: not an ISO 8601 instant (years 0001–9999): "2026-02-30T10:00"');
  });

  it('a bad calendar file stops with an error naming the file and the field, before reading any START', async () => {
    const overlapping = write('overlap.json', { timezone: 'Europe/Moscow', week: { mon: [OFFICE[0], ['12:00', '18:00']] } });
    const [bad, notJson, missing, empty] = await Promise.all([
      runCli(['sla', 'due', '--calendar', overlapping, '--hours', '1', '2026-11-27T10:00'], { env }),
      runCli(['sla', 'due', '--calendar', write('broken.json', '{"timezone": '), '--hours', '1', '2026-11-27T10:00'], { env }),
      runCli(['sla', 'due', '--calendar', path.join(dir, 'nope.json'), '--hours', '1', '2026-11-27T10:00'], { env }),
      runCli(['sla', 'due', '--calendar', write('empty-week.json', { timezone: 'Europe/Moscow', week: {} }), '--hours', '1', '2026-11-27T10:00'], { env }),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim()).toBe(`error: ${overlapping}: invalid calendar file: week.mon[1]: intervals overlap`);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('broken.json: not valid JSON');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no business time');
  });

  it('takes exactly one of --hours and --minutes', async () => {
    const seed = write('seed.json', seedFile);
    const [both, neither] = await Promise.all([
      runCli(['sla', 'due', '--calendar', seed, '--hours', '1', '--minutes', '60', '2026-11-27T10:00'], { env }),
      runCli(['sla', 'due', '--calendar', seed, '2026-11-27T10:00'], { env }),
    ]);
    for (const res of [both, neither]) {
      expect(res.code).toBe(1);
      expect(res.stderr.trim()).toBe('error: give exactly one of --hours or --minutes');
    }
  });

  it('--hours may be a decimal that makes whole minutes; --minutes must be a whole number; both positive', () => {
    expect(parseDuration({ hours: '24' })).toBe(1440);
    expect(parseDuration({ hours: '1.5' })).toBe(90);
    expect(parseDuration({ hours: '0.1' })).toBe(6);
    expect(parseDuration({ minutes: '90' })).toBe(90);
    expect(() => parseDuration({ hours: '0.01' })).toThrow('--hours 0.01 is not a whole number of minutes (0.6 minutes)');
    expect(() => parseDuration({ minutes: '1.5' })).toThrow('--minutes must be a positive whole number, got "1.5"');
    expect(() => parseDuration({ minutes: '0' })).toThrow('must make from 1 to 527040 business minutes');
    expect(() => parseDuration({ hours: '-1' })).toThrow('--hours must be a positive number');
    expect(() => parseDuration({ hours: '1e3' })).toThrow('--hours must be a positive number');
  });

  it('a decimal --hours gives the same answer as the same --minutes', async () => {
    const seed = write('seed.json', seedFile);
    const [hours, minutes] = await Promise.all([
      runCli(['sla', 'due', '--calendar', seed, '--hours', '1.5', '2026-11-27T23:00'], { env }),
      runCli(['sla', 'due', '--calendar', seed, '--minutes', '90', '2026-11-27T23:00'], { env }),
    ]);
    expect(hours.stdout).toBe('2026-11-30T00:30:00+03:00\n');
    expect(minutes.stdout).toBe(hours.stdout);
  });

  it('sla due never opens the database, even when the configured one cannot be reached', async () => {
    const dataDir = path.join(dir, 'untouched');
    const res = await runCli(['sla', 'due', '--calendar', write('seed.json', seedFile), '--hours', '24', '2026-11-27T19:00'], {
      env: { SUPPORTDESK_DATA_DIR: dataDir, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });
    expect(res).toMatchObject({ code: 0, stdout: '2026-11-30T19:00:00+03:00\n' });
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('calendar import stores a file and calendar export prints it back in the stable layout', async () => {
    const imported = await runCli(['calendar', 'import', write('berlin.json', berlinFile)], { env });
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/calendar saved \(Europe\/Berlin, 2 holidays, 2 special days\); recomputing reply-due times in job [0-9a-f-]{36}/);
    const exported = await runCli(['calendar', 'export'], { env });
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual(berlinFile);
    expect(exported.stdout).toContain('\n  "holidays": [\n    "2026-04-03",\n    "2026-04-06"\n  ],\n');
    const file = path.join(dir, 'exported.json');
    const toFile = await runCli(['calendar', 'export', '--file', file], { env });
    expect(toFile).toMatchObject({ code: 0, stdout: '' });
    expect(fs.readFileSync(file, 'utf8')).toBe(exported.stdout);
    const again = await runCli(['calendar', 'import', file], { env });
    expect(again.stderr).toContain('calendar unchanged');
  });

  it('calendar import refuses a bad file naming the field and keeps the stored calendar', async () => {
    const res = await runCli(['calendar', 'import', '-'], { env, stdin: JSON.stringify({ ...berlinFile, holidays: ['2026-13-01'] }) });
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe('error: The calendar file is not valid: holidays[0]: not a date (YYYY-MM-DD).');
    const exported = await runCli(['calendar', 'export'], { env });
    expect(JSON.parse(exported.stdout).timezone).toBe('Europe/Berlin');
  });

  it('the CLI and the preview API agree on the due time of every start', async () => {
    const starts = [
      '2026-03-27T17:30', // Friday evening before the DST change, into a short Saturday
      '2026-03-28T11:00:00+01:00',
      '2026-03-29T02:30', // a local time the DST gap skips
      '2026-04-02T16:00:00Z', // into Good Friday and Easter Monday
      '2026-12-30T17:00',
      '2026-11-27T19:00:00+03:00',
    ];
    const cli = await runCli(['sla', 'due', '--calendar', write('berlin.json', berlinFile), '--minutes', '600', ...starts], { env });
    expect(cli.code).toBe(0);
    const lines = cli.stdout.trim().split('\n');
    const ctx = await createTestContext({ dialect: 'sqlite' });
    try {
      const agent = await signInAs(ctx, { role: 'agent' });
      const api = [];
      for (const start of starts) {
        const res = await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/calendar/preview',
          headers: agent.headers,
          payload: { start, minutes: 600, calendar: berlinFile },
        });
        api.push(res.json() as { due: string; dueLocal: string });
      }
      expect(lines).toEqual(api.map((preview) => preview.dueLocal));
      expect(lines.map((line) => Date.parse(line))).toEqual(api.map((preview) => Date.parse(preview.due)));
    } finally {
      await ctx.close();
    }
  });
});
