import path from 'node:path';
import { IANAZone } from 'luxon';

/** One setting: its environment variable, what it does, its default and how to read it. */
interface Setting<T> {
  env: string;
  doc: string;
  default: string | undefined;
  parse: (raw: string) => T;
}

function setting<T>(s: Setting<T>): Setting<T> {
  return s;
}

const integer =
  (min: number, max: number) =>
  (raw: string): number => {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max) throw new Error(`must be a whole number from ${min} to ${max}`);
    return n;
  };

const boolean = (raw: string): boolean => {
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error('must be true or false');
};

const instant = (raw: string): number | undefined => {
  if (raw === '') return undefined;
  const at = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(at)) throw new Error('must be an ISO 8601 instant, e.g. 2026-11-27T16:00:00Z');
  return at;
};

/** Every setting Supportdesk reads. The README's configuration table is generated from this. */
export const SETTINGS = {
  port: setting({ env: 'PORT', doc: 'TCP port the server listens on.', default: '3000', parse: integer(0, 65535) }),
  host: setting({ env: 'HOST', doc: 'Address the server binds to (0.0.0.0 to accept outside connections).', default: '127.0.0.1', parse: (s) => s }),
  publicUrl: setting({
    env: 'SUPPORTDESK_PUBLIC_URL',
    doc: 'Base URL people use to reach the app; used in mailed links. Defaults to http://localhost:PORT.',
    default: '',
    parse: (s) => {
      if (s === '') return '';
      const url = new URL(s);
      return url.toString().replace(/\/$/, '');
    },
  }),
  dataDir: setting({
    env: 'SUPPORTDESK_DATA_DIR',
    doc: 'Directory for the SQLite database, attachments and keys.',
    default: './data',
    parse: (s) => path.resolve(s),
  }),
  databaseUrl: setting({
    env: 'DATABASE_URL',
    doc: 'postgres://… to use PostgreSQL; empty for the embedded SQLite file in the data directory.',
    default: '',
    parse: (s) => {
      if (s !== '' && !/^postgres(ql)?:\/\//.test(s)) throw new Error('must start with postgres:// (or be empty for SQLite)');
      return s;
    },
  }),
  now: setting({ env: 'SUPPORTDESK_NOW', doc: 'Start the clock at this instant (demos, tests); it then advances in real time.', default: '', parse: instant }),
  logLevel: setting({
    env: 'LOG_LEVEL',
    doc: 'fatal, error, warn, info, debug, trace or silent.',
    default: 'info',
    parse: (s) => {
      if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(s))
        throw new Error('must be one of fatal, error, warn, info, debug, trace, silent');
      return s;
    },
  }),
  sessionDays: setting({ env: 'SUPPORTDESK_SESSION_DAYS', doc: 'Days a sign-in lasts without use.', default: '30', parse: integer(1, 365) }),
  rateLimitPerMinute: setting({
    env: 'SUPPORTDESK_RATE_LIMIT',
    doc: 'Requests per minute per client address; 0 turns the limit off (benchmarks).',
    default: '600',
    parse: integer(0, 1_000_000),
  }),
  runJobs: setting({
    env: 'SUPPORTDESK_RUN_JOBS',
    doc: 'Whether `serve` also runs background jobs (run `supportdesk worker` separately when false).',
    default: 'true',
    parse: boolean,
  }),
  autoCloseDays: setting({
    env: 'SUPPORTDESK_AUTO_CLOSE_DAYS',
    doc: 'Days after which a resolved ticket without a customer reply is closed.',
    default: '7',
    parse: integer(1, 365),
  }),
  defaultTimeZone: setting({
    env: 'SUPPORTDESK_DEFAULT_TIME_ZONE',
    doc: 'Time zone for accounts that did not say theirs.',
    default: 'Europe/Moscow',
    parse: (s) => {
      if (!IANAZone.isValidZone(s)) throw new Error(`'${s}' is not an IANA time zone`);
      return s;
    },
  }),
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: ReturnType<Settings[K]['parse']> };

/** A setting that could not be read; its message is the one line printed at start-up. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads every setting from the environment at once, failing on the first bad one with a line that names it. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const config: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(SETTINGS) as [keyof Settings, Setting<unknown>][]) {
    const raw = env[s.env] ?? s.default ?? '';
    try {
      config[key] = s.parse(raw);
    } catch (error) {
      throw new ConfigError(`Invalid setting ${s.env}=${JSON.stringify(raw)}: ${(error as Error).message}`);
    }
  }
  const result = config as Config;
  if (result.publicUrl === '') result.publicUrl = `http://localhost:${result.port}`;
  return result;
}
