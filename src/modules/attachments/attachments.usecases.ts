import type { Readable } from 'node:stream';
import type { Db } from '../../db/database.js';
import type { Attachment, AttachmentsTable, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createId } from '../../shared/ids.js';
import { isStaff } from '../accounts/accounts.models.js';
import { canViewTicket } from '../tickets/tickets.policy.js';
import { createTicketsRepository } from '../tickets/tickets.repository.js';
import { attachmentsErrors } from './attachments.errors.js';
import { createContentInspector, sanitizeFileName } from './attachments.models.js';
import { createAttachmentsRepository } from './attachments.repository.js';
import type { AttachmentStore } from './attachments.store.js';

export type AttachmentsUsecases = ReturnType<typeof createAttachmentsUsecases>;

const DAY = 24 * 3600_000;
/** Uploads never attached to a message are dropped after this long. */
export const UNLINKED_TTL_MS = DAY;

export function createAttachmentsUsecases({ db, clock, store, maxBytes }: { db: Db; clock: Clock; store: AttachmentStore; maxBytes: number }) {
  const repo = createAttachmentsRepository({ db });

  /**
   * Stores one uploaded file for the actor, unlinked until a ticket or message names it. The type
   * is decided from the bytes (never the client's claim); a refused or oversized file leaves nothing.
   */
  async function upload({
    actor,
    fileName,
    claimedType,
    content,
  }: {
    actor: User;
    fileName: string;
    claimedType?: string;
    content: AsyncIterable<Uint8Array>;
  }): Promise<{ attachment: Attachment }> {
    const name = sanitizeFileName(fileName);
    const inspector = createContentInspector({ fileName: name, claimedType });
    let contentType = '';
    // The checks run inside the stream the store reads: throwing here makes the store discard it.
    async function* inspected(): AsyncGenerator<Uint8Array> {
      for await (const chunk of content) {
        inspector.update(chunk);
        if (inspector.size > maxBytes) throw attachmentsErrors.tooLarge({ message: `The file is larger than ${maxBytes} bytes.` });
        if (inspector.early()) throw attachmentsErrors.typeNotAllowed();
        yield chunk;
      }
      const verdict = inspector.verdict();
      if (!verdict.isAllowed) throw verdict.reason === 'empty' ? attachmentsErrors.empty() : attachmentsErrors.typeNotAllowed();
      contentType = verdict.contentType;
    }
    const now = clock.now();
    const { sha256, size } = await store.put({ content: inspected(), storedAt: now });
    const attachment: AttachmentsTable = {
      id: createId(),
      uploader_id: actor.id,
      ticket_id: null,
      message_id: null,
      file_name: name,
      content_type: contentType,
      size,
      sha256,
      created_at: now,
    };
    await repo.insert({ attachment });
    return { attachment };
  }

  /**
   * An attachment the actor may download: on a ticket they may see (internal notes' files for
   * agents only), or their own upload not yet attached. Anything else is "not found".
   */
  async function openForDownload({ actor, attachmentId }: { actor: User; attachmentId: string }): Promise<{ attachment: Attachment; stream: Readable }> {
    const attachment = await repo.find({ id: attachmentId });
    if (!attachment) throw attachmentsErrors.notFound();
    if (attachment.message_id === null || attachment.ticket_id === null) {
      if (attachment.uploader_id !== actor.id) throw attachmentsErrors.notFound();
    } else {
      const tickets = createTicketsRepository({ db });
      const ticket = await tickets.findTicket({ id: attachment.ticket_id });
      if (!ticket || !canViewTicket({ user: actor, ticket })) throw attachmentsErrors.notFound();
      const message = await tickets.findMessage({ id: attachment.message_id });
      if (!message || (message.visibility === 'internal' && !isStaff(actor.role))) throw attachmentsErrors.notFound();
    }
    const stored = await store.get({ sha256: attachment.sha256 });
    if (!stored) throw attachmentsErrors.notFound({ message: 'The file of this attachment is missing from storage.' });
    return { attachment, stream: stored.stream };
  }

  /**
   * Drops uploads never attached within a day, then stored files no row refers to (spared while
   * fresh, so an upload whose row is being written is safe) and leftovers of interrupted writes.
   */
  async function purgeOrphans(): Promise<{ rows: number; files: number; temporary: number }> {
    const cutoff = clock.now() - UNLINKED_TTL_MS;
    const rows = await repo.deleteUnlinked({ before: cutoff });
    let files = 0;
    const hex = '0123456789abcdef';
    for (const [i, prefix] of [...hex].entries()) {
      const referenced = await repo.listReferencedHashes({ from: prefix, to: hex[i + 1] ?? 'g' });
      for await (const stored of store.list({ prefix })) {
        if (stored.storedAt < cutoff && !referenced.has(stored.sha256)) {
          await store.delete({ sha256: stored.sha256 });
          files++;
        }
      }
    }
    const temporary = await store.cleanTemporary({ before: cutoff });
    return { rows, files, temporary };
  }

  /** An attachment's file for a caller that checked access itself (the help center's images). */
  async function openUnchecked({ attachmentId }: { attachmentId: string }): Promise<{ attachment: Attachment; stream: Readable } | undefined> {
    const attachment = await repo.find({ id: attachmentId });
    const stored = attachment && (await store.get({ sha256: attachment.sha256 }));
    return stored ? { attachment: attachment!, stream: stored.stream } : undefined;
  }

  return { upload, openForDownload, openUnchecked, purgeOrphans };
}
