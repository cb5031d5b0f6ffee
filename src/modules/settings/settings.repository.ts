import type { DbOrTrx } from '../../db/database.js';

/** Settings are JSON documents by key (the business calendar, reply targets, ...). */
export function createSettingsRepository({ db }: { db: DbOrTrx }) {
  return {
    async read<T>({ key }: { key: string }): Promise<T | undefined> {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async write({ key, value, at, by }: { key: string; value: unknown; at: number; by?: string }): Promise<void> {
      const json = JSON.stringify(value);
      await db
        .insertInto('settings')
        .values({ key, value: json, updated_at: at, updated_by: by ?? null })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: at, updated_by: by ?? null }))
        .execute();
    },
  };
}
