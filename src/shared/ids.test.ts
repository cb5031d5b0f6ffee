import { describe, expect, it } from 'vitest';
import { createId } from './ids.js';

describe('ids', () => {
  it('are UUIDv7 strings that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => createId(1_800_000_000_000));
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carry their millisecond in the first 48 bits', () => {
    const id = createId(1_900_000_000_000);
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(1_900_000_000_000);
  });
});
