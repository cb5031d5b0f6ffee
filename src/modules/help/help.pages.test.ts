import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { HELP_TOKENS } from './help.css.js';

describe('help center stylesheet', () => {
  it("uses the web app's colour tokens unchanged", () => {
    const appCss = fs.readFileSync(new URL('../../../web/src/styles.css', import.meta.url), 'utf8');
    expect(appCss).toContain(HELP_TOKENS);
  });
});

describe.each(TEST_DIALECTS)('help center pages on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Caller;

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, config: { publicUrl: 'https://help.example.test' } });
    admin = await signInAs(ctx, { role: 'admin' });
    const category = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/help/categories',
        headers: admin.headers,
        payload: { slug: 'licenses', titleEn: 'Licenses', titleRu: 'Лицензии' },
      })
    ).json();
    const section = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/help/sections',
        headers: admin.headers,
        payload: { categoryId: category.id, slug: 'renewal', titleEn: 'Renewal', titleRu: 'Продление' },
      })
    ).json();
    for (const payload of [
      {
        slug: 'renew-license',
        titleEn: 'How to renew a license',
        bodyEn: 'Open the **shop** & pay. See [backups](help:draft-one).',
        titleRu: 'Как продлить лицензию',
        bodyRu: 'Откройте магазин и оплатите.',
        status: 'published',
      },
      { slug: 'draft-one', titleEn: 'A draft about renewal', bodyEn: 'Not yet', status: 'draft' },
    ]) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/help/articles',
        headers: admin.headers,
        payload: { sectionId: section.id, ...payload },
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('an article page is plain HTML with title, description, canonical and language alternates, and no script', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/help/articles/renew-license?lang=en' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).toContain('<title>How to renew a license — Help center</title>');
    expect(res.body).toContain('<meta name="description" content="Open the shop &amp; pay. See backups.">');
    expect(res.body).toContain('<link rel="canonical" href="https://help.example.test/help/articles/renew-license?lang=en">');
    expect(res.body).toContain('hreflang="ru" href="https://help.example.test/help/articles/renew-license?lang=ru"');
    expect(res.body).toContain('<strong>shop</strong>');
    expect(res.body).toContain('href="/account"');
    expect(res.body).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    const ru = await ctx.app.inject({ method: 'GET', url: '/help/articles/renew-license', headers: { 'accept-language': 'ru-RU,ru;q=0.9' } });
    expect(ru.body).toContain('<h1>Как продлить лицензию</h1>');
    expect(ru.body).toContain('<html lang="ru">');
  });

  it('the home page lists published articles by category and section; drafts are nowhere', async () => {
    const home = await ctx.app.inject({ method: 'GET', url: '/help?lang=ru' });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<h2>Лицензии</h2>');
    expect(home.body).toContain('<h3>Продление</h3>');
    expect(home.body).toContain('href="/help/articles/renew-license?lang=ru"');
    expect(home.body).not.toContain('draft-one');
    expect((await ctx.app.inject({ method: 'GET', url: '/help/articles/draft-one' })).statusCode).toBe(404);
  });

  it('search works as a plain GET form in both languages', async () => {
    const en = await ctx.app.inject({ method: 'GET', url: '/help/search?q=renew&lang=en' });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('1 article for “renew”');
    expect(en.body).toContain('href="/help/articles/renew-license?lang=en"');
    const ru = await ctx.app.inject({ method: 'GET', url: `/help/search?q=${encodeURIComponent('продлить лицензию')}&lang=ru` });
    expect(ru.body).toContain('Как продлить лицензию');
    const none = await ctx.app.inject({ method: 'GET', url: '/help/search?q=zzzz&lang=en' });
    expect(none.body).toContain('Nothing found');
  });

  it('"Was this helpful?" is a form POST protected by a same-site cookie token, and counts in the stats', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/help/articles/renew-license?lang=en' });
    const cookie = page.cookies.find((c) => c.name === 'sd_help_csrf');
    expect(cookie?.sameSite).toBe('Strict');
    const token = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token).toBe(cookie?.value);
    const form = (csrf: string) => new URLSearchParams({ csrf, lang: 'en', helpful: 'no', comment: 'Missing the price' }).toString();
    const forged = await ctx.app.inject({
      method: 'POST',
      url: '/help/articles/renew-license/feedback',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(token!),
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('help.csrf_invalid');
    const sent = await ctx.app.inject({
      method: 'POST',
      url: '/help/articles/renew-license/feedback',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sd_help_csrf=${cookie!.value}` },
      payload: form(token!),
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/help/articles/renew-license?lang=en&feedback=thanks');
    const stored = await ctx.deps.db.selectFrom('help_feedback').selectAll().execute();
    expect(stored).toEqual([expect.objectContaining({ is_helpful: 0, comment: 'Missing the price', language: 'en', user_id: null })]);
    const stats = (await ctx.app.inject({ method: 'GET', url: '/api/v1/help/stats', headers: admin.headers })).json();
    expect(stats.leastHelpful).toEqual([expect.objectContaining({ slug: 'renew-license', helpful: 0, unhelpful: 1 })]);
    expect(stats.mostViewed[0]).toMatchObject({ slug: 'renew-license' });
    expect(stats.mostViewed[0].views).toBeGreaterThanOrEqual(3);
  });

  it('an image uploaded to the attachment store is served while a published article shows it, and is never purged as unattached', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
    const adminUser = (await ctx.deps.db.selectFrom('users').selectAll().where('id', '=', admin.userId).executeTakeFirstOrThrow())!;
    const upload = async () =>
      (
        await ctx.deps.attachments.upload({
          actor: adminUser,
          fileName: 'shot.png',
          content: (async function* () {
            yield png;
          })(),
        })
      ).attachment;
    const shown = await upload();
    const loose = await upload();
    const article = await ctx.deps.db.selectFrom('help_articles').selectAll().where('slug', '=', 'renew-license').executeTakeFirstOrThrow();
    const saved = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/help/articles/${article.id}`,
      headers: admin.headers,
      payload: { bodyEn: `${article.body_en}\n\n![The shop](attachment:${shown.id})` },
    });
    expect(saved.statusCode).toBe(200);
    const page = await ctx.app.inject({ method: 'GET', url: '/help/articles/renew-license?lang=en' });
    expect(page.body).toContain(`<img src="/help/images/${shown.id}" alt="The shop" />`);
    const image = await ctx.app.inject({ method: 'GET', url: `/help/images/${shown.id}` });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(png)).toBe(true);
    expect((await ctx.app.inject({ method: 'GET', url: `/help/images/${loose.id}` })).statusCode).toBe(404);

    ctx.clock.advance(2 * 24 * 3600 * 1000);
    await ctx.deps.attachments.purgeOrphans();
    expect((await ctx.app.inject({ method: 'GET', url: `/help/images/${shown.id}` })).statusCode).toBe(200);
    expect(await ctx.deps.db.selectFrom('attachments').select('id').where('id', '=', loose.id).executeTakeFirst()).toBeUndefined();
  });

  it('the sitemap lists each published language version', async () => {
    for (const url of ['/sitemap.xml', '/help/sitemap.xml']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.headers['content-type']).toContain('application/xml');
      expect(res.body).toContain('<loc>https://help.example.test/help/articles/renew-license?lang=en</loc>');
      expect(res.body).toContain('<loc>https://help.example.test/help/articles/renew-license?lang=ru</loc>');
      expect(res.body).not.toContain('draft-one');
    }
  });
});
