import type { Db } from '../../db/database.js';
import type { CannedResponse, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { commonErrors } from '../../shared/errors.js';
import { createId } from '../../shared/ids.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import type { TicketsUsecases } from '../tickets/tickets.usecases.js';
import { cannedErrors } from './canned.errors.js';
import { renderCanned } from './canned.models.js';
import { createCannedRepository } from './canned.repository.js';

export type CannedUsecases = ReturnType<typeof createCannedUsecases>;

interface CannedFields {
  title: string;
  bodyEn: string;
  bodyRu: string;
}

const isAdmin = (user: User) => user.role === 'admin';

/**
 * Shared responses (no owner) are for every agent and changed by admins; personal ones belong to
 * one agent and are invisible to other agents. Admins may change any of them.
 */
export function createCannedUsecases({ db, clock, tickets }: { db: Db; clock: Clock; tickets: Pick<TicketsUsecases, 'findVisibleTicket'> }) {
  const repo = createCannedRepository({ db });

  /** A response the actor may use; someone else's personal one is "not found" (to agents). */
  async function findUsable({ actor, id }: { actor: User; id: string }): Promise<CannedResponse> {
    const canned = await repo.find({ id });
    if (!canned || (canned.owner_id !== null && canned.owner_id !== actor.id && !isAdmin(actor))) throw cannedErrors.notFound();
    return canned;
  }

  /** A response the actor may change: their own, or any for an admin. */
  async function findEditable({ actor, id }: { actor: User; id: string }): Promise<CannedResponse> {
    const canned = await findUsable({ actor, id });
    if (canned.owner_id === null && !isAdmin(actor)) throw cannedErrors.sharedAdminOnly();
    return canned;
  }

  return {
    async list({ actor }: { actor: User }): Promise<CannedResponse[]> {
      return repo.listVisible({ viewerId: actor.id });
    },

    async create({ actor, title, bodyEn, bodyRu, shared }: CannedFields & { actor: User; shared: boolean }): Promise<CannedResponse> {
      if (shared && !isAdmin(actor)) throw cannedErrors.sharedAdminOnly();
      const now = clock.now();
      const canned = { id: createId(), owner_id: shared ? null : actor.id, title, body_en: bodyEn, body_ru: bodyRu, created_at: now, updated_at: now };
      await repo.insert({ canned });
      return canned;
    },

    /** Changes fields; `shared` moves a response between shared and the admin's own (admins only). */
    async update({ actor, id, changes }: { actor: User; id: string; changes: Partial<CannedFields> & { shared?: boolean } }): Promise<CannedResponse> {
      const canned = await findEditable({ actor, id });
      if (changes.shared !== undefined && changes.shared !== (canned.owner_id === null) && !isAdmin(actor)) throw cannedErrors.sharedAdminOnly();
      const next = {
        title: changes.title ?? canned.title,
        body_en: changes.bodyEn ?? canned.body_en,
        body_ru: changes.bodyRu ?? canned.body_ru,
        owner_id: changes.shared === undefined ? canned.owner_id : changes.shared ? null : (canned.owner_id ?? actor.id),
        updated_at: clock.now(),
      };
      if (next.body_en.trim() === '' && next.body_ru.trim() === '') throw commonErrors.invalidInput({ message: 'Give the text in at least one language.' });
      await repo.update({ id, changes: next });
      return { ...canned, ...next };
    },

    async remove({ actor, id }: { actor: User; id: string }): Promise<void> {
      await findEditable({ actor, id });
      await repo.delete({ id });
    },

    /** The response for one ticket: in its customer's language, placeholders filled. */
    async render({ actor, id, ticketId }: { actor: User; id: string; ticketId: string }): Promise<{ body: string; language: 'en' | 'ru' }> {
      const canned = await findUsable({ actor, id });
      const ticket = await tickets.findVisibleTicket({ actor, ticketId });
      const customer = await createAccountsRepository({ db }).findUserById({ id: ticket.customer_id });
      return renderCanned({
        bodies: { en: canned.body_en, ru: canned.body_ru },
        customer: { name: customer?.name ?? '', language: customer?.language ?? 'en', timeZone: customer?.time_zone ?? 'UTC' },
        ticket: { number: ticket.number, subject: ticket.subject, replyDueAt: ticket.reply_due_at },
        agent: { name: actor.name },
      });
    },
  };
}
