import type { Db, DialectName } from '../../db/database.js';
import type { SavedView, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createId } from '../../shared/ids.js';
import { countTickets, type TicketSort } from '../tickets/tickets.queues.js';
import { viewsErrors } from './views.errors.js';
import { MAX_VIEWS, parseStoredFilters, toTicketFilters, type ViewFilters } from './views.models.js';
import { createViewsStore } from './views.store.js';

const isAdmin = (user: User) => user.role === 'admin';

export interface ViewFields {
  name: string;
  filters: ViewFilters;
  sort: TicketSort;
}

/**
 * Saved views: a name plus ticket filters and a sort. Personal views belong to one agent and are
 * invisible to others; shared views (no owner) are for every agent and made and changed by admins.
 */
export function createViewsService({ db, dialect, clock }: { db: Db; dialect: DialectName; clock: Clock }) {
  const store = createViewsStore({ db });

  /** A view the actor sees; someone else's personal one is "not found" (to anyone, admins included). */
  async function findVisible({ actor, id }: { actor: User; id: string }): Promise<SavedView> {
    const view = await store.find({ id });
    if (!view || (view.owner_id !== null && view.owner_id !== actor.id)) throw viewsErrors.notFound();
    return view;
  }

  async function findEditable({ actor, id }: { actor: User; id: string }): Promise<SavedView> {
    const view = await findVisible({ actor, id });
    if (view.owner_id === null && !isAdmin(actor)) throw viewsErrors.sharedAdminOnly();
    return view;
  }

  return {
    /** The actor's views with how many tickets each holds now. */
    async list({ actor }: { actor: User }): Promise<{ view: SavedView; count: number }[]> {
      const views = await store.listVisible({ viewerId: actor.id });
      const now = clock.now();
      const result = [];
      for (const view of views) {
        const filters = parseStoredFilters(view.filters);
        const count = await countTickets({
          db,
          dialect,
          queue: filters.queue,
          filters: toTicketFilters(filters),
          viewer: { id: actor.id, isStaff: true },
          now,
        });
        result.push({ view, count });
      }
      return result;
    },

    async create({ actor, name, filters, sort, shared }: ViewFields & { actor: User; shared: boolean }): Promise<SavedView> {
      if (shared && !isAdmin(actor)) throw viewsErrors.sharedAdminOnly();
      const ownerId = shared ? null : actor.id;
      if ((await store.countOwned({ ownerId })) >= MAX_VIEWS) throw viewsErrors.tooMany({ params: { max: MAX_VIEWS } });
      const now = clock.now();
      const view = { id: createId(), owner_id: ownerId, name, filters: JSON.stringify(filters), sort, created_by: actor.id, created_at: now, updated_at: now };
      await store.insert({ view });
      return view;
    },

    async update({ actor, id, changes }: { actor: User; id: string; changes: Partial<ViewFields> }): Promise<SavedView> {
      const view = await findEditable({ actor, id });
      const next = {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.filters !== undefined && { filters: JSON.stringify(changes.filters) }),
        ...(changes.sort !== undefined && { sort: changes.sort }),
        updated_at: clock.now(),
      };
      await store.update({ id: view.id, changes: next });
      return { ...view, ...next };
    },

    async remove({ actor, id }: { actor: User; id: string }): Promise<void> {
      const view = await findEditable({ actor, id });
      await store.delete({ id: view.id });
    },
  };
}
