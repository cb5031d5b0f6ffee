import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.js';

// The routes a shop builds on show an example of what they take and answer (docs/INTEGRATING.md).
describe('the OpenAPI document', () => {
  let ctx: TestContext;
  let doc: { paths: Record<string, Record<string, unknown>> };
  beforeAll(async () => {
    ctx = await createTestContext({ dialect: 'sqlite' });
    doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it.each([
    ['post', '/api/v1/tickets', 'requestBody'],
    ['post', '/api/v1/tickets', 'responses'],
    ['put', '/api/v1/licenses/{key}', 'requestBody'],
    ['patch', '/api/v1/licenses/{key}', 'requestBody'],
    ['post', '/api/v1/webhooks', 'requestBody'],
    ['post', '/api/v1/webhooks', 'responses'],
    ['get', '/api/v1/webhooks/{id}', 'responses'],
    ['put', '/api/v1/webhooks/settings', 'requestBody'],
    ['post', '/api/v1/mail/inbound', 'responses'],
  ])('%s %s has examples in its %s', (method, path, part) => {
    const operation = doc.paths[path]?.[method] as Record<string, unknown> | undefined;
    expect(operation, `${method} ${path}`).toBeDefined();
    // @fastify/swagger turns a schema's one example into the media type's `example`.
    expect(JSON.stringify(operation![part])).toMatch(/"examples?":/);
  });

  it('documents 412 on conditional PATCHes and the raw mail body of the inbound route', () => {
    for (const path of ['/api/v1/tickets/{id}', '/api/v1/licenses/{key}'])
      expect(Object.keys((doc.paths[path]!.patch as { responses: object }).responses)).toContain('412');
    const inbound = doc.paths['/api/v1/mail/inbound']!.post as { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(inbound.requestBody.content)).toEqual(['message/rfc822']);
  });
});
