import { createHash, randomBytes } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

/**
 * A new row identifier: a UUIDv7 (RFC 9562), time-ordered so rows created in the same
 * millisecond still sort in creation order (a 12-bit counter in this process) and indexes stay local.
 */
export function createId(now: number = Date.now()): string {
  if (now <= lastMs) {
    sequence++;
    if (sequence > 0xfff) {
      // The counter ran out within one millisecond: borrow the next one.
      lastMs++;
      sequence = 0;
    }
  } else {
    lastMs = now;
    sequence = 0;
  }
  const bytes = randomBytes(16);
  const ms = BigInt(lastMs);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A random secret for a link or a bearer token, URL-safe, with an optional readable prefix. */
export function createSecret({ prefix = '', bytes = 32 }: { prefix?: string; bytes?: number } = {}): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** Secrets are stored only as their SHA-256, so a database leak does not leak working tokens. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
