/** The one source of "now" in the application. Everything that needs the time receives a clock. */
export interface Clock {
  now(): number;
}

/**
 * A clock that runs in real time, optionally starting at a given instant (SUPPORTDESK_NOW):
 * it keeps the offset between that instant and the machine's time, so time still advances.
 */
export function createClock({ startAt }: { startAt?: number } = {}): Clock {
  const offset = startAt === undefined ? 0 : startAt - Date.now();
  return { now: () => Date.now() + offset };
}

/** A clock that only moves when told to; for tests. */
export function createManualClock(startAt: number): Clock & { set(at: number): void; advance(ms: number): void } {
  let current = startAt;
  return {
    now: () => current,
    set: (at) => {
      current = at;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
