import { createHash, randomBytes, randomUUID } from 'node:crypto';

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
  // randomUUID draws from a cached entropy pool: far cheaper than randomBytes(16) per id.
  const random = randomUUID();
  const time = lastMs.toString(16).padStart(12, '0');
  const variant = ((parseInt(random[19]!, 16) & 0x3) | 0x8).toString(16);
  const seq = sequence.toString(16).padStart(3, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${seq}-${variant}${random.slice(20, 23)}-${random.slice(24)}`;
}

/** A random secret for a link or a bearer token, URL-safe, with an optional readable prefix. */
export function createSecret({ prefix = '', bytes = 32 }: { prefix?: string; bytes?: number } = {}): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** Secrets are stored only as their SHA-256, so a database leak does not leak working tokens. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
