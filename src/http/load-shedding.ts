import http from 'node:http';

export interface LoadSheddingOptions {
  /** Requests handled at once (open event streams not counted); past it new ones get 503. 0: no bound. */
  maxInFlight: number;
  /** Event-loop delay (ms) past which new requests get 503 until it falls again. 0: not measured. */
  maxEventLoopDelayMs: number;
  retryAfterSeconds?: number;
  /** How often the event-loop delay is sampled (ms). */
  sampleMs?: number;
}

/** Always answered: monitors and load balancers must see the truth, not a shed 503. */
const NEVER_SHED = new Set(['/healthz', '/readyz']);
/** Answered ahead of other work, within a lane of their own: people must be able to sign in. */
const PRIORITY = new Set(['POST /api/v1/auth/sign-in']);
/** Long-lived: holds no work while open, so it does not count towards the bound. */
const LONG_LIVED = new Set(['/api/v1/events']);

export const OVERLOADED_CODE = 'server.overloaded';

export interface LoadShedder {
  /** Wraps the app's request handler: shed requests never reach it. */
  wrap(handler: http.RequestListener): http.RequestListener;
  stop(): void;
  /** For the status line and tests: requests being handled, and the smoothed event-loop delay. */
  stats(): { inFlight: number; priorityInFlight: number; eventLoopDelayMs: number; shed: number; allowedPerSample: number };
}

/**
 * Sheds load early under overload: once `maxInFlight` requests are being handled, or more requests
 * arrive per turn of the event loop than it can serve without lagging past `maxEventLoopDelayMs`,
 * a new request is answered 503 `server.overloaded` with Retry-After before it reaches the app (no
 * routing, no session, no database: microseconds).
 *
 * Why it matters: Node accepts one new connection per turn of its event loop, and every turn also
 * serves every busy keep-alive client. Unbounded, 200 busy clients made turns of a second or more,
 * and a fresh connection (a health check, a sign-in) waited for dozens of turns. Bounded, the admitted
 * work per turn stays small and a turn stays short. Health checks are never shed; sign-ins have a lane
 * of their own (a quarter of the bound) and ignore the delay. The connection is kept open: a client
 * sent to reconnect would only queue ahead of fresh connections.
 */
export function createLoadShedder({ maxInFlight, maxEventLoopDelayMs, retryAfterSeconds = 2, sampleMs = 50 }: LoadSheddingOptions): LoadShedder {
  const isOn = maxInFlight > 0 || maxEventLoopDelayMs > 0;
  let inFlight = 0;
  let priorityInFlight = 0;
  let shed = 0;
  const priorityBound = Math.max(4, Math.ceil(maxInFlight / 4));
  // A timer that should fire every sampleMs: how late it fires is how long the loop was busy. The
  // lateness is smoothed (one slow query is not overload; a loop late turn after turn is), and a timer
  // overdue by twice the bound counts at once (the loop is busy right now).
  //
  // Requests admitted per sample are adapted to it (additive increase, multiplicative decrease): each
  // late sample halves the allowance, each timely one adds to it. Counting requests in flight is not
  // enough: with SQLite most requests start and finish within one turn of the loop, so what makes a
  // turn long is how many are admitted in it, not how many are open at once.
  let lagMs = 0;
  let expectedAt = performance.now() + sampleMs;
  let timer: NodeJS.Timeout | undefined;
  const maxPerSample = 1_000_000;
  let allowedPerSample = maxPerSample;
  let admittedThisSample = 0;
  const isLagging = () => maxEventLoopDelayMs > 0 && (lagMs > maxEventLoopDelayMs || performance.now() - expectedAt > 2 * maxEventLoopDelayMs);
  const isPastAllowance = () => maxEventLoopDelayMs > 0 && (admittedThisSample >= allowedPerSample || (isLagging() && admittedThisSample > 0));
  if (maxEventLoopDelayMs > 0) {
    const tick = () => {
      const now = performance.now();
      lagMs = 0.7 * lagMs + 0.3 * Math.max(0, now - expectedAt);
      if (isLagging()) allowedPerSample = Math.max(1, Math.floor(Math.min(allowedPerSample, admittedThisSample) / 2));
      else if (allowedPerSample < maxPerSample) allowedPerSample = allowedPerSample + Math.max(1, Math.ceil(allowedPerSample / 8));
      admittedThisSample = 0;
      expectedAt = now + sampleMs;
      timer = setTimeout(tick, sampleMs).unref();
    };
    timer = setTimeout(tick, sampleMs).unref();
  }

  const body = Buffer.from(
    JSON.stringify({
      type: `https://supportdesk.dev/problems/${OVERLOADED_CODE}`,
      title: 'The server is too busy right now. Try again in a few seconds.',
      status: 503,
      code: OVERLOADED_CODE,
      detail: 'The server is too busy right now. Try again in a few seconds.',
    }),
  );
  const headers = {
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': String(body.length),
    'retry-after': String(retryAfterSeconds),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };

  return {
    wrap(handler) {
      if (!isOn) return handler;
      return (req, res) => {
        const url = req.url ?? '/';
        const query = url.indexOf('?');
        const pathname = query === -1 ? url : url.slice(0, query);
        if (NEVER_SHED.has(pathname) || LONG_LIVED.has(pathname)) return handler(req, res);
        const isPriority = PRIORITY.has(`${req.method} ${pathname}`);
        const isFull = isPriority ? maxInFlight > 0 && priorityInFlight >= priorityBound : (maxInFlight > 0 && inFlight >= maxInFlight) || isPastAllowance();
        if (isFull) {
          shed++;
          // The body may still be arriving: drain it so the keep-alive connection stays usable.
          req.resume();
          res.writeHead(503, headers).end(body);
          return;
        }
        if (isPriority) priorityInFlight++;
        else {
          inFlight++;
          admittedThisSample++;
        }
        res.once('close', () => {
          if (isPriority) priorityInFlight--;
          else inFlight--;
        });
        handler(req, res);
      };
    },
    stop() {
      if (timer) clearTimeout(timer);
    },
    stats: () => ({ inFlight, priorityInFlight, eventLoopDelayMs: Math.round(lagMs), shed, allowedPerSample }),
  };
}
