import type { DbOrTrx } from '../../db/database.js';
import type { NewUser, User, UserUpdate } from '../../db/types.js';
import type { Role } from './accounts.models.js';

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;

export function createAccountsRepository({ db }: { db: DbOrTrx }) {
  return {
    async findUserById({ id }: { id: string }): Promise<User | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findUserByEmail({ email }: { email: string }): Promise<User | undefined> {
      return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    },
    async findUsersByEmails({ emails }: { emails: string[] }): Promise<User[]> {
      if (emails.length === 0) return [];
      return db.selectFrom('users').selectAll().where('email', 'in', emails).execute();
    },
    async insertUser({ user }: { user: NewUser }): Promise<User> {
      return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
    },
    /** Inserts the user unless the email is taken (also by a concurrent insert): undefined then. */
    async insertUserIfAbsent({ user }: { user: NewUser }): Promise<User | undefined> {
      return db
        .insertInto('users')
        .values(user)
        .onConflict((oc) => oc.column('email').doNothing())
        .returningAll()
        .executeTakeFirst();
    },
    async updateUser({ id, changes }: { id: string; changes: UserUpdate }): Promise<User | undefined> {
      return db.updateTable('users').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
    },
    async hasAdmin(): Promise<boolean> {
      const row = await db.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
      return row !== undefined;
    },
    /** Users in creation order, newest first, keyset-paged by (created_at, id). */
    async listUsers({
      role,
      query,
      limit,
      after,
    }: {
      role?: Role | 'staff';
      query?: string;
      limit: number;
      after?: { createdAt: number; id: string };
    }): Promise<User[]> {
      let q = db.selectFrom('users').selectAll();
      if (role === 'staff') q = q.where('role', 'in', ['admin', 'agent']);
      else if (role) q = q.where('role', '=', role);
      if (query) {
        const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) => eb.or([eb('email', 'like', pattern), eb(eb.fn('lower', ['name']), 'like', pattern)]));
      }
      if (after) {
        // The plain bound lets the (role, created_at) index start at the cursor instead of scanning to it.
        q = q
          .where('created_at', '<=', after.createdAt)
          .where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]));
      }
      return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },
  };
}
