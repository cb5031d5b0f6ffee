import type { DbOrTrx } from '../../db/database.js';
import type { CannedResponse, CannedResponsesTable } from '../../db/types.js';

export function createCannedRepository({ db }: { db: DbOrTrx }) {
  return {
    /** Shared responses and the viewer's own, by title. */
    async listVisible({ viewerId }: { viewerId: string }): Promise<CannedResponse[]> {
      return db
        .selectFrom('canned_responses')
        .selectAll()
        .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', viewerId)]))
        .orderBy('title')
        .orderBy('id')
        .execute();
    },
    async find({ id }: { id: string }): Promise<CannedResponse | undefined> {
      return db.selectFrom('canned_responses').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async insert({ canned }: { canned: CannedResponsesTable }): Promise<void> {
      await db.insertInto('canned_responses').values(canned).execute();
    },
    async update({ id, changes }: { id: string; changes: Partial<CannedResponsesTable> }): Promise<void> {
      await db.updateTable('canned_responses').set(changes).where('id', '=', id).execute();
    },
    async delete({ id }: { id: string }): Promise<void> {
      await db.deleteFrom('canned_responses').where('id', '=', id).execute();
    },
  };
}
