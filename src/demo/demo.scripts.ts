import type { TicketKind } from '../db/types.js';
import type { DeclineReason } from '../modules/tickets/tickets.models.js';

/**
 * One demo conversation, in the customer's language: what the customer opens with, the agent's
 * clarifying question, the customer's details, and the answer that resolves it. A decline script
 * names the reason an agent would decline it with, and what the customer then adds.
 */
export interface DemoScript {
  kind: TicketKind;
  subjects: string[];
  opening: string;
  clarify: string;
  details: string;
  answer: string;
  thanks?: string;
  decline?: { reason: DeclineReason; note: string; betterInfo: string };
  tags?: string[];
}
