import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, tokenFor, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

describe.each(TEST_DIALECTS)('help center API on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Caller;
  let agent: Caller;
  let customer: Caller;
  let sectionId: string;

  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    admin = await signInAs(ctx, { role: 'admin', name: 'Irina Admin' });
    agent = await signInAs(ctx, { role: 'agent', name: 'Oleg' });
    customer = await customerWith(ctx, 'fresh');
    const category = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/help/categories',
      headers: admin.headers,
      payload: { slug: 'getting-started', titleEn: 'Getting started', titleRu: 'Начало работы' },
    });
    expect(category.statusCode).toBe(201);
    const section = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/help/sections',
      headers: admin.headers,
      payload: { categoryId: category.json().id, slug: 'install', titleEn: 'Installation', titleRu: 'Установка' },
    });
    expect(section.statusCode).toBe(201);
    sectionId = section.json().id;
  });
  afterAll(async () => {
    await ctx.close();
  });

  const create = (headers: Record<string, string>, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/help/articles', headers, payload: { sectionId, ...payload } });
  const patch = (headers: Record<string, string>, id: string, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/v1/help/articles/${id}`, headers, payload });
  const search = (q: string, headers: Record<string, string> = {}, language = 'en') =>
    ctx.app.inject({ method: 'GET', url: `/api/v1/help/search?q=${encodeURIComponent(q)}&language=${language}&limit=5`, headers });

  it('an admin writes an article in both languages, publishes it, and readers find it in either language', async () => {
    const created = await create(admin.headers, {
      slug: 'backup-before-update',
      titleEn: 'Back up the catalogue before an update',
      bodyEn: 'Make a **backup** of the catalogue first.\n\n```sh\nbackup --all\n```',
      titleRu: 'Резервная копия каталога перед обновлением',
      bodyRu: 'Сначала сделайте резервную копию каталога.',
    });
    expect(created.statusCode).toBe(201);
    const article = created.json();
    expect(article).toMatchObject({ status: 'draft', visibility: 'public', url: '/help/articles/backup-before-update' });
    expect((await search('backup')).json().items).toEqual([]); // drafts are not searchable

    const published = await patch(admin.headers, article.id, { status: 'published' });
    expect(published.statusCode).toBe(200);
    expect(published.json().publishedAt).not.toBeNull();

    const en = (await search('backup catalog')).json().items;
    expect(en).toEqual([
      expect.objectContaining({ slug: 'backup-before-update', language: 'en', isFallback: false, title: 'Back up the catalogue before an update' }),
    ]);
    const ru = (await search('резервной копии', {}, 'ru')).json().items;
    expect(ru).toEqual([expect.objectContaining({ slug: 'backup-before-update', language: 'ru', title: 'Резервная копия каталога перед обновлением' })]);
    expect((await search('nonexistentword')).json().items).toEqual([]);
  });

  it('a reader gets the other language with a note when theirs is missing', async () => {
    const article = (
      await create(admin.headers, { slug: 'only-russian', status: 'published', titleRu: 'Только по-русски: лицензия', bodyRu: 'Текст о лицензии.' })
    ).json();
    const hits = (await search('лицензия', {}, 'en')).json().items;
    expect(hits).toEqual([expect.objectContaining({ id: article.id, language: 'ru', isFallback: true })]);
    const page = await ctx.app.inject({ method: 'GET', url: '/help/articles/only-russian?lang=en' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('not available in English yet');
    expect(page.body).toContain('<article class="card" lang="ru">');
  });

  it('every change is a revision with who and when, and restoring one brings the text back as a new revision', async () => {
    const article = (await create(agent.headers, { slug: 'revisions-demo', titleEn: 'First title', bodyEn: 'First body' })).json();
    await patch(admin.headers, article.id, { titleEn: 'Second title', bodyEn: 'Second body' });
    const revisions = (await ctx.app.inject({ method: 'GET', url: `/api/v1/help/articles/${article.id}/revisions`, headers: agent.headers })).json().items;
    expect(revisions.map((r: { authorName: string }) => r.authorName)).toEqual(['Irina Admin', 'Oleg']);
    const first = revisions[1];
    const restored = await ctx.app.inject({ method: 'POST', url: `/api/v1/help/articles/${article.id}/revisions/${first.id}/restore`, headers: agent.headers });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ titleEn: 'First title', bodyEn: 'First body' });
    const after = (await ctx.app.inject({ method: 'GET', url: `/api/v1/help/articles/${article.id}/revisions`, headers: agent.headers })).json().items;
    expect(after).toHaveLength(3);
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/help/articles/${article.id}/revisions/00000000-0000-4000-8000-000000000000/restore`,
      headers: agent.headers,
    });
    expect(unknown.json().code).toBe('help.revision_not_found');
  });

  it('customers cannot edit; an admin can restrict editing to admins; tokens need the help:write scope', async () => {
    const refused = await create(customer.headers, { titleEn: 'Mine' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('auth.forbidden');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/help/articles', headers: customer.headers })).statusCode).toBe(403);

    const restrict = await ctx.app.inject({ method: 'PUT', url: '/api/v1/help/settings', headers: agent.headers, payload: { editors: 'admins' } });
    expect(restrict.statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'PUT', url: '/api/v1/help/settings', headers: admin.headers, payload: { editors: 'admins' } })).statusCode).toBe(
      200,
    );
    const agentTry = await create(agent.headers, { titleEn: 'Agent article' });
    expect(agentTry.statusCode).toBe(403);
    expect(agentTry.json().code).toBe('help.editors_admins_only');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/help/settings', headers: agent.headers })).json()).toEqual({
      editors: 'admins',
      canEdit: false,
    });
    await ctx.app.inject({ method: 'PUT', url: '/api/v1/help/settings', headers: admin.headers, payload: { editors: 'staff' } });

    const writer = await tokenFor(ctx, { role: 'agent', scopes: ['help:write'] });
    const viaToken = await create(writer.headers, { titleEn: 'From the docs importer', bodyEn: 'Hello' });
    expect(viaToken.statusCode).toBe(201);
    expect(viaToken.json().slug).toBe('from-the-docs-importer');
    const otherScope = await tokenFor(ctx, { role: 'admin', scopes: ['licenses:read'] });
    const denied = await create(otherScope.headers, { titleEn: 'Nope' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('auth.scope_denied');
  });

  it('slugs are unique, and an article needs a title in some language', async () => {
    await create(admin.headers, { slug: 'taken-slug', titleEn: 'One' });
    const again = await create(admin.headers, { slug: 'taken-slug', titleEn: 'Two' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('help.slug_taken');
    const untitled = await create(admin.headers, { slug: 'untitled', bodyEn: 'text' });
    expect(untitled.statusCode).toBe(400);
    expect(untitled.json().code).toBe('help.title_required');
    const badSection = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/help/articles',
      headers: admin.headers,
      payload: { sectionId: '00000000-0000-4000-8000-000000000000', titleEn: 'x' },
    });
    expect(badSection.json().code).toBe('help.section_not_found');
  });

  it('articles for signed-in customers only are hidden from anonymous readers and search', async () => {
    await create(admin.headers, { slug: 'members-guide', status: 'published', visibility: 'customers', titleEn: 'Members guide to zebrafish' });
    expect((await search('zebrafish')).json().items).toEqual([]);
    expect((await search('zebrafish', customer.headers)).json().items).toHaveLength(1);
    expect((await ctx.app.inject({ method: 'GET', url: '/help/articles/members-guide' })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/help/articles/members-guide', headers: { cookie: customer.headers.cookie! } })).statusCode).toBe(200);
  });

  it('opening a suggested article and leaving the form counts one avoided request; sending does not', async () => {
    const article = (await create(admin.headers, { slug: 'deflect-me', status: 'published', titleEn: 'Reset your password' })).json();
    const deflect = (caller: Caller, payload: Record<string, unknown>) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/help/deflections', headers: caller.headers, payload });
    const visit = '11111111-1111-4111-8111-111111111111';
    expect((await deflect(customer, { visitId: visit, kind: 'opened', articleId: article.id })).json()).toEqual({ counted: true });
    expect((await deflect(customer, { visitId: visit, kind: 'abandoned' })).json()).toEqual({ counted: true });
    expect((await deflect(customer, { visitId: visit, kind: 'abandoned' })).json()).toEqual({ counted: true }); // repeated: still one
    // A visit that opened nothing is not an avoided request.
    expect((await deflect(customer, { visitId: '22222222-2222-4222-8222-222222222222', kind: 'abandoned' })).json()).toEqual({ counted: false });
    expect((await deflect(agent, { visitId: visit, kind: 'abandoned' })).statusCode).toBe(403);

    const stats = await ctx.app.inject({ method: 'GET', url: '/api/v1/help/stats', headers: agent.headers });
    expect(stats.statusCode).toBe(200);
    expect(stats.json()).toMatchObject({ requestsAvoided: 1, visitsWithSuggestionOpened: 1 });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/help/stats', headers: customer.headers })).statusCode).toBe(403);
  });

  it("a draft from an agent's reply is in the customer's language with secrets masked", async () => {
    const ticket = (await openTicket(ctx, customer)).json();
    const reply = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Clear the cache. Use password: hunter2secret to sign in to the demo.' },
    });
    expect(reply.statusCode).toBe(201);
    const draft = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/help/drafts-from-reply',
      headers: agent.headers,
      payload: { messageId: reply.json().message.id, sectionId },
    });
    expect(draft.statusCode).toBe(201);
    expect(draft.json()).toMatchObject({ status: 'draft', titleEn: 'Catalog page shows an error' });
    expect(draft.json().bodyEn).toContain('Clear the cache.');
    expect(draft.json().bodyEn).not.toContain('hunter2secret');
    const customersOwn = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: customer.headers })).json();
    const customerMessage = customersOwn.messages?.find((m: { authorRole?: string }) => m.authorRole === 'customer');
    if (customerMessage) {
      const refused = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/help/drafts-from-reply',
        headers: agent.headers,
        payload: { messageId: customerMessage.id, sectionId },
      });
      expect(refused.json().code).toBe('help.reply_not_found');
    }
  });

  it('the preview renders Markdown safely: no script, internal links and code blocks kept', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/help/preview',
      headers: agent.headers,
      payload: {
        markdown: 'See [backups](help:backup-before-update).\n\n<script>alert(1)</script>\n\n```js\nlet a = 1;\n```\n\n![x](https://evil.test/x.png)',
      },
    });
    const { html } = res.json();
    expect(html).toContain('href="/help/articles/backup-before-update"');
    expect(html).toContain('<pre><code class="language-js">');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('evil.test');
  });
});
