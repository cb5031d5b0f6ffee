import { pino, type Logger } from 'pino';
import { redactCredentials } from './redact.js';

export type { Logger };

/** Paths that may carry secrets; pino replaces them before anything is written. */
// Headers that carry credentials, wherever a library logs a copy of the headers (at trace level
// @fastify/multipart logs its busboy options, headers included, under `busboyOptions`).
const CREDENTIAL_HEADERS = ['authorization', 'cookie', '["set-cookie"]', '["x-csrf-token"]'];
const HEADER_HOLDERS = ['', 'req.', 'res.', 'busboyOptions.', '*.', '*.*.'];

export const REDACTED_PATHS = [
  ...HEADER_HOLDERS.flatMap((holder) => CREDENTIAL_HEADERS.map((header) => `${holder}headers${header.startsWith('[') ? header : `.${header}`}`)),
  '*.csrfToken',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.secret',
];

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
  id?: string;
}

/** Request lines keep the path but drop the query string, where links carry their tokens. */
function serializeRequest(req: LoggedRequest) {
  return { id: req.id, method: req.method, url: req.url?.split('?')[0], remoteAddress: req.ip };
}

/**
 * A logger whose every line passes through `redactCredentials` on its way out: a password in a URL
 * (a driver's error quoting its connection string), and each of `secrets` (the configuration's SMTP
 * password, vault key, database and mailbox passwords), wherever in the line they turn up.
 */
export function createLogger({
  level,
  destination,
  secrets = [],
}: {
  level: string;
  destination?: NodeJS.WritableStream;
  secrets?: readonly string[];
}): Logger {
  const out = destination ?? process.stdout;
  const stream = { write: (line: string) => out.write(redactCredentials(line, secrets)) };
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, serializers: { req: serializeRequest, err: pino.stdSerializers.err } }, stream);
}
