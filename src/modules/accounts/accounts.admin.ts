import type { Db, DialectName, Trx } from '../../db/database.js';
import { lockNames } from '../../db/locks.js';
import type { Ticket, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { endCredentials } from '../auth/auth.credentials.js';
import type { AuditActor } from '../audit/audit.models.js';
import { recordAudit } from '../audit/audit.repository.js';
import { accountsErrors } from './accounts.errors.js';
import { isStaff, type Language, type Role } from './accounts.models.js';
import { createAccountsRepository } from './accounts.repository.js';
import type { AccountsUsecases } from './accounts.usecases.js';
import { createTicketsRepository } from '../tickets/tickets.repository.js';

export type PeopleAdmin = ReturnType<typeof createPeopleAdmin>;

// Every change that can leave the desk without an active admin takes this lock first (PostgreSQL;
// SQLite runs one writer at a time), so two admins demoting each other at once cannot both win.
const ADMINS_LOCK = 'accounts.active_admins';

interface Deps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  accounts: AccountsUsecases;
  /** Told about tickets whose assignee changed, after the commit (live updates). */
  onTicketsChanged?: (tickets: Ticket[]) => void;
}

/** The admin's people actions (issue 16): invite, change role, deactivate, reactivate; each one audited in its transaction. */
export function createPeopleAdmin({ db, dialect, clock, accounts, onTicketsChanged }: Deps) {
  async function loadTarget(trx: Trx, userId: string): Promise<User> {
    const user = await createAccountsRepository({ db: trx }).findUserById({ id: userId });
    if (!user) throw accountsErrors.userNotFound();
    return user;
  }

  /** Refuses a change that would leave no active admin besides `user`. */
  async function assertAnotherActiveAdmin(trx: Trx, user: User): Promise<void> {
    if (user.role !== 'admin' || user.disabled_at !== null) return;
    const other = await trx
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .where('id', '!=', user.id)
      .limit(1)
      .executeTakeFirst();
    if (!other) throw accountsErrors.lastAdmin();
  }

  const auditTarget = (user: User) => ({ type: 'user', id: user.id, label: user.email });

  return {
    /**
     * Creates a person (counts as verified). Without a password they are mailed an expiring link
     * to set one (an invitation).
     */
    async createPerson(args: {
      actor: AuditActor;
      email: string;
      name: string;
      role: Role;
      password?: string;
      language?: Language;
      timeZone?: string;
    }): Promise<{ user: User }> {
      const { actor, ...fields } = args;
      const isInvite = fields.password === undefined;
      return db.transaction().execute(async (trx) => {
        const { user } = await accounts.createUser({ ...fields, invite: isInvite, trx });
        await recordAudit({
          trx,
          at: clock.now(),
          actor,
          action: isInvite ? 'user.invited' : 'user.created',
          target: auditTarget(user),
          after: { role: user.role, name: user.name },
        });
        return { user };
      });
    },

    /** Moves a person between agent and admin; the last active admin stays one. */
    async changeRole({ actor, userId, role }: { actor: AuditActor; userId: string; role: Role }): Promise<{ user: User }> {
      return db.transaction().execute(async (trx) => {
        await lockNames({ trx, dialect, names: [ADMINS_LOCK] });
        const user = await loadTarget(trx, userId);
        if (!isStaff(user.role) || !isStaff(role)) throw accountsErrors.roleNotAllowed();
        if (user.role === role) return { user };
        if (role !== 'admin') await assertAnotherActiveAdmin(trx, user);
        const now = clock.now();
        const updated = (await createAccountsRepository({ db: trx }).updateUser({ id: user.id, changes: { role, updated_at: now } }))!;
        await recordAudit({ trx, at: now, actor, action: 'user.role_changed', target: auditTarget(user), before: { role: user.role }, after: { role } });
        return { user: updated };
      });
    },

    /**
     * Deactivates a person at once: every session, mailed link and API token ends in the same
     * transaction, and their open tickets go to `reassignTo` (or to nobody). Their tickets,
     * messages and history stay.
     */
    async deactivate({
      actor,
      userId,
      reassignTo = null,
    }: {
      actor: AuditActor;
      userId: string;
      reassignTo?: string | null;
    }): Promise<{ user: User; reassigned: number }> {
      if (actor.id === userId) throw accountsErrors.cannotDeactivateSelf();
      const moved: Ticket[] = [];
      const result = await db.transaction().execute(async (trx) => {
        await lockNames({ trx, dialect, names: [ADMINS_LOCK] });
        const user = await loadTarget(trx, userId);
        if (user.disabled_at !== null) return { user, reassigned: 0 };
        await assertAnotherActiveAdmin(trx, user);
        if (reassignTo !== null) {
          const target = await createAccountsRepository({ db: trx }).findUserById({ id: reassignTo });
          if (!target || target.id === user.id || !isStaff(target.role) || target.disabled_at !== null) throw accountsErrors.invalidReassignTarget();
        }
        const now = clock.now();
        const updated = (await createAccountsRepository({ db: trx }).updateUser({ id: user.id, changes: { disabled_at: now, updated_at: now } }))!;
        const ended = await endCredentials({ trx, userId: user.id, at: now, revokeTokens: true });
        const open = await trx.selectFrom('tickets').selectAll().where('assignee_id', '=', user.id).where('status', 'in', ['open', 'pending']).execute();
        for (const ticket of open) {
          const [changed] = await trx
            .updateTable('tickets')
            .set({ assignee_id: reassignTo, updated_at: now })
            .where('id', '=', ticket.id)
            .returningAll()
            .execute();
          await createTicketsRepository({ db: trx }).insertEvent({
            ticketId: ticket.id,
            actorId: actor.id,
            type: 'assigned',
            data: { from: user.id, to: reassignTo },
            at: now,
          });
          if (changed) moved.push(changed);
        }
        await recordAudit({
          trx,
          at: now,
          actor,
          action: 'user.deactivated',
          target: auditTarget(user),
          before: { disabled: false },
          after: { disabled: true, sessionsEnded: ended.sessions, tokensRevoked: ended.tokens, ticketsReassigned: open.length, reassignedTo: reassignTo },
        });
        return { user: updated, reassigned: open.length };
      });
      if (moved.length > 0) onTicketsChanged?.(moved);
      return result;
    },

    /** Lets a deactivated person sign in again; their old sessions and tokens stay ended. */
    async reactivate({ actor, userId }: { actor: AuditActor; userId: string }): Promise<{ user: User }> {
      return db.transaction().execute(async (trx) => {
        const user = await loadTarget(trx, userId);
        if (user.disabled_at === null) return { user };
        const now = clock.now();
        const updated = (await createAccountsRepository({ db: trx }).updateUser({ id: user.id, changes: { disabled_at: null, updated_at: now } }))!;
        await recordAudit({
          trx,
          at: now,
          actor,
          action: 'user.reactivated',
          target: auditTarget(user),
          before: { disabled: true },
          after: { disabled: false },
        });
        return { user: updated };
      });
    },
  };
}
