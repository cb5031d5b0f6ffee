export const isOpenStatus = (status: string) => status === 'open' || status === 'pending';

/**
 * The customer's other tickets: open ones first, soonest due first (those without a due after
 * them), then the rest, latest change first; the link leads to all of them in search.
 */
export function orderOtherTickets<T extends { status: string; replyDueAt: string | null; updatedAt: string }>(items: T[]): T[] {
  const due = (item: T) => (item.replyDueAt ? Date.parse(item.replyDueAt) : Number.POSITIVE_INFINITY);
  return [...items].sort((a, b) => {
    const openA = isOpenStatus(a.status);
    const openB = isOpenStatus(b.status);
    if (openA !== openB) return openA ? -1 : 1;
    if (openA && due(a) !== due(b)) return due(a) - due(b);
    return Date.parse(b.updatedAt) - Date.parse(a.updatedAt);
  });
}
