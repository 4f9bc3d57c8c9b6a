/** A clock the test moves by hand, for `config.now` (conversation expiry, admin sessions). */
export interface FakeClock {
  now(): number;
  /** Moves the clock on by `ms` and returns the new time. */
  advance(ms: number): number;
  set(at: number): void;
}

export function fakeClock(start = Date.now()): FakeClock {
  let at = start;
  return {
    now: () => at,
    advance: (ms) => (at += ms),
    set: (time) => void (at = time),
  };
}
