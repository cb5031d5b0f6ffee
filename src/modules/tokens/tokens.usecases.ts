import type { Db } from '../../db/database.js';
import type { ApiToken, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createId, createSecret, hashSecret } from '../../shared/ids.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/audit.models.js';
import { recordAudit } from '../audit/audit.repository.js';
import { tokensErrors } from './tokens.errors.js';
import { isScope, TOKEN_PREFIX, type Scope } from './tokens.models.js';

export type TokensUsecases = ReturnType<typeof createTokensUsecases>;

export function toPublicToken(token: ApiToken) {
  return {
    id: token.id,
    userId: token.user_id,
    name: token.name,
    scopes: parseScopes(token.scopes),
    createdAt: new Date(token.created_at).toISOString(),
    lastUsedAt: token.last_used_at === null ? null : new Date(token.last_used_at).toISOString(),
    revoked: token.revoked_at !== null,
    expiresAt: token.expires_at === null ? null : new Date(token.expires_at).toISOString(),
  };
}

function parseScopes(stored: string): Scope[] {
  return stored.split(' ').filter(isScope);
}

export function createTokensUsecases({ db, clock }: { db: Db; clock: Clock }) {
  return {
    /** Issues a bearer token; the secret is returned once and only its hash is kept. */
    async createToken({
      userId,
      name,
      scopes,
      actor = SYSTEM_ACTOR,
      expiresAt = null,
    }: {
      userId: string;
      name: string;
      scopes: string[];
      actor?: AuditActor;
      expiresAt?: number | null;
    }): Promise<{ token: ApiToken; secret: string }> {
      const unknown = scopes.filter((s) => !isScope(s));
      if (unknown.length > 0) throw tokensErrors.unknownScope({ details: { scopes: unknown } });
      const secret = createSecret({ prefix: TOKEN_PREFIX });
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const token = await trx
          .insertInto('api_tokens')
          .values({
            id: createId(),
            user_id: userId,
            name,
            token_hash: hashSecret(secret),
            scopes: [...new Set(scopes)].join(' '),
            created_at: now,
            last_used_at: null,
            revoked_at: null,
            expires_at: expiresAt,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit({
          trx,
          at: now,
          actor,
          action: 'token.created',
          target: { type: 'token', id: token.id, label: token.name },
          after: { userId, scopes: parseScopes(token.scopes), expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString() },
        });
        return { token, secret };
      });
    },

    async listTokens({ userId }: { userId?: string }): Promise<ApiToken[]> {
      let q = db.selectFrom('api_tokens').selectAll();
      if (userId) q = q.where('user_id', '=', userId);
      return q.orderBy('created_at', 'desc').execute();
    },

    async findToken({ id }: { id: string }): Promise<ApiToken | undefined> {
      return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async revokeToken({ id, actor = SYSTEM_ACTOR }: { id: string; actor?: AuditActor }): Promise<void> {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const token = await trx
          .updateTable('api_tokens')
          .set({ revoked_at: now })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!token) throw tokensErrors.notFound();
        await recordAudit({
          trx,
          at: now,
          actor,
          action: 'token.revoked',
          target: { type: 'token', id: token.id, label: token.name },
          before: { userId: token.user_id },
        });
      });
    },

    /** Resolves a bearer token to its user and scopes (null scopes: the user's whole role). */
    async authenticateToken({ secret }: { secret: string }): Promise<{ user: User; token: ApiToken; scopes: Scope[] | null } | undefined> {
      const token = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', hashSecret(secret))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!token) return undefined;
      if (token.expires_at !== null && token.expires_at <= clock.now()) return undefined;
      const user = await createAccountsRepository({ db }).findUserById({ id: token.user_id });
      if (!user || user.disabled_at !== null) return undefined;
      const now = clock.now();
      // Record use at most once a minute to keep hot integrations from writing on every call.
      if (token.last_used_at === null || now - token.last_used_at > 60_000) {
        await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', token.id).execute();
      }
      const scopes = parseScopes(token.scopes);
      return { user, token, scopes: scopes.length === 0 ? null : scopes };
    },
  };
}
