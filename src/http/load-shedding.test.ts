import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/server.js';
import { createLoadShedder, type LoadShedder } from './load-shedding.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  url: string,
  { method = 'GET', body, headers = {} }: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function expectOverloaded(answer: Answer): void {
  expect(answer.status).toBe(503);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
  expect(JSON.parse(answer.body)).toMatchObject({ status: 503, code: 'server.overloaded' });
}

describe('load shedding', () => {
  let server: http.Server | undefined;
  let shedder: LoadShedder | undefined;
  afterEach(async () => {
    shedder?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** A server whose requests wait until released, so "in flight" is exact. */
  async function startHolding(options: { maxInFlight: number; maxEventLoopDelayMs: number; sampleMs?: number }) {
    const held: http.ServerResponse[] = [];
    shedder = createLoadShedder(options);
    server = http.createServer(
      shedder.wrap((req, res) => {
        if (req.url === '/hold') held.push(res);
        else res.end('ok');
      }),
    );
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    const waitHeld = async (n: number) => expect.poll(() => held.length).toBe(n);
    return { url, held, waitHeld };
  }

  it('past the bound of requests in flight, a new request is answered 503 server.overloaded at once; health checks and sign-ins still pass', async () => {
    const { url, held, waitHeld } = await startHolding({ maxInFlight: 2, maxEventLoopDelayMs: 0 });
    const first = [request(`${url}/hold`), request(`${url}/hold`)];
    await waitHeld(2);
    expectOverloaded(await request(`${url}/api/v1/tickets`));
    expect((await request(`${url}/healthz`)).status).toBe(200);
    expect((await request(`${url}/readyz`)).status).toBe(200);
    expect((await request(`${url}/api/v1/auth/sign-in`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect(shedder!.stats()).toMatchObject({ inFlight: 2, shed: 1 });
    // Once one finishes, the next one is admitted.
    held.shift()!.end('done');
    expect((await first[0]!).status).toBe(200);
    expect((await request(`${url}/api/v1/tickets`)).status).toBe(200);
    held.shift()!.end('done');
    await first[1];
    expect(shedder!.stats().inFlight).toBe(0);
  });

  it('sign-ins have a lane of their own, bounded too', async () => {
    const { url, held, waitHeld } = await startHolding({ maxInFlight: 1, maxEventLoopDelayMs: 0 });
    const pending = [request(`${url}/hold`)];
    await waitHeld(1);
    // The lane holds max(4, bound / 4) sign-ins; sign-ins here are answered at once, so all pass.
    const signIns = await Promise.all(Array.from({ length: 6 }, () => request(`${url}/api/v1/auth/sign-in`, { method: 'POST', body: '{}' })));
    expect(signIns.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    held.shift()!.end();
    await Promise.all(pending);
  });

  it('while the event loop lags past its bound, requests past the few it still admits are shed; once it recovers they pass again', async () => {
    const { url } = await startHolding({ maxInFlight: 0, maxEventLoopDelayMs: 40, sampleMs: 20 });
    expect((await request(`${url}/api/v1/tickets`)).status).toBe(200);
    // A stretch of busy turns, as 200 busy clients make: the loop is held for 60 ms at a time.
    const busyUntil = Date.now() + 600;
    await new Promise<void>((resolve) => {
      const spin = () => {
        const started = performance.now();
        while (performance.now() - started < 60);
        if (Date.now() < busyUntil) setImmediate(spin);
        else resolve();
      };
      spin();
    });
    const burst = await Promise.all(Array.from({ length: 10 }, () => request(`${url}/api/v1/tickets`)));
    const refused = burst.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expectOverloaded(refused[0]!);
    expect((await request(`${url}/healthz`)).status).toBe(200);
    await expect.poll(async () => (await request(`${url}/api/v1/tickets`)).status, { timeout: 10_000, interval: 50 }).toBe(200);
  });

  it('with the delay check off, only the bound of requests in flight applies, however many requests pass', async () => {
    const { url } = await startHolding({ maxInFlight: 4, maxEventLoopDelayMs: 0 });
    for (let i = 0; i < 300; i++) expect((await request(`${url}/api/v1/tickets`)).status).toBe(200);
    expect(shedder!.stats().shed).toBe(0);
  });

  it('off (both bounds 0) it lets everything through', async () => {
    const { url, held, waitHeld } = await startHolding({ maxInFlight: 0, maxEventLoopDelayMs: 0 });
    const pending = Array.from({ length: 5 }, () => request(`${url}/hold`));
    await waitHeld(5);
    expect((await request(`${url}/api/v1/tickets`)).status).toBe(200);
    for (const res of held.splice(0)) res.end();
    await Promise.all(pending);
  });
});

describe('load shedding in the app', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('a request whose body is still arriving fills a bound of one: API requests get 503 server.overloaded, health and sign-in do not', async () => {
    server = await startTestServer({ dialect: 'sqlite', config: { maxInFlight: 1, maxEventLoopDelayMs: 0 } });
    const url = server.url;
    // Fastify reads a JSON body whole before anything else: until it has, the request is in flight.
    const slow = http.request(`${url}/api/v1/tickets`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': '1000' },
    });
    slow.on('error', () => undefined);
    slow.write('{"kind": ');
    await expect.poll(async () => (await request(`${url}/api/v1/tickets`)).status).toBe(503);
    expectOverloaded(await request(`${url}/api/v1/tickets`));
    expect((await request(`${url}/healthz`)).status).toBe(200);
    expect((await request(`${url}/readyz`)).status).toBe(200);
    const signIn = await request(`${url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.test', password: 'wrong password here' }),
    });
    expect(signIn.status).toBe(401);
    slow.destroy();
    await expect.poll(async () => (await request(`${url}/api/v1/tickets`)).status).toBe(401);
  });
});
