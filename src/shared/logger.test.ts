import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTestContext, signInAs, tokenFor } from '../../test/app.js';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, logger: createLogger({ level: 'trace', destination }) };
}

describe('secrets never reach the log', () => {
  it('credential headers are redacted wherever a library logs a copy of the headers', () => {
    const { lines, logger } = capture();
    const headers = {
      authorization: 'Bearer sdt_SECRET1',
      cookie: 'sd_session=SECRET2',
      'x-csrf-token': 'SECRET3',
      'set-cookie': 'sd_session=SECRET4',
      host: 'x',
    };
    logger.trace({ busboyOptions: { headers } }, 'multipart');
    logger.trace({ req: { headers } }, 'request');
    logger.trace({ anything: { nested: { headers } } }, 'nested');
    logger.trace({ headers }, 'bare');
    const all = lines.join('');
    for (const secret of ['SECRET1', 'SECRET2', 'SECRET3', 'SECRET4']) expect(all).not.toContain(secret);
    expect(all).toContain('"host":"x"');
  });

  it('at trace level an upload logs no bearer token, session cookie or CSRF token', async () => {
    const ctx = await createTestContext({ dialect: 'sqlite', config: { logLevel: 'trace' } });
    try {
      const customer = await signInAs(ctx, { role: 'customer' });
      const token = await tokenFor(ctx, { role: 'agent' });
      const boundary = 'B0undary';
      const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`;
      for (const headers of [customer.headers, token.headers]) {
        const res = await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/attachments',
          headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload,
        });
        expect(res.statusCode).toBe(201);
      }
      const secrets = [customer.headers.cookie!.split('=')[1]!, customer.headers['x-csrf-token']!, token.headers.authorization!.split(' ')[1]!];
      const all = ctx.logs.join('');
      expect(all).toContain('busboyOptions');
      for (const secret of secrets) expect(all).not.toContain(secret);
    } finally {
      await ctx.close();
    }
  });
});
