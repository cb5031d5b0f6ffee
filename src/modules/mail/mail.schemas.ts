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

export const inboundResultSchema = z
  .object({
    outcome: z
      .string()
      .describe(
        'ticket_created, reply_added, staff_reply_added, duplicate (this Message-ID was taken in before), ignored_automatic, ignored_no_sender, ignored_staff, unknown_sender_answered, unknown_sender_ignored, throttled, refused_not_entitled, refused_too_large or failed.',
      ),
    ticketId: z.string().nullable().describe('The ticket the mail opened or was added to.'),
  })
  .meta({ examples: [{ outcome: 'reply_added', ticketId: '0193b2c4-5d6e-7f80-9a1b-2c3d4e5f6071' }] });
