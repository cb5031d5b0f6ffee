import path from 'node:path';
import { IANAZone } from 'luxon';
import { collectSecrets, redactCredentials } from '../shared/redact.js';

/** One setting: its environment variable, what it does, its default and how to read it. */
interface Setting<T> {
  env: string;
  doc: string;
  default: string | undefined;
  parse: (raw: string) => T;
  /** The whole value is a secret: an error about it never shows the value. */
  secret?: boolean;
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
  sqliteSynchronous: setting({
    env: 'SUPPORTDESK_SQLITE_SYNCHRONOUS',
    doc: '`full`: every answered write is on disk first (survives a power cut). `normal`: faster commits, but a power cut may lose the last answered writes (a process crash never does).',
    default: 'full',
    parse: (s): 'full' | 'normal' => {
      if (s !== 'full' && s !== 'normal') throw new Error('must be full or normal');
      return s;
    },
  }),
  sqliteCheck: setting({
    env: 'SUPPORTDESK_SQLITE_CHECK',
    doc: 'Check of the SQLite file at every start: `quick` (SQLite `quick_check`), `full` (`integrity_check`, slower) or `off`. A damaged file stops start-up.',
    default: 'quick',
    parse: (s) => {
      if (s !== 'quick' && s !== 'full' && s !== 'off') throw new Error('must be quick, full or off');
      return s;
    },
  }),
  minFreeDiskMb: setting({
    env: 'SUPPORTDESK_MIN_FREE_DISK_MB',
    doc: 'Below this much free space (MB) in the data directory `/readyz` answers 503 `server.storage_full`; writes that find the disk full answer 507.',
    default: '100',
    parse: integer(0, 1_000_000),
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
    doc: 'API requests per minute per signed-in person or API token, and per client address for anonymous requests (web app files and health checks are never limited); 0 turns the limit off (benchmarks).',
    default: '600',
    parse: integer(0, 1_000_000),
  }),
  trustProxy: setting({
    env: 'SUPPORTDESK_TRUST_PROXY',
    doc: 'Behind a reverse proxy: `true` to take the client address from X-Forwarded-For, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs; `false` uses the connecting address.',
    default: 'false',
    parse: (s): boolean | number | string => {
      const value = s.trim().toLowerCase();
      if (value === '' || value === 'false') return false;
      if (value === 'true') return true;
      if (/^\d+$/.test(value)) return Number(value);
      const parts = value.split(',').map((p) => p.trim());
      if (parts.some((p) => !/^[0-9a-f.:]+(\/\d{1,3})?$/.test(p))) throw new Error('must be true, false, a number of hops or a list of addresses/CIDRs');
      return parts.join(',');
    },
  }),
  maxInFlight: setting({
    env: 'SUPPORTDESK_MAX_IN_FLIGHT',
    doc: 'Requests handled at once; past it new ones are answered 503 `server.overloaded` at once (never health checks; sign-ins have a lane of their own). 0: no bound.',
    default: '32',
    parse: integer(0, 100_000),
  }),
  maxEventLoopDelayMs: setting({
    env: 'SUPPORTDESK_MAX_LOOP_DELAY_MS',
    doc: 'Event-loop delay (ms, smoothed) past which new requests are answered 503 `server.overloaded` until it falls again; 0 turns the check off.',
    default: '100',
    parse: integer(0, 60_000),
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
  attachmentMaxBytes: setting({
    env: 'SUPPORTDESK_ATTACHMENT_MAX_BYTES',
    doc: 'Largest attachment accepted, in bytes (10 MiB by default); larger uploads are refused with 413.',
    default: '10485760',
    parse: integer(1, 1024 * 1024 * 1024),
  }),
  roundRobin: setting({
    env: 'SUPPORTDESK_ROUND_ROBIN',
    doc: 'Assign each new support ticket to the available agent who was assigned least recently.',
    default: 'false',
    parse: boolean,
  }),
  vaultKey: setting({
    env: 'SUPPORTDESK_VAULT_KEY',
    doc: 'Vault master key: 32 random bytes as base64 or hex (`NEW,OLD` while rotating). Empty: `vault.key` in the data directory, created on first start. A bad key disables only the vault.',
    default: '',
    parse: (s) => s.trim(),
    secret: true,
  }),
  vaultKeyFile: setting({
    env: 'SUPPORTDESK_VAULT_KEY_FILE',
    doc: 'Vault master key file used when SUPPORTDESK_VAULT_KEY is empty (default `vault.key` in the data directory). Several nodes: one path every node reads (a shared mount or a secret mounted on each), mode 0600.',
    default: '',
    parse: (s) => s.trim(),
  }),
  vaultDays: setting({
    env: 'SUPPORTDESK_VAULT_DAYS',
    doc: 'Days after which credentials in the vault are destroyed even if the ticket is still open (customers may choose fewer).',
    default: '7',
    parse: integer(1, 90),
  }),
  smtpHost: setting({
    env: 'SUPPORTDESK_SMTP_HOST',
    doc: 'SMTP server for outgoing mail; empty keeps mail in the outbox (admins see that mail is not configured).',
    default: '',
    parse: (s) => s.trim(),
  }),
  smtpPort: setting({ env: 'SUPPORTDESK_SMTP_PORT', doc: 'SMTP port (587 for STARTTLS, 465 for TLS).', default: '587', parse: integer(1, 65535) }),
  smtpTls: setting({
    env: 'SUPPORTDESK_SMTP_TLS',
    doc: '`starttls` (required, certificate checked), `tls` (from the first byte) or `none` (a local relay only).',
    default: 'starttls',
    parse: (s) => {
      if (s !== 'starttls' && s !== 'tls' && s !== 'none') throw new Error('must be starttls, tls or none');
      return s;
    },
  }),
  smtpUser: setting({ env: 'SUPPORTDESK_SMTP_USER', doc: 'SMTP user name; empty for no authentication.', default: '', parse: (s) => s }),
  smtpPassword: setting({ env: 'SUPPORTDESK_SMTP_PASSWORD', doc: 'SMTP password.', default: '', parse: (s) => s, secret: true }),
  mailFrom: setting({
    env: 'SUPPORTDESK_MAIL_FROM',
    doc: 'Sender of every mail, e.g. `Support <support@example.com>`; replies come back to it. Defaults to support@ the public host.',
    default: '',
    parse: (s) => {
      if (s !== '' && !/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/.test(s.trim()))
        throw new Error('must be an address, optionally with a name: Support <support@example.com>');
      return s.trim();
    },
  }),
  imapUrl: setting({
    env: 'SUPPORTDESK_IMAP_URL',
    doc: 'Mailbox polled for incoming mail: `imaps://user:password@host[:port][/folder]` (`imap://` for STARTTLS or a local server); empty for none.',
    default: '',
    parse: (s) => {
      if (s !== '' && !/^imaps?:\/\/[^@/]+@[^/]+/.test(s)) throw new Error('must look like imaps://user:password@host:993/INBOX');
      return s;
    },
  }),
  imapKind: setting({
    env: 'SUPPORTDESK_IMAP_KIND',
    doc: 'Kind of ticket a new mail in that mailbox opens: question, problem, emergency, suggestion or partnership.',
    default: 'question',
    parse: (s) => {
      if (!['question', 'problem', 'emergency', 'suggestion', 'partnership'].includes(s)) throw new Error('must be a ticket kind');
      return s as 'question' | 'problem' | 'emergency' | 'suggestion' | 'partnership';
    },
  }),
  imap2Url: setting({
    env: 'SUPPORTDESK_IMAP2_URL',
    doc: 'A second mailbox (e.g. ideas@), same form as SUPPORTDESK_IMAP_URL; empty for none.',
    default: '',
    parse: (s) => {
      if (s !== '' && !/^imaps?:\/\/[^@/]+@[^/]+/.test(s)) throw new Error('must look like imaps://user:password@host:993/INBOX');
      return s;
    },
  }),
  imap2Kind: setting({
    env: 'SUPPORTDESK_IMAP2_KIND',
    doc: 'Kind of ticket a new mail in the second mailbox opens.',
    default: 'suggestion',
    parse: (s) => {
      if (!['question', 'problem', 'emergency', 'suggestion', 'partnership'].includes(s)) throw new Error('must be a ticket kind');
      return s as 'question' | 'problem' | 'emergency' | 'suggestion' | 'partnership';
    },
  }),
  imapPollSeconds: setting({
    env: 'SUPPORTDESK_IMAP_POLL_SECONDS',
    doc: 'How often the mailboxes are polled, in seconds.',
    default: '60',
    parse: integer(5, 86400),
  }),
  mailUnknownSenders: setting({
    env: 'SUPPORTDESK_MAIL_UNKNOWN_SENDERS',
    doc: '`reply`: mail from an address without an account gets one polite answer a day pointing to sign-up; `ignore`: no answer.',
    default: 'reply',
    parse: (s) => {
      if (s !== 'reply' && s !== 'ignore') throw new Error('must be reply or ignore');
      return s;
    },
  }),
  mailMaxBytes: setting({
    env: 'SUPPORTDESK_MAIL_MAX_BYTES',
    doc: 'Largest raw mail taken in (IMAP, `POST /api/v1/mail/inbound`, `mail ingest`), in bytes (25 MiB by default); larger mail is refused whole.',
    default: '26214400',
    parse: integer(64 * 1024, 1024 * 1024 * 1024),
  }),
  replyDueSoonHours: setting({
    env: 'SUPPORTDESK_REPLY_DUE_SOON_HOURS',
    doc: 'Business hours before a reply is due when agents get a "reply due soon" mail; 0 sends none.',
    default: '4',
    parse: integer(0, 240),
  }),
  pendingReminderDays: setting({
    env: 'SUPPORTDESK_PENDING_REMINDER_DAYS',
    doc: 'Days a ticket waits for the customer before they are reminded by mail (once per reply); 0 sends none.',
    default: '3',
    parse: integer(0, 365),
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
      // The line goes to terminals and service logs: no password of a URL, no secret value in it.
      const secrets = s.secret ? [raw, ...collectSecrets({ values: [raw] })] : collectSecrets({ urls: [raw] });
      const shown = s.secret ? ' (value not shown)' : `=${JSON.stringify(redactCredentials(raw))}`;
      throw new ConfigError(redactCredentials(`Invalid setting ${s.env}${shown}: ${(error as Error).message}`, secrets));
    }
  }
  const result = config as Config;
  if (result.publicUrl === '') result.publicUrl = `http://localhost:${result.port}`;
  return result;
}

/** The credentials inside the configuration, for the logger to take out of every line it writes. */
export function configSecrets(config: Config): string[] {
  return collectSecrets({ urls: [config.databaseUrl, config.imapUrl, config.imap2Url], values: [config.smtpPassword, config.vaultKey] });
}
