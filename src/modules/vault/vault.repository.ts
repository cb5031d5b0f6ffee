import type { DbOrTrx, DialectName } from '../../db/database.js';
import type { VaultRequest, VaultRequestsTable, VaultReveal, VaultSecret } from '../../db/types.js';
import type { Updateable } from 'kysely';

/** The settings key under which the id of the master key that seals new secrets is on record. */
export const ACTIVE_KEY_SETTING = 'vault.active_key';

export interface RevealLogRow extends VaultReveal {
  actor_name: string;
  actor_role: string;
}

export function createVaultRepository({ db, dialect }: { db: DbOrTrx; dialect: DialectName }) {
  return {
    async insertRequest({ request }: { request: VaultRequest }): Promise<void> {
      await db.insertInto('vault_requests').values(request).execute();
    },
    /** The request, locked for the rest of the transaction on PostgreSQL (SQLite's writes are serialized anyway). */
    async findRequest({ id, forUpdate = false }: { id: string; forUpdate?: boolean }): Promise<VaultRequest | undefined> {
      let q = db.selectFrom('vault_requests').selectAll().where('id', '=', id);
      if (forUpdate && dialect === 'postgres') q = q.forUpdate();
      return q.executeTakeFirst();
    },
    async listRequestsOfTicket({ ticketId }: { ticketId: string }): Promise<VaultRequest[]> {
      return db.selectFrom('vault_requests').selectAll().where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('id').execute();
    },
    /** Changes a request only if it is still in one of `fromStatuses`; false when someone else moved it first. */
    async updateRequest({
      id,
      fromStatuses,
      changes,
    }: {
      id: string;
      fromStatuses?: VaultRequest['status'][];
      changes: Updateable<VaultRequestsTable>;
    }): Promise<boolean> {
      let q = db.updateTable('vault_requests').set(changes).where('id', '=', id);
      if (fromStatuses) q = q.where('status', 'in', fromStatuses);
      const result = await q.executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async findSecret({ requestId }: { requestId: string }): Promise<VaultSecret | undefined> {
      return db.selectFrom('vault_secrets').selectAll().where('request_id', '=', requestId).executeTakeFirst();
    },
    /** Stores a secret in place of any earlier one; returns the earlier one's erasure key id, to destroy after the commit. */
    async upsertSecret({ secret }: { secret: VaultSecret }): Promise<{ replacedErasureKeyId: string | null }> {
      const replaced = await db.deleteFrom('vault_secrets').where('request_id', '=', secret.request_id).returning('erasure_key_id').executeTakeFirst();
      await db.insertInto('vault_secrets').values(secret).execute();
      return { replacedErasureKeyId: replaced?.erasure_key_id ?? null };
    },
    /** Deletes the ciphertext and its wrapped data key; returns whether there was one, and its erasure key id to destroy after the commit. */
    async deleteSecret({ requestId }: { requestId: string }): Promise<{ deleted: boolean; erasureKeyId: string | null }> {
      const row = await db.deleteFrom('vault_secrets').where('request_id', '=', requestId).returning('erasure_key_id').executeTakeFirst();
      return { deleted: row !== undefined, erasureKeyId: row?.erasure_key_id ?? null };
    },
    /** Which of these erasure keys a stored secret still uses. */
    async findUsedErasureKeys({ keyIds }: { keyIds: string[] }): Promise<Set<string>> {
      if (keyIds.length === 0) return new Set();
      const rows = await db.selectFrom('vault_secrets').select('erasure_key_id').where('erasure_key_id', 'in', keyIds).execute();
      return new Set(rows.map((r) => r.erasure_key_id!));
    },
    async insertReveal({ reveal }: { reveal: VaultReveal }): Promise<void> {
      await db.insertInto('vault_reveals').values(reveal).execute();
    },
    async listReveals({ requestIds }: { requestIds: string[] }): Promise<RevealLogRow[]> {
      if (requestIds.length === 0) return [];
      return db
        .selectFrom('vault_reveals')
        .innerJoin('users', 'users.id', 'vault_reveals.actor_id')
        .selectAll('vault_reveals')
        .select(['users.name as actor_name', 'users.role as actor_role'])
        .where('vault_reveals.request_id', 'in', requestIds)
        .orderBy('vault_reveals.at')
        .orderBy('vault_reveals.id')
        .execute();
    },
    async findUserNames({ ids }: { ids: string[] }): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },
    /** Active requests that must end now: their ticket is resolved or closed, or their secret expired. */
    async listEndingRequests({ now, limit }: { now: number; limit: number }): Promise<(VaultRequest & { ticket_status: string })[]> {
      return db
        .selectFrom('vault_requests')
        .innerJoin('tickets', 'tickets.id', 'vault_requests.ticket_id')
        .selectAll('vault_requests')
        .select('tickets.status as ticket_status')
        .where('vault_requests.status', 'in', ['requested', 'submitted', 'revealed'])
        .where((eb) =>
          eb.or([
            eb('tickets.status', 'in', ['resolved', 'closed']),
            eb.and([eb('vault_requests.status', 'in', ['submitted', 'revealed']), eb('vault_requests.expires_at', '<=', now)]),
          ]),
        )
        .orderBy('vault_requests.created_at')
        .limit(limit)
        .execute();
    },
    async listDueReminders({ now, limit }: { now: number; limit: number }): Promise<VaultRequest[]> {
      return db
        .selectFrom('vault_requests')
        .selectAll()
        .where('next_reminder_at', '<=', now)
        .where('changed_confirmed_at', 'is', null)
        .orderBy('next_reminder_at')
        .limit(limit)
        .execute();
    },
    /** A customer's ended requests whose credentials they have not yet confirmed as changed. */
    async listPendingChanges({ customerId }: { customerId: string }): Promise<(VaultRequest & { ticket_number: number })[]> {
      return db
        .selectFrom('vault_requests')
        .innerJoin('tickets', 'tickets.id', 'vault_requests.ticket_id')
        .selectAll('vault_requests')
        .select('tickets.number as ticket_number')
        .where('vault_requests.customer_id', '=', customerId)
        .where('vault_requests.ended_at', 'is not', null)
        .where('vault_requests.submitted_at', 'is not', null)
        .where('vault_requests.changed_confirmed_at', 'is', null)
        .orderBy('vault_requests.ended_at', 'desc')
        .limit(100)
        .execute();
    },
    async listSecretsNotUnder({ keyId, limit }: { keyId: string; limit: number }): Promise<VaultSecret[]> {
      return db.selectFrom('vault_secrets').selectAll().where('key_id', '!=', keyId).orderBy('request_id').limit(limit).execute();
    },
    async countSecretsByKey(): Promise<{ key_id: string; n: number }[]> {
      const rows = await db
        .selectFrom('vault_secrets')
        .select(['key_id', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('key_id')
        .execute();
      return rows.map((r) => ({ key_id: r.key_id, n: Number(r.n) }));
    },
    /** Replaces a data key's wrapping if it is still the one read (a concurrent rotation or purge wins otherwise). */
    async rewrapSecret({
      requestId,
      fromKeyId,
      keyId,
      wrappedKey,
    }: {
      requestId: string;
      fromKeyId: string;
      keyId: string;
      wrappedKey: string;
    }): Promise<boolean> {
      const result = await db
        .updateTable('vault_secrets')
        .set({ key_id: keyId, wrapped_key: wrappedKey })
        .where('request_id', '=', requestId)
        .where('key_id', '=', fromKeyId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async readActiveKeyId(): Promise<string | undefined> {
      const row = await db.selectFrom('settings').select('value').where('key', '=', ACTIVE_KEY_SETTING).executeTakeFirst();
      return row ? (JSON.parse(row.value) as { id: string }).id : undefined;
    },
    /** Records the first active key; a key already on record stays (another process got there first). */
    async registerFirstKey({ keyId, at }: { keyId: string; at: number }): Promise<void> {
      await db
        .insertInto('settings')
        .values({ key: ACTIVE_KEY_SETTING, value: JSON.stringify({ id: keyId }), updated_at: at, updated_by: null })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    },
    async setActiveKey({ keyId, at }: { keyId: string; at: number }): Promise<void> {
      const value = JSON.stringify({ id: keyId });
      await db
        .insertInto('settings')
        .values({ key: ACTIVE_KEY_SETTING, value, updated_at: at, updated_by: null })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
        .execute();
    },
  };
}
