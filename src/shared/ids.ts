import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A new random identifier for a row. */
export function createId(): string {
  return randomUUID();
}

/** A random secret for a link or a bearer token, URL-safe, with an optional readable prefix. */
export function createSecret({ prefix = '', bytes = 32 }: { prefix?: string; bytes?: number } = {}): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** Secrets are stored only as their SHA-256, so a database leak does not leak working tokens. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
