import { describe, expect, it } from 'vitest';
import { orderOtherTickets } from './otherTickets.js';

const ticket = (id: string, status: string, replyDueAt: string | null, updatedAt: string) => ({ id, status, replyDueAt, updatedAt });

describe("a customer's other tickets", () => {
  it('lists open and pending ones first, soonest due first (no due after them), then the rest by latest change', () => {
    const ordered = orderOtherTickets([
      ticket('resolved-new', 'resolved', null, '2026-12-07T10:00:00Z'),
      ticket('open-late', 'open', '2026-12-09T10:00:00Z', '2026-12-01T10:00:00Z'),
      ticket('closed-old', 'closed', null, '2026-11-01T10:00:00Z'),
      ticket('pending', 'pending', null, '2026-12-06T10:00:00Z'),
      ticket('open-overdue', 'open', '2026-12-02T10:00:00Z', '2026-11-20T10:00:00Z'),
      ticket('resolved-old', 'resolved', null, '2026-12-03T10:00:00Z'),
    ]);
    expect(ordered.map((t) => t.id)).toEqual(['open-overdue', 'open-late', 'pending', 'resolved-new', 'resolved-old', 'closed-old']);
  });
});
