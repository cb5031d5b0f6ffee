import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/app.js';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../../test/cli.js';
import { buildKnownHistory } from '../../test/reports.js';

// The CLI runs as a real process on a SQLite file holding the known history (test/reports.ts);
// the figures themselves are checked on both databases in reports.usecases.test.ts.
describe('supportdesk report', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-report-cli-'));
    const ctx = await createTestContext({ dialect: 'sqlite', config: { dataDir }, sqlitePath: path.join(dataDir, 'supportdesk.sqlite') });
    await buildKnownHistory(ctx);
    await ctx.close();
    env = { SUPPORTDESK_DATA_DIR: dataDir, DATABASE_URL: '', SUPPORTDESK_NOW: '2026-12-07T09:00:00Z' };
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints one CSV row per agent, reply times in business minutes', async () => {
    const res = await runCli(['report', '--from', '2026-11-27', '--to', '2026-12-06', '--by', 'agent'], { env });
    expect(res.code).toBe(0);
    expect(res.stdout.split('\r\n')).toEqual([
      'group,newTickets,customerMessages,firstReplyP50Minutes,firstReplyP90Minutes,firstReplyP95Minutes,laterReplyP50Minutes,sameDayShare,met,breached,compliance,bestEffort,satisfaction',
      // t6 and t4 were unassigned until Xenia's and Yuri's replies took them (a reply takes an unassigned ticket).
      'Xenia Agent,4,5,120,360,360,480,0.75,4,0,1,0,4.5',
      'Yuri Agent,2,2,600,600,600,,0,0,1,0,1,',
      '',
    ]);
  });

  it('prints a row per kind as JSON, and every figure without --by', async () => {
    const byKind = await runCli(['report', '--from', '2026-11-27', '--to', '2026-12-06', '--by', 'kind', '--format', 'json'], { env });
    expect(byKind.code).toBe(0);
    const parsed = JSON.parse(byKind.stdout);
    expect(parsed.rows.map((r: { group: string; newTickets: number }) => [r.group, r.newTickets])).toEqual([
      ['question', 5],
      ['problem', 1],
      ['emergency', 0],
      ['suggestion', 1],
      ['partnership', 0],
    ]);
    const all = await runCli(['report', '--from', '2026-11-27', '--to', '2026-12-06', '--format', 'json'], { env });
    expect(JSON.parse(all.stdout).compliance).toEqual({ met: 4, breached: 2, waitingNotDue: 0, share: 4 / 6 });
  });

  it('refuses a bad grouping or date with a line on stderr and exit code 1', async () => {
    const res = await runCli(['report', '--from', '2026-11-27', '--to', '27.11.2026'], { env });
    expect(res).toMatchObject({ code: 1, stdout: '' });
    expect(res.stderr.trim()).toBe('error: --from and --to are local dates, YYYY-MM-DD');
  });
});
