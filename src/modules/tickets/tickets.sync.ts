import type { Db } from '../../db/database.js';
import type { TicketKind, TicketStatus } from '../../db/types.js';
import { commonErrors } from '../../shared/errors.js';

// Integrations keep a copy of the tickets: "what changed since I last looked", oldest change
// first, keyset-paged on (updated_at, id), so a page boundary never skips or repeats a ticket.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function encodeSyncCursor(updatedAt: number, id: string): string {
  return Buffer.from(`u:${updatedAt}:${id}`).toString('base64url');
}

function decodeSyncCursor(cursor: string): { updatedAt: number; id: string } {
  const [tag, value, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (tag !== 'u' || !value || !id || rest.length > 0 || !/^\d{1,16}$/.test(value) || !Number.isSafeInteger(Number(value)) || !UUID.test(id))
    throw commonErrors.invalidInput({ message: 'The cursor is not valid.' });
  return { updatedAt: Number(value), id };
}

/** Tickets updated at or after `since`, oldest change first; a customer sees only their own. */
export async function listTicketsUpdatedSince({
  db,
  since,
  filters,
  viewer,
  limit,
  cursor,
}: {
  db: Db;
  since: number;
  filters: { kind?: TicketKind; status?: TicketStatus; customerId?: string; licenseKey?: string; assigneeId?: string };
  viewer: { id: string; isStaff: boolean };
  limit: number;
  cursor?: string;
}) {
  let q = db.selectFrom('tickets').where('tickets.updated_at', '>=', since);
  if (!viewer.isStaff) q = q.where('tickets.customer_id', '=', viewer.id);
  if (filters.kind) q = q.where('tickets.kind', '=', filters.kind);
  if (filters.status) q = q.where('tickets.status', '=', filters.status);
  if (filters.customerId) q = q.where('tickets.customer_id', '=', filters.customerId);
  if (filters.assigneeId)
    q = filters.assigneeId === 'none' ? q.where('tickets.assignee_id', 'is', null) : q.where('tickets.assignee_id', '=', filters.assigneeId);
  if (filters.licenseKey) q = q.where('tickets.license_id', 'in', (eb) => eb.selectFrom('licenses').select('id').where('key', '=', filters.licenseKey!));
  if (cursor) {
    const after = decodeSyncCursor(cursor);
    q = q.where((eb) =>
      eb.or([eb('tickets.updated_at', '>', after.updatedAt), eb.and([eb('tickets.updated_at', '=', after.updatedAt), eb('tickets.id', '>', after.id)])]),
    );
  }
  const rows = await q
    .innerJoin('users as customer', 'customer.id', 'tickets.customer_id')
    .leftJoin('licenses', 'licenses.id', 'tickets.license_id')
    .selectAll('tickets')
    .select(['customer.name as customer_name', 'customer.email as customer_email', 'licenses.key as license_key'])
    .orderBy('tickets.updated_at', 'asc')
    .orderBy('tickets.id', 'asc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeSyncCursor(last.updated_at, last.id) : null };
}
