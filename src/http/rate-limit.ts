import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { isIPv6 } from 'node:net';
import type { RateLimitStore } from './rate-limit.store.js';
import type { AppInstance } from './types.js';

export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Whom a request is counted against: a signed-in person (all their sessions together), an API
 * token on its own, or, for anonymous requests, the client address. People behind one office NAT
 * then do not block each other, and one person's open tabs share one allowance.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal?.via === 'token') return `token:${principal.tokenId}`;
  if (principal) return `user:${principal.user.id}`;
  return `address:${addressGroup(request.ip)}`;
}

/** An IPv6 client usually holds a whole /64: count the /64, or one host could rotate addresses. */
function addressGroup(ip: string): string {
  if (!isIPv6(ip) || ip.startsWith('::ffff:')) return ip;
  const [head = '', tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/**
 * The per-minute request limit for API routes. Static files (the web app), the docs and the health
 * checks are never limited: a limited script file would leave a blank page.
 */
export async function registerRateLimit(app: AppInstance, { max, store }: { max: number; store: RateLimitStore }): Promise<void> {
  // @fastify/rate-limit builds the store from a class; this one hands it ours.
  class SharedStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void): void {
      const { count, resetInMs } = store.incr(key);
      callback(null, { current: count, ttl: resetInMs });
    }
    child(): SharedStore {
      return this;
    }
  }
  await app.register(fastifyRateLimit, {
    max,
    timeWindow: RATE_LIMIT_WINDOW_MS,
    store: SharedStore,
    keyGenerator: rateLimitKey,
    allowList: (request) => !request.routeOptions.config.access,
  });
  app.addHook('onClose', async () => store.close());
}
