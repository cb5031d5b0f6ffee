import type { DbOrTrx } from '../../db/database.js';
import type { Attachment, AttachmentsTable } from '../../db/types.js';

export function createAttachmentsRepository({ db }: { db: DbOrTrx }) {
  return {
    async insert({ attachment }: { attachment: AttachmentsTable }): Promise<void> {
      await db.insertInto('attachments').values(attachment).execute();
    },
    async find({ id }: { id: string }): Promise<Attachment | undefined> {
      return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /** Deletes uploads never attached to a message that were made before `before`. */
    async deleteUnlinked({ before }: { before: number }): Promise<number> {
      const result = await db
        .deleteFrom('attachments')
        .where('message_id', 'is', null)
        .where('created_at', '<', before)
        // Images shown by help articles are attached to those instead.
        .where('id', 'not in', (eb) => eb.selectFrom('help_article_images').select('attachment_id'))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    /** The hashes rows refer to, among those in [from, to) (a range keeps each read small). */
    async listReferencedHashes({ from, to }: { from: string; to: string }): Promise<Set<string>> {
      const rows = await db.selectFrom('attachments').select('sha256').distinct().where('sha256', '>=', from).where('sha256', '<', to).execute();
      return new Set(rows.map((r) => r.sha256));
    },
  };
}
