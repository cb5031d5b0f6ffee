import type { DbOrTrx } from '../../db/database.js';
import type { SavedView, SavedViewsTable } from '../../db/types.js';

export function createViewsStore({ db }: { db: DbOrTrx }) {
  return {
    /** Shared views and the viewer's own: shared first, then by name. */
    async listVisible({ viewerId }: { viewerId: string }): Promise<SavedView[]> {
      const rows = await db
        .selectFrom('saved_views')
        .selectAll()
        .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', viewerId)]))
        .orderBy('name')
        .orderBy('id')
        .execute();
      return [...rows.filter((r) => r.owner_id === null), ...rows.filter((r) => r.owner_id !== null)];
    },
    async find({ id }: { id: string }): Promise<SavedView | undefined> {
      return db.selectFrom('saved_views').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async countOwned({ ownerId }: { ownerId: string | null }): Promise<number> {
      const row = await db
        .selectFrom('saved_views')
        .where((eb) => (ownerId === null ? eb('owner_id', 'is', null) : eb('owner_id', '=', ownerId)))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async insert({ view }: { view: SavedViewsTable }): Promise<void> {
      await db.insertInto('saved_views').values(view).execute();
    },
    async update({ id, changes }: { id: string; changes: Partial<SavedViewsTable> }): Promise<void> {
      await db.updateTable('saved_views').set(changes).where('id', '=', id).execute();
    },
    async delete({ id }: { id: string }): Promise<void> {
      await db.deleteFrom('saved_views').where('id', '=', id).execute();
    },
  };
}
