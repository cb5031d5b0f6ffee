import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, tokenFor, type TestContext } from '../../../test/app.js';
import { runCli } from '../../../test/cli.js';
import { rawMail } from '../../../test/mail.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

// The real binary on a SQLite file shared with the test's app: what a local MTA's pipe runs.
// mail.inbound.test.ts runs every inbound case through the command's body on both databases.
describe('a raw mail posted to the inbound route and piped to `supportdesk mail ingest`', () => {
  let dataDir: string;
  let ctx: TestContext;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supportdesk-ingest-'));
    ctx = await createTestContext({ dialect: 'sqlite', sqlitePath: path.join(dataDir, 'supportdesk.sqlite'), config: { dataDir } });
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (args: string[], stdin?: string) =>
    runCli(['mail', 'ingest', ...args], {
      env: { SUPPORTDESK_DATA_DIR: dataDir, DATABASE_URL: '', SUPPORTDESK_NOW: new Date(ctx.clock.now()).toISOString() },
      stdin,
    });

  it('both become the same customer reply on the right ticket, and the same message twice makes one message', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer, { subject: 'Cache' })).json();
    const reply = (id: string) =>
      rawMail({
        headers: { From: customer.email, To: 'support@example.test', Subject: `Re: [#${ticket.number}] Cache`, 'Message-ID': id },
        body: 'It works after clearing the cache.\n\nOn Fri, Support <support@example.test> wrote:\n> Clear the cache.',
      });
    const token = (await tokenFor(ctx, { role: 'admin', scopes: ['mail:inbound'] })).headers;
    const post = (raw: Buffer) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/mail/inbound', headers: { ...token, 'content-type': 'message/rfc822' }, payload: raw });

    const posted = await post(reply('<via-http@client.example.test>'));
    expect(posted.statusCode).toBe(200);
    expect(posted.json()).toEqual({ outcome: 'reply_added', ticketId: ticket.id });

    const file = path.join(dataDir, 'reply.eml');
    fs.writeFileSync(file, reply('<via-pipe@client.example.test>'));
    const piped = await cli([], fs.readFileSync(file, 'latin1'));
    expect(piped).toMatchObject({ code: 0, stdout: `-\treply_added\t${ticket.id}\n` });

    // Again, by file and by both doors: nothing new.
    const again = await cli([file]);
    expect(again).toMatchObject({ code: 0, stdout: `${file}\tduplicate\n` });
    expect((await post(reply('<via-pipe@client.example.test>'))).json()).toEqual({ outcome: 'duplicate', ticketId: null });
    expect((await cli([], reply('<via-http@client.example.test>').toString('latin1'))).stdout).toBe('-\tduplicate\n');

    const messages = await ctx.deps.db
      .selectFrom('ticket_messages')
      .select(['body', 'author_id', 'author_role', 'source', 'external_id'])
      .where('ticket_id', '=', ticket.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const reply1 = { body: 'It works after clearing the cache.', author_id: customer.userId, author_role: 'customer', source: 'mail' };
    expect(messages.slice(1)).toEqual([
      { ...reply1, external_id: '<via-http@client.example.test>' },
      { ...reply1, external_id: '<via-pipe@client.example.test>' },
    ]);
  });

  it('a missing file or a bad kind stops with a line naming it, and nothing is read', async () => {
    const missing = await cli([path.join(dataDir, 'nope.eml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
    const badKind = await cli(['--kind', 'spam']);
    expect(badKind.code).toBe(1);
    expect(badKind.stderr).toContain('--kind must be one of');
  });
});
