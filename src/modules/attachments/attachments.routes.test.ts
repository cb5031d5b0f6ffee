import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, runDueJobs, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

const MAX_BYTES = 64 * 1024;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);

/** A multipart/form-data body as a browser sends it (file names as raw UTF-8). */
function multipart(files: { fileName: string; content: Buffer | string; type?: string }[], fields: Record<string, string> = {}) {
  const boundary = `----supportdesk${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.fileName}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(TEST_DIALECTS)('attachments through the API on %s', (dialect) => {
  let ctx: TestContext;
  let dataDir: string;
  let agent: Caller;
  let customer: Caller;
  let other: Caller;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supportdesk-attachments-'));
    ctx = await createTestContext({ dialect, config: { dataDir, attachmentMaxBytes: MAX_BYTES } });
    agent = await signInAs(ctx, { role: 'agent' });
    customer = await customerWith(ctx, 'fresh');
    other = await customerWith(ctx, 'fresh');
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function upload(caller: Caller, file: { fileName: string; content: Buffer | string; type?: string }) {
    const body = multipart([file]);
    return ctx.app.inject({ method: 'POST', url: '/api/v1/attachments', headers: { ...caller.headers, ...body.headers }, payload: body.payload });
  }

  function download(caller: Caller, id: string) {
    return ctx.app.inject({ method: 'GET', url: `/api/v1/attachments/${id}`, headers: caller.headers });
  }

  // Files on SQLite, rows on PostgreSQL: counted through the store the app uses.
  async function storedFiles(): Promise<string[]> {
    const found = [];
    for await (const entry of ctx.deps.attachmentStore.list()) found.push(entry.sha256);
    return found;
  }

  /** What unfinished uploads left: temporary files (SQLite) or temporary chunks (PostgreSQL). */
  async function leftovers(): Promise<string[]> {
    if (dialect === 'postgres') {
      const rows = await ctx.deps.db.selectFrom('attachment_blob_chunks').select('blob').where('blob', 'like', 'tmp:%').execute();
      return rows.map((r) => r.blob);
    }
    const tmp = path.join(dataDir, 'attachments', 'tmp');
    return fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
  }

  it('an upload attached to a new ticket downloads for its customer and agents, with safe headers, and is "not found" to another customer', async () => {
    const uploaded = await upload(customer, { fileName: 'error.log', content: 'PHP Fatal error: Allowed memory size exhausted\n', type: 'text/x-log' });
    expect(uploaded.statusCode).toBe(201);
    const attachment = uploaded.json();
    expect(attachment).toMatchObject({ fileName: 'error.log', contentType: 'text/plain', size: 47 });

    const created = await openTicket(ctx, customer, { attachmentIds: [attachment.id] });
    expect(created.statusCode).toBe(201);
    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${created.json().id}`, headers: customer.headers })).json();
    expect(detail.messages[0].attachments).toEqual([
      { id: attachment.id, fileName: 'error.log', contentType: 'text/plain', size: 47, url: `/api/v1/attachments/${attachment.id}` },
    ]);

    for (const caller of [customer, agent]) {
      const res = await download(caller, attachment.id);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('PHP Fatal error: Allowed memory size exhausted\n');
      expect(res.headers).toMatchObject({
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': `attachment; filename="error.log"; filename*=UTF-8''error.log`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': 'sandbox',
        'cache-control': 'private, no-store',
      });
    }
    const stranger = await download(other, attachment.id);
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json().code).toBe('attachments.not_found');
  });

  it("someone else's unattached upload can be neither attached nor downloaded; its uploader can download it", async () => {
    const uploaded = (await upload(customer, { fileName: 'screen.png', content: PNG })).json();
    const attached = await openTicket(ctx, other, { attachmentIds: [uploaded.id] });
    expect(attached.statusCode).toBe(404);
    expect(attached.json().code).toBe('tickets.attachment_not_found');
    for (const caller of [other, agent]) {
      const res = await download(caller, uploaded.id);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('attachments.not_found');
    }
    const own = await download(customer, uploaded.id);
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.equals(PNG)).toBe(true);
    expect(own.headers['content-type']).toBe('image/png');
  });

  it("an internal note's attachment is for agents only", async () => {
    const ticket = (await openTicket(ctx, customer)).json();
    const file = (await upload(agent, { fileName: 'notes.txt', content: 'The customer runs PHP 5.6.' })).json();
    const note = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'See the notes.', internal: true, attachmentIds: [file.id] },
    });
    expect(note.statusCode).toBe(201);
    expect((await download(agent, file.id)).statusCode).toBe(200);
    const hidden = await download(customer, file.id);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('attachments.not_found');
  });

  it('a file over the size limit is refused with 413 and leaves nothing behind; one at the limit is taken', async () => {
    const before = (await storedFiles()).length;
    const tooLarge = await upload(customer, { fileName: 'big.txt', content: Buffer.alloc(MAX_BYTES + 1, 'a') });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().code).toBe('attachments.too_large');
    expect(await storedFiles()).toHaveLength(before);
    expect(await leftovers()).toEqual([]);
    const atLimit = await upload(customer, { fileName: 'big.txt', content: Buffer.alloc(MAX_BYTES, 'a') });
    expect(atLimit.statusCode).toBe(201);
    expect(atLimit.json().size).toBe(MAX_BYTES);
  });

  it.each([
    ['an HTML page named .txt', 'readme.txt', '<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'],
    ['HTML further in a .log', 'server.log', `  \n${'x'.repeat(100)} <script src="https://evil.example/x.js"></script>`],
    ['a Windows program', 'setup.exe', Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0]), Buffer.alloc(100)])],
    ['an .exe header under a .txt name', 'invoice.txt', Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0]), Buffer.alloc(100)])],
    ['an SVG image', 'logo.svg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'],
    ['SVG under an .xml name', 'data.xml', '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['an HTML file', 'page.html', 'Hello, plain words only.'],
    ['text with an extension not on the list', 'script.php', 'echo 1;'],
    [
      'Latin-1 text that is not UTF-8',
      'notes.txt',
      Buffer.from([0x48, 0xe9, 0x6c, 0x6c, 0x6f, 0x20, 0x77, 0x6f, 0x72, 0x6c, 0x64, 0x20, 0x61, 0x67, 0x61, 0x69, 0x6e, 0x21]),
    ],
  ])('%s is refused with 415', async (_what, fileName, content) => {
    const res = await upload(customer, { fileName, content, type: 'text/plain' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('attachments.type_not_allowed');
  });

  it('the stored type comes from the bytes, not from the name or the claimed type', async () => {
    const res = await upload(customer, { fileName: 'photo.txt', content: PNG, type: 'text/html' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ fileName: 'photo.txt', contentType: 'image/png' });
    const csv = await upload(customer, { fileName: 'orders.CSV', content: 'id;sum\n1;100\n', type: 'application/octet-stream' });
    expect(csv.json().contentType).toBe('text/csv');
  });

  it('a Cyrillic file name comes back intact in Content-Disposition', async () => {
    const name = 'Скриншот ошибки (каталог).png';
    const uploaded = await upload(customer, { fileName: name, content: PNG });
    expect(uploaded.json().fileName).toBe(name);
    const res = await download(customer, uploaded.json().id);
    const disposition = res.headers['content-disposition'] as string;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    const encoded = /filename\*=UTF-8''(\S+)$/.exec(disposition)![1]!;
    expect(encoded).toMatch(/^[A-Za-z0-9%!#$&+\-.^_`|~]+$/); // RFC 5987 attr-chars only
    expect(decodeURIComponent(encoded)).toBe(name);
  });

  it('identical content is stored once however often it is uploaded', async () => {
    const content = `same bytes ${Math.random()}`;
    const before = (await storedFiles()).length;
    const first = (await upload(customer, { fileName: 'a.txt', content })).json();
    const second = (await upload(other, { fileName: 'b.txt', content })).json();
    expect(first.id).not.toBe(second.id);
    expect(await storedFiles()).toHaveLength(before + 1);
    expect((await download(other, second.id)).body).toBe(content);
  });

  it('asks for one file sent as multipart/form-data', async () => {
    const json = await ctx.app.inject({ method: 'POST', url: '/api/v1/attachments', headers: customer.headers, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('attachments.multipart_required');
    const noFile = multipart([], { note: 'hello' });
    const empty = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { ...customer.headers, ...noFile.headers },
      payload: noFile.payload,
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('attachments.file_required');
    const two = multipart([
      { fileName: 'a.txt', content: 'one' },
      { fileName: 'b.txt', content: 'two' },
    ]);
    const twice = await ctx.app.inject({ method: 'POST', url: '/api/v1/attachments', headers: { ...customer.headers, ...two.headers }, payload: two.payload });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().code).toBe('attachments.one_file_only');
    const cut = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { ...customer.headers, 'content-type': 'multipart/form-data; boundary=XX' },
      payload: '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello, the connection dro',
    });
    expect(cut.statusCode).toBe(400);
    expect(cut.json().code).toBe('attachments.malformed');
    expect(await leftovers()).toEqual([]);
    const anonymous = await ctx.app.inject({ method: 'POST', url: '/api/v1/attachments', ...multipart([{ fileName: 'a.txt', content: 'x' }]) });
    expect(anonymous.statusCode).toBe(401);
  });

  it('the daily purge drops uploads never attached and files no row refers to, and keeps attached ones', async () => {
    const kept = (await upload(customer, { fileName: 'kept.txt', content: `kept ${Math.random()}` })).json();
    await openTicket(ctx, customer, { attachmentIds: [kept.id] });
    const orphan = (await upload(customer, { fileName: 'orphan.txt', content: `orphan ${Math.random()}` })).json();
    const orphanRow = await ctx.deps.db.selectFrom('attachments').selectAll().where('id', '=', orphan.id).executeTakeFirstOrThrow();
    const stored = (sha256: string) => ctx.deps.attachmentStore.exists({ sha256 });
    expect(await stored(orphanRow.sha256)).toBe(true);

    ctx.clock.advance(23 * 3600_000);
    await ctx.deps.jobs.enqueue({ name: 'attachments.purge_orphans' });
    await runDueJobs(ctx);
    expect((await download(customer, orphan.id)).statusCode).toBe(200); // not a day old yet

    ctx.clock.advance(2 * 3600_000);
    await ctx.deps.jobs.enqueue({ name: 'attachments.purge_orphans' });
    await runDueJobs(ctx);
    expect((await download(customer, orphan.id)).statusCode).toBe(404);
    expect(await stored(orphanRow.sha256)).toBe(false);
    expect((await download(customer, kept.id)).statusCode).toBe(200);
    const job = await ctx.deps.db
      .selectFrom('jobs')
      .selectAll()
      .where('name', '=', 'attachments.purge_orphans')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(job.status).toBe('done');
  });
});
