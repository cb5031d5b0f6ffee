import { describe, expect, it } from 'vitest';
import { decide, type ThrottlePolicy } from './throttles.models.js';

const limit: ThrottlePolicy = { kind: 'limit', limit: 3, windowMs: 60_000 };
const backoff: ThrottlePolicy = { kind: 'backoff', free: 2, windowMs: 60_000, baseDelayMs: 1000, maxDelayMs: 8000 };

describe('throttle decisions', () => {
  it('a limit lets attempts through until the window holds the limit', () => {
    expect(decide({ policy: limit, hits: [1000, 2000], now: 3000 }).allowed).toBe(true);
    expect(decide({ policy: limit, hits: [1000, 2000, 2500], now: 3000 })).toEqual({ allowed: false, retryAfterMs: 58_000 });
  });

  it('attempts older than the window no longer count', () => {
    expect(decide({ policy: limit, hits: [1000, 2000, 2500], now: 61_001 }).allowed).toBe(true);
  });

  it('the wait is until the oldest of the last `limit` attempts leaves the window, and at least a second', () => {
    expect(decide({ policy: limit, hits: [10_000, 5_000, 20_000, 30_000], now: 40_000 }).retryAfterMs).toBe(30_000);
    expect(decide({ policy: limit, hits: [0, 0, 100], now: 59_999 }).retryAfterMs).toBe(1000);
  });

  it('a backoff passes the free attempts, then asks for a delay that doubles from the last attempt', () => {
    expect(decide({ policy: backoff, hits: [0], now: 0 }).allowed).toBe(true);
    // Two free attempts spent: the third waits 1 s after the second.
    expect(decide({ policy: backoff, hits: [0, 100], now: 600 })).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(decide({ policy: backoff, hits: [0, 100], now: 1100 }).allowed).toBe(true);
    // Four extra attempts: 16 s, capped at 8 s.
    expect(decide({ policy: backoff, hits: [0, 1, 2, 3, 4, 5], now: 7000 }).allowed).toBe(false);
    expect(decide({ policy: backoff, hits: [0, 1, 2, 3, 4, 5], now: 8005 }).allowed).toBe(true);
  });

  it('a backoff never refuses for longer than its cap, however many attempts came before', () => {
    const hits = Array.from({ length: 500 }, (_, i) => i);
    expect(decide({ policy: backoff, hits, now: 500 }).retryAfterMs).toBeLessThanOrEqual(8000);
  });
});
