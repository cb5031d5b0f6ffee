import { z } from 'zod';

export const mailStatusSchema = z.object({
  outboundConfigured: z.boolean().describe('False until SUPPORTDESK_SMTP_HOST is set: mail then waits in the outbox.'),
  inboundMailboxes: z.number().int().describe('How many mailboxes are polled for incoming mail.'),
  queued: z.number().int().describe('Mails not sent yet (waiting, or being sent now).'),
  failed: z.number().int().describe('Mails the SMTP server refused for good.'),
  oldestQueuedAt: z.string().nullable().describe('When the oldest unsent mail was written.'),
  mailboxes: z.array(
    z.object({
      name: z.string().describe('user@host:port/folder'),
      kind: z.string().describe('The kind of ticket a new mail there opens.'),
      lastPolledAt: z.string().nullable(),
      lastError: z.string().nullable(),
    }),
  ),
});
