import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { renderConfigTable } from './config-table.js';

describe('configuration', () => {
  it('defaults give a working local setup on SQLite at port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: '', publicUrl: 'http://localhost:3000', logLevel: 'info', now: undefined });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('SUPPORTDESK_NOW starts the clock at an instant', () => {
    expect(loadConfig({ SUPPORTDESK_NOW: '2026-11-27T19:00:00+03:00' }).now).toBe(Date.parse('2026-11-27T16:00:00Z'));
  });

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SUPPORTDESK_NOW: 'tomorrow' }, 'SUPPORTDESK_NOW'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SUPPORTDESK_DEFAULT_TIME_ZONE: 'Moon/Base' }, 'SUPPORTDESK_DEFAULT_TIME_ZONE'],
    [{ SUPPORTDESK_RUN_JOBS: 'maybe' }, 'SUPPORTDESK_RUN_JOBS'],
  ])('a bad value stops start-up with a line naming the setting (%o)', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid setting ${name}=`));
  });

  it('the README lists every setting exactly as the schema documents it', () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    // Prettier pads table columns; compare with runs of spaces and dashes folded.
    const fold = (text: string) => text.replace(/ +/g, ' ').replace(/-{3,}/g, '---');
    expect(fold(readme)).toContain(fold(renderConfigTable()));
  });
});
