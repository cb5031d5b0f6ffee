import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { HelpArticle } from '../../db/types.js';
import type { AppInstance } from '../../http/types.js';
import { isAppError } from '../../shared/errors.js';
import { pickLanguage } from '../accounts/accounts.models.js';
import { HELP_CSS } from './help.css.js';
import { helpErrors } from './help.errors.js';
import { esc, HELP_WORDS, layout } from './help.html.js';
import { pickTranslation, plainExcerpt, renderArticleHtml, type HelpLanguage } from './help.models.js';

const CSRF_COOKIE = 'sd_help_csrf';
const langQuery = z.object({ lang: z.enum(['en', 'ru']).optional().catch(undefined) });
const feedbackForm = z.object({
  csrf: z.string().max(200).default(''),
  helpful: z.enum(['yes', 'no']),
  comment: z.string().max(2000).optional(),
  lang: z.enum(['en', 'ru']).catch('en'),
});

function readerLanguage(request: FastifyRequest, asked: HelpLanguage | undefined): HelpLanguage {
  return asked ?? request.principal?.user.language ?? pickLanguage(request.headers['accept-language']);
}

const HTML_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff' };

/** The form's CSRF token: a random value in a SameSite=Strict cookie, echoed by the form (double submit). */
function csrfToken(request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{20,100}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  void reply.setCookie(CSRF_COOKIE, token, { path: '/help', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
  return token;
}

function isSameToken(a: string, b: string | undefined): boolean {
  if (!b || a.length !== b.length || a === '') return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * `/help`: the help center as plain server-rendered HTML (readable without JavaScript, indexable),
 * its search, the "Was this helpful?" form, the stylesheet and the sitemap.
 */
export function registerHelpPages(app: AppInstance, { helpReading, attachments, config }: Pick<AppDeps, 'helpReading' | 'attachments' | 'config'>): void {
  const base = config.publicUrl.replace(/\/+$/, '');
  const articleUrl = (slug: string, language: HelpLanguage) => `${base}/help/articles/${slug}?lang=${language}`;
  const alternatesOf = (a: HelpArticle) =>
    (['en', 'ru'] as const).filter((l) => (l === 'en' ? a.title_en : a.title_ru)).map((l) => ({ language: l, href: articleUrl(a.slug, l) }));
  const access = { public: true } as const;
  app.addHook('onClose', async () => helpReading.flushViews());

  function notFoundPage(reply: FastifyReply, { language, isSignedIn }: { language: HelpLanguage; isSignedIn: boolean }) {
    const w = HELP_WORDS[language];
    return reply
      .code(404)
      .headers(HTML_HEADERS)
      .send(
        layout({
          language,
          title: `${w.helpCenter}`,
          description: w.description,
          canonical: `${base}/help`,
          alternates: [],
          isSignedIn,
          noIndex: true,
          body: `<div class="card"><h1>${esc(w.notFound)}</h1><p><a href="/help?lang=${language}">${esc(w.home)}</a></p></div>`,
        }),
      );
  }

  app.get('/help/help.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.headers({ 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }).send(HELP_CSS),
  );

  app.get('/help', { config: { access }, schema: { hide: true, querystring: langQuery } }, async (request, reply) => {
    const language = readerLanguage(request, request.query.lang);
    const isSignedIn = request.principal !== null;
    const w = HELP_WORDS[language];
    const tree = await helpReading.tree({ isSignedIn });
    const title = (o: { title_en: string; title_ru: string }) => (language === 'ru' ? o.title_ru : o.title_en);
    const cards = tree.categories
      .map(
        (c) =>
          `<section class="card"><h2>${esc(title(c))}</h2>${c.sections
            .map(
              (s) =>
                `<h3>${esc(title(s))}</h3><ul>${s.articles
                  .map((a) => {
                    const t = pickTranslation(a, language);
                    return t ? `<li><a href="/help/articles/${esc(a.slug)}?lang=${language}">${esc(t.title)}</a></li>` : '';
                  })
                  .join('')}</ul>`,
            )
            .join('')}</section>`,
      )
      .join('\n');
    return reply.headers(HTML_HEADERS).send(
      layout({
        language,
        title: w.helpCenter,
        description: w.description,
        canonical: `${base}/help?lang=${language}`,
        alternates: (['en', 'ru'] as const).map((l) => ({ language: l, href: `${base}/help?lang=${l}` })),
        isSignedIn,
        body: `<h1>${esc(w.helpCenter)}</h1>${cards === '' ? `<p class="muted">${esc(w.empty)}</p>` : `<div class="grid">${cards}</div>`}`,
      }),
    );
  });

  app.get(
    '/help/search',
    { config: { access }, schema: { hide: true, querystring: langQuery.extend({ q: z.string().max(500).catch('') }) } },
    async (request, reply) => {
      const language = readerLanguage(request, request.query.lang);
      const isSignedIn = request.principal !== null;
      const w = HELP_WORDS[language];
      const q = request.query.q.trim();
      const found = q === '' ? [] : await helpReading.search({ query: q, isSignedIn, limit: 20 });
      const hits = found
        .map((a) => {
          const t = pickTranslation(a, language);
          if (!t) return '';
          return `<li><a href="/help/articles/${esc(a.slug)}?lang=${language}"${t.isFallback ? ` hreflang="${t.language}"` : ''}>${esc(t.title)}</a><br><span class="muted">${esc(plainExcerpt(t.body))}</span></li>`;
        })
        .join('');
      return reply.headers(HTML_HEADERS).send(
        layout({
          language,
          title: `${q} — ${w.helpCenter}`,
          description: w.description,
          canonical: `${base}/help/search?lang=${language}`,
          alternates: [],
          query: q,
          isSignedIn,
          noIndex: true,
          body: `<h1>${esc(w.results(found.length, q))}</h1>${found.length === 0 ? `<p>${esc(w.noResults)}</p>` : `<ol class="hits">${hits}</ol>`}`,
        }),
      );
    },
  );

  app.get(
    '/help/articles/:slug',
    {
      config: { access },
      schema: { hide: true, params: z.object({ slug: z.string().max(100) }), querystring: langQuery.extend({ feedback: z.string().optional() }) },
    },
    async (request, reply) => {
      const language = readerLanguage(request, request.query.lang);
      const isSignedIn = request.principal !== null;
      const w = HELP_WORDS[language];
      let found;
      try {
        found = await helpReading.readArticle({ slug: request.params.slug, isSignedIn });
      } catch (error) {
        if (isAppError(error) && error.status === 404) return notFoundPage(reply, { language, isSignedIn });
        throw error;
      }
      const { article, section, category } = found;
      const t = pickTranslation(article, language)!;
      const tw = HELP_WORDS[t.language];
      const sectionTitle = language === 'ru' ? section.title_ru : section.title_en;
      const categoryTitle = language === 'ru' ? category.title_ru : category.title_en;
      const feedback =
        request.query.feedback === 'thanks'
          ? `<p class="note" role="status">${esc(w.thanks)}</p>`
          : `<form class="feedback card" method="post" action="/help/articles/${esc(article.slug)}/feedback">
<input type="hidden" name="csrf" value="${esc(csrfToken(request, reply))}">
<input type="hidden" name="lang" value="${language}">
<fieldset><legend>${esc(w.helpful)}</legend>
<label><input type="radio" name="helpful" value="yes" required> ${esc(w.yes)}</label>
<label><input type="radio" name="helpful" value="no"> ${esc(w.no)}</label></fieldset>
<label for="help-comment">${esc(w.comment)}</label>
<textarea id="help-comment" name="comment" maxlength="2000"></textarea>
<p><button type="submit">${esc(w.send)}</button></p>
</form>`;
      const updated = new Date(article.updated_at).toISOString().slice(0, 10);
      return reply.headers({ ...HTML_HEADERS, 'cache-control': 'no-cache' }).send(
        layout({
          language,
          title: `${t.title} — ${tw.helpCenter}`,
          description: plainExcerpt(t.body) || w.description,
          canonical: articleUrl(article.slug, t.language),
          alternates: alternatesOf(article),
          isSignedIn,
          body: `<p class="crumbs"><a href="/help?lang=${language}">${esc(w.helpCenter)}</a> › ${esc(categoryTitle)} › ${esc(sectionTitle)}</p>
${t.isFallback ? `<p class="note" lang="${language}">${esc(w.fallback)}</p>` : ''}
<article class="card" lang="${t.language}"><h1>${esc(t.title)}</h1>
${renderArticleHtml(t.body)}
<p class="muted">${esc(w.updated)}: <time datetime="${updated}">${updated}</time></p></article>
${feedback}`,
        }),
      );
    },
  );

  // A plain form POST (works without JavaScript): the body is URL-encoded, parsed only in this scope.
  void app.register(async (plugin) => {
    plugin.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    plugin.post('/help/articles/:slug/feedback', { config: { access }, schema: { hide: true } }, async (request, reply) => {
      const { slug } = z.object({ slug: z.string().max(100) }).parse(request.params);
      const form = feedbackForm.safeParse(request.body ?? {});
      const language = form.success ? form.data.lang : readerLanguage(request, undefined);
      if (!form.success) return reply.redirect(`/help/articles/${encodeURIComponent(slug)}?lang=${language}`, 303);
      if (!isSameToken(form.data.csrf, request.cookies[CSRF_COOKIE])) throw helpErrors.csrfInvalid();
      try {
        await helpReading.recordFeedback({
          slug,
          isHelpful: form.data.helpful === 'yes',
          comment: form.data.comment ?? null,
          language,
          user: request.principal?.user ?? null,
        });
      } catch (error) {
        if (isAppError(error) && error.status === 404) return notFoundPage(reply, { language, isSignedIn: request.principal !== null });
        throw error;
      }
      return reply.redirect(`/help/articles/${encodeURIComponent(slug)}?lang=${language}&feedback=thanks`, 303);
    });
  });

  app.get('/help/images/:id', { config: { access }, schema: { hide: true, params: z.object({ id: z.uuid() }) } }, async (request, reply) => {
    const readable = await helpReading.isImageReadable({ attachmentId: request.params.id, isSignedIn: request.principal !== null });
    const opened = readable && (await attachments.openUnchecked({ attachmentId: request.params.id }));
    if (!readable || !opened) return notFoundPage(reply, { language: readerLanguage(request, undefined), isSignedIn: request.principal !== null });
    return reply
      .headers({
        'content-type': opened.attachment.content_type,
        'content-length': String(opened.attachment.size),
        'x-content-type-options': 'nosniff',
        'content-security-policy': 'sandbox',
        'cache-control': readable.isPublic ? 'public, max-age=3600' : 'private, max-age=3600',
      })
      .send(opened.stream);
  });

  const sitemap = async (_request: FastifyRequest, reply: FastifyReply) => {
    const tree = await helpReading.tree({ isSignedIn: false });
    const urls = [`${base}/help?lang=en`, `${base}/help?lang=ru`];
    for (const c of tree.categories) for (const s of c.sections) for (const a of s.articles) for (const alt of alternatesOf(a)) urls.push(alt.href);
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `<url><loc>${esc(u)}</loc></url>`).join('\n')}
</urlset>
`;
    return reply.headers({ 'content-type': 'application/xml; charset=utf-8' }).send(body);
  };
  app.get('/help/sitemap.xml', { config: { access }, schema: { hide: true } }, sitemap);
  app.get('/sitemap.xml', { config: { access }, schema: { hide: true } }, sitemap);
}
