// Reply targets (DESIGN.md R2, R8): per ticket kind, the business minutes within which a waiting
// customer message should be answered, or null for kinds with no target. Pure: no I/O.
import { z } from 'zod';

/** The ticket kinds (DESIGN.md, "Ticket model"). */
export const TICKET_KINDS = ['question', 'problem', 'emergency', 'suggestion', 'partnership'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

/** Business minutes per ticket kind; null means no reply target (suggestions, partnership). */
export type ReplyTargets = Record<TicketKind, number | null>;

/** A year of whole days: a longer target is a typo, not a promise. */
export const MAX_TARGET_MINUTES = 366 * 1440;

/** 24 business hours for support kinds, none for suggestions and partnership (R2, R8). */
export const DEFAULT_REPLY_TARGETS: Readonly<ReplyTargets> = Object.freeze({
  question: 1440,
  problem: 1440,
  emergency: 1440,
  suggestion: null,
  partnership: null,
});

const targetSchema = z
  .number({
    error: (issue) =>
      issue.input === undefined ? 'missing: give business minutes, or null for no target' : 'must be a whole number of business minutes, or null for no target',
  })
  .int('must be a whole number of business minutes')
  .positive('must be at least 1 minute, or null for no target')
  .max(MAX_TARGET_MINUTES, `must be at most ${MAX_TARGET_MINUTES} minutes (366 days)`)
  .nullable();

/** The whole set of targets: every kind present, nothing else. */
export const replyTargetsSchema = z.strictObject(
  Object.fromEntries(TICKET_KINDS.map((kind) => [kind, targetSchema])) as Record<TicketKind, typeof targetSchema>,
);
