import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, SETTINGS, configSecrets, loadConfig } from './config.js';
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

  it.each([
    [{ DATABASE_URL: 'mysql://app:db-Pa55word@db.example.com/x' }, 'db-Pa55word'],
    [{ SUPPORTDESK_IMAP_URL: 'imaps://support%40example.com:imap-Pa55word@' }, 'imap-Pa55word'],
    [{ SUPPORTDESK_IMAP2_URL: 'pop3://ideas:imap2-Pa55word@host' }, 'imap2-Pa55word'],
    [{ SUPPORTDESK_PUBLIC_URL: 'http://admin:web-Pa55word@' }, 'web-Pa55word'],
  ])('a bad value never shows the password it carries (%o)', (env, password) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/\[redacted\]/);
    expect(() => loadConfig(env)).not.toThrow(new RegExp(password));
  });

  it('the settings that are secrets whole are marked so that an error about them never shows the value', () => {
    expect(SETTINGS.smtpPassword.secret).toBe(true);
    expect(SETTINGS.vaultKey.secret).toBe(true);
  });

  it('configSecrets names every credential the configuration holds', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:db-pass@h/x',
      SUPPORTDESK_IMAP_URL: 'imaps://u:imap%2Fpass@h',
      SUPPORTDESK_SMTP_PASSWORD: 'smtp-pass',
      SUPPORTDESK_VAULT_KEY: 'new-key,old-key',
    });
    expect(configSecrets(config)).toEqual(expect.arrayContaining(['db-pass', 'imap%2Fpass', 'imap/pass', 'smtp-pass', 'new-key', 'old-key']));
  });

  it('the README lists every setting exactly as the schema documents it', () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    // Prettier pads table columns; compare with runs of spaces and dashes folded.
    const fold = (text: string) => text.replace(/ +/g, ' ').replace(/-{3,}/g, '---');
    expect(fold(readme)).toContain(fold(renderConfigTable()));
  });
});
