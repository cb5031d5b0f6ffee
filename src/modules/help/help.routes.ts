import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { ADMINS, ALL_ROLES, getPrincipal, STAFF } from '../../http/principal.js';
import { noContent, problemResponses, uuidParam } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import type { HelpArticle, HelpCategory, HelpRevision, HelpSection } from '../../db/types.js';
import { pickLanguage } from '../accounts/accounts.models.js';
import { helpErrors } from './help.errors.js';
import { pickTranslation, plainExcerpt, renderArticleHtml, type ArticleSnapshot } from './help.models.js';
import {
  articleListQuery,
  articleSchema,
  createArticleBody,
  deflectionBody,
  deflectionResult,
  draftFromReplyBody,
  patchArticleBody,
  previewBody,
  previewSchema,
  revisionParams,
  revisionSchema,
  searchQuery,
  searchResultSchema,
  sectionBody,
  sectionPatch,
  sectionSchema,
  settingsBody,
  settingsSchema,
  shelfBody,
  shelfPatch,
  categorySchema,
  shelvesSchema,
  statsQuery,
  statsSchema,
} from './help.schemas.js';

const tags = ['help center'];
const WRITE = { roles: STAFF, scopes: ['help:write'] } as const;
const iso = (ms: number) => new Date(ms).toISOString();

const toCategoryView = (c: HelpCategory) => ({ id: c.id, slug: c.slug, position: c.position, titleEn: c.title_en, titleRu: c.title_ru });
const toSectionView = (s: HelpSection) => ({ ...toCategoryView({ ...s }), categoryId: s.category_id });

export function toArticleView(a: HelpArticle) {
  return {
    id: a.id,
    number: Number(a.number),
    sectionId: a.section_id,
    slug: a.slug,
    status: a.status,
    visibility: a.visibility,
    position: a.position,
    titleEn: a.title_en,
    bodyEn: a.body_en,
    titleRu: a.title_ru,
    bodyRu: a.body_ru,
    views: Number(a.views),
    url: `/help/articles/${a.slug}`,
    createdAt: iso(a.created_at),
    updatedAt: iso(a.updated_at),
    publishedAt: a.published_at === null ? null : iso(a.published_at),
  };
}

const toRevisionView = (r: HelpRevision & { author_name: string | null }) => ({
  id: r.id,
  authorId: r.author_id,
  authorName: r.author_name,
  createdAt: iso(r.created_at),
  snapshot: JSON.parse(r.snapshot) as ArticleSnapshot,
});

/** The help center's API: editing (staff, or `help:write` tokens), search, deflection events and counts. */
export function registerHelpRoutes(app: AppInstance, { help, helpReading, clock }: AppDeps): void {
  app.get('/api/v1/help/shelves', {
    config: { access: WRITE },
    schema: { tags, summary: 'Categories and sections, in their order', response: { 200: shelvesSchema, ...problemResponses } },
    handler: async () => ({
      categories: (await help.listCategories()).map(toCategoryView),
      sections: (await help.listSections()).map(toSectionView),
    }),
  });
  app.post('/api/v1/help/categories', {
    config: { access: WRITE },
    schema: { tags, summary: 'Create a category', body: shelfBody, response: { 201: categorySchema, ...problemResponses } },
    handler: async (request, reply) =>
      reply.code(201).send(toCategoryView(await help.createCategory({ actor: getPrincipal(request).user, fields: request.body }))),
  });
  app.patch('/api/v1/help/categories/:id', {
    config: { access: WRITE },
    schema: { tags, summary: 'Change a category', params: uuidParam, body: shelfPatch, response: { 200: categorySchema, ...problemResponses } },
    handler: async (request) => toCategoryView(await help.updateCategory({ actor: getPrincipal(request).user, id: request.params.id, fields: request.body })),
  });
  app.delete('/api/v1/help/categories/:id', {
    config: { access: WRITE },
    schema: { tags, summary: 'Delete an empty category', params: uuidParam, response: { 204: noContent, ...problemResponses } },
    handler: async (request, reply) => {
      await help.deleteCategory({ actor: getPrincipal(request).user, id: request.params.id });
      return reply.code(204).send(null);
    },
  });
  app.post('/api/v1/help/sections', {
    config: { access: WRITE },
    schema: { tags, summary: 'Create a section in a category', body: sectionBody, response: { 201: sectionSchema, ...problemResponses } },
    handler: async (request, reply) => {
      const { categoryId, ...fields } = request.body;
      return reply.code(201).send(toSectionView(await help.createSection({ actor: getPrincipal(request).user, categoryId, fields })));
    },
  });
  app.patch('/api/v1/help/sections/:id', {
    config: { access: WRITE },
    schema: { tags, summary: 'Change or move a section', params: uuidParam, body: sectionPatch, response: { 200: sectionSchema, ...problemResponses } },
    handler: async (request) => toSectionView(await help.updateSection({ actor: getPrincipal(request).user, id: request.params.id, fields: request.body })),
  });
  app.delete('/api/v1/help/sections/:id', {
    config: { access: WRITE },
    schema: { tags, summary: 'Delete an empty section', params: uuidParam, response: { 204: noContent, ...problemResponses } },
    handler: async (request, reply) => {
      await help.deleteSection({ actor: getPrincipal(request).user, id: request.params.id });
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/help/articles', {
    config: { access: WRITE },
    schema: {
      tags,
      summary: 'Articles in every status, last changed first (at most 1000)',
      querystring: articleListQuery,
      response: { 200: z.object({ items: z.array(articleSchema) }), ...problemResponses },
    },
    handler: async (request) => ({ items: (await help.listArticles({ actor: getPrincipal(request).user, ...request.query })).map(toArticleView) }),
  });
  app.post('/api/v1/help/articles', {
    config: { access: WRITE },
    schema: {
      tags,
      summary: 'Create an article (a draft unless told otherwise)',
      body: createArticleBody,
      response: { 201: articleSchema, ...problemResponses },
    },
    handler: async (request, reply) =>
      reply.code(201).send(toArticleView(await help.createArticle({ actor: getPrincipal(request).user, fields: request.body }))),
  });
  app.get('/api/v1/help/articles/:id', {
    config: { access: WRITE },
    schema: { tags, summary: 'One article, in any status', params: uuidParam, response: { 200: articleSchema, ...problemResponses } },
    handler: async (request) => toArticleView(await help.getArticle({ actor: getPrincipal(request).user, id: request.params.id })),
  });
  app.patch('/api/v1/help/articles/:id', {
    config: { access: WRITE },
    schema: {
      tags,
      summary: 'Change an article: text, status (draft, published, archived), visibility; each change is a revision',
      params: uuidParam,
      body: patchArticleBody,
      response: { 200: articleSchema, ...problemResponses },
    },
    handler: async (request) => toArticleView(await help.updateArticle({ actor: getPrincipal(request).user, id: request.params.id, changes: request.body })),
  });
  app.get('/api/v1/help/articles/:id/revisions', {
    config: { access: WRITE },
    schema: {
      tags,
      summary: "An article's revisions, newest first: who and when, and the text",
      params: uuidParam,
      response: { 200: z.object({ items: z.array(revisionSchema) }), ...problemResponses },
    },
    handler: async (request) => ({ items: (await help.listRevisions({ actor: getPrincipal(request).user, id: request.params.id })).map(toRevisionView) }),
  });
  app.post('/api/v1/help/articles/:id/revisions/:revisionId/restore', {
    config: { access: WRITE },
    schema: {
      tags,
      summary: 'Bring back a revision (recorded as a new revision)',
      params: revisionParams,
      response: { 200: articleSchema, ...problemResponses },
    },
    handler: async (request) =>
      toArticleView(await help.restoreRevision({ actor: getPrincipal(request).user, id: request.params.id, revisionId: request.params.revisionId })),
  });
  app.post('/api/v1/help/preview', {
    config: { access: WRITE },
    schema: { tags, summary: 'Render article Markdown as readers will see it', body: previewBody, response: { 200: previewSchema, ...problemResponses } },
    handler: async (request) => ({ html: renderArticleHtml(request.body.markdown) }),
  });
  app.post('/api/v1/help/drafts-from-reply', {
    config: { access: WRITE },
    schema: {
      tags,
      summary: "Start a draft from an agent's public reply, in the customer's language, secrets masked",
      body: draftFromReplyBody,
      response: { 201: articleSchema, ...problemResponses },
    },
    handler: async (request, reply) => reply.code(201).send(toArticleView(await help.draftFromReply({ actor: getPrincipal(request).user, ...request.body }))),
  });
  app.get('/api/v1/help/settings', {
    config: { access: { roles: STAFF } },
    schema: { tags, summary: 'Who may edit the help center, and whether the caller may', response: { 200: settingsSchema, ...problemResponses } },
    handler: async (request) => ({ editors: await help.readEditors(), canEdit: await help.canEdit({ actor: getPrincipal(request).user }) }),
  });
  app.put('/api/v1/help/settings', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: 'Restrict editing to admins, or open it to every agent',
      body: settingsBody,
      response: { 200: settingsSchema, ...problemResponses },
    },
    handler: async (request) => ({ editors: await help.writeEditors({ actor: getPrincipal(request).user, editors: request.body.editors }), canEdit: true }),
  });

  app.get('/api/v1/help/search', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'Search published articles the caller may read (suggestions on the request form, links in the composer)',
      querystring: searchQuery,
      response: { 200: searchResultSchema, ...problemResponses },
    },
    handler: async (request) => {
      const user = request.principal?.user ?? null;
      const language = request.query.language ?? user?.language ?? pickLanguage(request.headers['accept-language']);
      const found = await helpReading.search({
        query: request.query.q,
        isSignedIn: user !== null,
        limit: request.query.limit,
        orAnyWord: request.query.match === 'any',
      });
      return {
        items: found.flatMap((a) => {
          const t = pickTranslation(a, language);
          if (!t) return [];
          return [
            {
              id: a.id,
              slug: a.slug,
              title: t.title,
              language: t.language,
              isFallback: t.isFallback,
              excerpt: plainExcerpt(t.body),
              url: `/help/articles/${a.slug}`,
            },
          ];
        }),
      };
    },
  });
  app.post('/api/v1/help/deflections', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'The new-request form reports a suggested article opened, or the form left without sending',
      body: deflectionBody,
      response: { 200: deflectionResult, ...problemResponses },
    },
    handler: async (request) => {
      const user = getPrincipal(request).user;
      const { visitId, kind, articleId } = request.body;
      if (kind === 'opened') {
        if (!articleId) throw helpErrors.articleNotFound();
        await helpReading.recordOpened({ user, visitId, articleId });
        return { counted: true };
      }
      return { counted: (await helpReading.recordAbandoned({ user, visitId })).isAvoided };
    },
  });
  app.get('/api/v1/help/stats', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: 'Requests avoided by suggested articles, most viewed and least helpful articles',
      querystring: statsQuery,
      response: { 200: statsSchema, ...problemResponses },
    },
    handler: async (request) => {
      // Events stamped at this very instant count: the default end is just past now.
      const to = request.query.to ? Date.parse(request.query.to) : clock.now() + 1;
      const from = request.query.from ? Date.parse(request.query.from) : to - 30 * 24 * 3600 * 1000;
      const s = await helpReading.stats({ from, to });
      const art = (a: { id: string; slug: string; title_en: string | null; title_ru: string | null }) => ({
        id: a.id,
        slug: a.slug,
        titleEn: a.title_en,
        titleRu: a.title_ru,
      });
      return {
        from: iso(from),
        to: iso(to),
        requestsAvoided: s.requestsAvoided,
        visitsWithSuggestionOpened: s.visitsWithSuggestionOpened,
        mostViewed: s.mostViewed.map((a) => ({ ...art(a), views: Number(a.views) })),
        leastHelpful: s.leastHelpful.map((a) => ({ ...art(a), helpful: a.helpful, unhelpful: a.unhelpful })),
      };
    },
  });
}
