import type { FastifyRequest } from 'fastify';
import type { AppInstance } from './types.js';
import type { Session, User } from '../db/types.js';
import type { Role } from '../modules/accounts/accounts.models.js';
import { SESSION_COOKIE } from '../modules/auth/auth.models.js';
import type { AuthUsecases } from '../modules/auth/auth.usecases.js';
import { isScopeAllowed, type Scope } from '../modules/tokens/tokens.models.js';
import type { TokensUsecases } from '../modules/tokens/tokens.usecases.js';
import { twoFactorErrors } from '../modules/twofactor/twofactor.errors.js';
import type { SignInState } from '../modules/twofactor/twofactor.models.js';
import type { TwoFactorUsecases } from '../modules/twofactor/twofactor.usecases.js';
import { commonErrors, defineError } from '../shared/errors.js';

/** Who is calling: a signed-in user (cookie) or an integration (bearer token). */
export interface Principal {
  user: User;
  via: 'session' | 'token';
  /** Scopes of a narrowed token; null when the caller has the user's whole role. */
  scopes: Scope[] | null;
  session?: Session;
  tokenId?: string;
  /** A session's standing with the second factor; bearer tokens are always 'complete'. */
  signIn: SignInState;
}

/**
 * What a route requires; declared on the route (`config.access`) and enforced before it runs.
 * `incompleteSignIn`: also open to a session that has not yet proven the second factor (or must
 * first set one up): the few routes that finish signing in; `'setup'` only to one that must set
 * one up. Every other route refuses such a session.
 */
export type Access = { public: true } | { roles: readonly Role[]; scopes?: readonly Scope[]; incompleteSignIn?: boolean | 'setup' };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** Why the credentials sent could not be accepted; thrown once the body is read (see below). */
    principalError: unknown;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

const invalidToken = defineError('auth.invalid_token', 401, 'The bearer token is not valid or was revoked.');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const ALL_ROLES: readonly Role[] = ['admin', 'agent', 'customer'];
export const STAFF: readonly Role[] = ['admin', 'agent'];
export const ADMINS: readonly Role[] = ['admin'];

/** Resolves the caller of every API request and enforces the route's declared access. */
export function registerPrincipal(
  app: AppInstance,
  { auth, tokens, twoFactor }: { auth: AuthUsecases; tokens: TokensUsecases; twoFactor: TwoFactorUsecases },
): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('principalError', null);
  // Who is calling is known first (onRequest), so the rate limit (a route-level onRequest hook,
  // run after this one) can count per account and token. Refusals wait for preValidation: after
  // body parsing, before schema validation, so an unauthorised caller learns nothing about the
  // body's shape.
  app.addHook('onRequest', async (request) => {
    if (!request.routeOptions.config.access) return; // not an API route (static files, docs)
    try {
      request.principal = await resolvePrincipal(request, { auth, tokens, twoFactor });
    } catch (error) {
      request.principalError = error;
    }
  });
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access) return;
    if (request.principalError) throw request.principalError;
    if ('public' in access) return;
    const principal = request.principal;
    if (!principal) throw commonErrors.notSignedIn();
    if (!access.roles.includes(principal.user.role)) throw commonErrors.forbidden();
    if (principal.via === 'token' && !isScopeAllowed({ granted: principal.scopes, accepted: access.scopes })) throw commonErrors.scopeDenied();
    const isOpenToIt = access.incompleteSignIn === true || (access.incompleteSignIn === 'setup' && principal.signIn === 'two_factor_setup');
    if (principal.signIn !== 'complete' && !isOpenToIt) {
      throw principal.signIn === 'second_factor' ? twoFactorErrors.required() : twoFactorErrors.setupRequired();
    }
    // Cookie-authenticated writes must echo the session's CSRF token; bearer tokens cannot be
    // sent by a browser on its own, so they need none.
    if (principal.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== principal.session?.csrf_token) throw commonErrors.csrfInvalid();
    }
  });
}

async function resolvePrincipal(
  request: FastifyRequest,
  { auth, tokens, twoFactor }: { auth: AuthUsecases; tokens: TokensUsecases; twoFactor: TwoFactorUsecases },
): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw invalidToken();
    const found = await tokens.authenticateToken({ secret: match[1] });
    if (!found) throw invalidToken();
    // A token is a credential of its own, made by a session past the second factor or by the
    // server's command line: it is not asked for one (SECURITY.md).
    return { user: found.user, via: 'token', scopes: found.scopes, tokenId: found.token.id, signIn: 'complete' };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const found = await auth.authenticateSession({ token: cookie });
  if (!found) return null;
  const signIn = await twoFactor.signInStateOf({ user: found.user, session: found.session });
  return { user: found.user, via: 'session', scopes: null, session: found.session, signIn };
}

/** The signed-in caller of a route that declared roles (the hook guarantees one). */
export function getPrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw commonErrors.notSignedIn();
  return request.principal;
}
