import type { DbOrTrx } from '../../db/database.js';
import type { License, NewLicense } from '../../db/types.js';
import type { LicenseStatus, LicenseType } from './licenses.models.js';

export interface LicenseFilters {
  customerId?: string;
  status?: LicenseStatus;
  type?: LicenseType;
  product?: string;
  query?: string;
}

export function createLicensesRepository({ db }: { db: DbOrTrx }) {
  return {
    async findByKey({ key }: { key: string }): Promise<License | undefined> {
      return db.selectFrom('licenses').selectAll().where('key', '=', key).executeTakeFirst();
    },
    async findByKeys({ keys }: { keys: string[] }): Promise<License[]> {
      if (keys.length === 0) return [];
      return db.selectFrom('licenses').selectAll().where('key', 'in', keys).execute();
    },
    async listOfCustomer({ customerId }: { customerId: string }): Promise<License[]> {
      return db.selectFrom('licenses').selectAll().where('customer_id', '=', customerId).orderBy('purchased_on', 'desc').orderBy('key').execute();
    },
    /** Inserts the licenses whose key is still free; returns the keys it inserted. */
    async insertManyIfAbsent({ licenses }: { licenses: NewLicense[] }): Promise<string[]> {
      if (licenses.length === 0) return [];
      const rows = await db
        .insertInto('licenses')
        .values(licenses)
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .execute();
      return rows.map((r) => r.key);
    },
    async update({ id, changes }: { id: string; changes: Partial<NewLicense> }): Promise<void> {
      await db.updateTable('licenses').set(changes).where('id', '=', id).execute();
    },
    /** Licenses newest first, keyset-paged by (created_at, id), with their customer. */
    async list({ filters, limit, after }: { filters: LicenseFilters; limit: number; after?: { createdAt: number; id: string } }) {
      let q = db
        .selectFrom('licenses')
        .innerJoin('users', 'users.id', 'licenses.customer_id')
        .selectAll('licenses')
        .select(['users.email as customer_email', 'users.name as customer_name']);
      if (filters.customerId) q = q.where('licenses.customer_id', '=', filters.customerId);
      if (filters.status) q = q.where('licenses.status', '=', filters.status);
      if (filters.type) q = q.where('licenses.type', '=', filters.type);
      if (filters.product) q = q.where('licenses.product', '=', filters.product);
      if (filters.query) {
        const pattern = `%${filters.query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) => eb.or([eb('licenses.key', 'like', pattern), eb('licenses.domains', 'like', pattern), eb('users.email', 'like', pattern)]));
      }
      if (after) {
        q = q.where((eb) =>
          eb.or([eb('licenses.created_at', '<', after.createdAt), eb.and([eb('licenses.created_at', '=', after.createdAt), eb('licenses.id', '<', after.id)])]),
        );
      }
      return q.orderBy('licenses.created_at', 'desc').orderBy('licenses.id', 'desc').limit(limit).execute();
    },
  };
}
