import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import type { TicketKind } from '../db/types.js';
import type { MailInbound } from '../modules/mail/mail.inbound.js';
import { TICKET_KINDS } from '../modules/tickets/tickets.models.js';
import { CliError, runCommand, say } from './io.js';
import { openCliRuntime } from './runtime.js';

/**
 * Reads a stream up to `maxBytes + 1` bytes: enough to tell that a mail is too large without
 * holding a runaway pipe in memory.
 */
export async function readLimited(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    size += buffer.length;
    if (size > maxBytes) {
      stream.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, maxBytes + 1);
}

/** Outcomes that mean the mail was not taken: the MTA should bounce it (exit code 1). */
const REFUSED = new Set(['refused_too_large', 'failed']);

/**
 * Takes in each input as one raw mail through the inbound path (the same as IMAP and HTTP); prints
 * one line per mail on stdout. Returns whether every mail was taken (or knowingly ignored).
 */
export async function ingestMailInputs({
  inbound,
  inputs,
  kind,
  maxBytes,
  write = (line) => process.stdout.write(`${line}\n`),
}: {
  inbound: Pick<MailInbound, 'ingestMail'>;
  inputs: { name: string; open: () => Readable }[];
  kind?: TicketKind;
  maxBytes: number;
  write?: (line: string) => void;
}): Promise<{ isEveryMailTaken: boolean }> {
  let isEveryMailTaken = true;
  for (const input of inputs) {
    const raw = await readLimited(input.open(), maxBytes);
    const { outcome, ticketId } = await inbound.ingestMail({ raw, door: 'cli', kind });
    write(`${input.name}\t${outcome}${ticketId ? `\t${ticketId}` : ''}`);
    if (REFUSED.has(outcome)) isEveryMailTaken = false;
  }
  return { isEveryMailTaken };
}

export function registerMailCommands(program: Command): void {
  const mail = program.command('mail').description('mail in and out');
  mail
    .command('ingest')
    .description(
      'take in raw mails (RFC 822) as if they had arrived in a polled mailbox, e.g. from a local MTA\'s pipe; prints "FILE<tab>OUTCOME[<tab>TICKET]" per mail',
    )
    .argument('[files...]', 'files holding one mail each (.eml); standard input when none')
    .option('--kind <kind>', `kind of ticket a new conversation opens (${TICKET_KINDS.join(', ')}); default SUPPORTDESK_IMAP_KIND`)
    .action((files: string[], opts: { kind?: string }) =>
      runCommand(async () => {
        if (opts.kind !== undefined && !(TICKET_KINDS as readonly string[]).includes(opts.kind))
          throw new CliError(`--kind must be one of ${TICKET_KINDS.join(', ')}`);
        for (const file of files) if (!fs.existsSync(file)) throw new CliError(`no such file: ${file}`);
        const runtime = await openCliRuntime();
        try {
          const inputs =
            files.length > 0 ? files.map((file) => ({ name: file, open: () => fs.createReadStream(file) })) : [{ name: '-', open: () => process.stdin }];
          const { isEveryMailTaken } = await ingestMailInputs({
            inbound: runtime.deps.mailer.inbound,
            inputs,
            kind: opts.kind as TicketKind | undefined,
            maxBytes: runtime.deps.mailer.settings.maxMailBytes,
          });
          if (!isEveryMailTaken) {
            say('some mail was refused (too large, or refused by the ticket rules)');
            process.exitCode = 1;
          }
        } finally {
          await runtime.close();
        }
      }),
    );
}
