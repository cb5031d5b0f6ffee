import { ConfigError } from '../config/config.js';
import { isAppError, StartupError } from '../shared/errors.js';
import { redactCredentials } from '../shared/redact.js';

/** Reads all of standard input as text. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** CLI results go to stdout; everything meant for a person (progress, notes) to stderr, never with a URL's password. */
export function say(line: string): void {
  process.stderr.write(`${redactCredentials(line)}\n`);
}

/**
 * A link that mail would have carried (mail is not configured): printed whole, token included,
 * because the person at this terminal is the only way it can reach its reader. `say` would take
 * the `token=` out of it as a credential.
 */
export function sayLink(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Runs a command body, turning known errors into one line on stderr and exit code 1. */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError || isAppError(error) || error instanceof CliError) {
      say(`error: ${error.message}`);
    } else {
      say(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    process.exitCode = 1;
  }
}

/** An error whose message is meant for the person at the terminal. */
export class CliError extends Error {}
