import type { DbOrTrx } from '../../db/database.js';
import type { AuditEntry } from '../../db/types.js';
import { createId } from '../../shared/ids.js';
import type { AuditAction, AuditActor } from './audit.models.js';

export interface AuditFilter {
  actorId?: string;
  action?: string;
  from?: number;
  to?: number;
}

/**
 * Writes one audit entry, in the caller's transaction so the entry and the action commit (or
 * roll back) together.
 */
export async function recordAudit({
  trx,
  at,
  actor,
  action,
  target,
  before = null,
  after = null,
}: {
  trx: DbOrTrx;
  at: number;
  actor: AuditActor;
  action: AuditAction;
  target?: { type: string; id: string | null; label?: string | null };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      id: createId(),
      at,
      actor_id: actor.id,
      actor_email: actor.email,
      action,
      target_type: target?.type ?? null,
      target_id: target?.id ?? null,
      target_label: target?.label ?? null,
      ip: actor.ip ?? null,
      before: before === null ? null : JSON.stringify(before),
      after: after === null ? null : JSON.stringify(after),
    })
    .execute();
}

/** Entries newest first, keyset-paged by (at, id); only reads (nothing edits or deletes entries). */
export async function listAudit({
  db,
  filter,
  limit,
  after,
}: {
  db: DbOrTrx;
  filter: AuditFilter;
  limit: number;
  after?: { at: number; id: string };
}): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.from !== undefined) q = q.where('at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('at', '<', filter.to);
  if (after) q = q.where((eb) => eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]));
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
