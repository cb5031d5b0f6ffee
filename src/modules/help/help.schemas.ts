import { z } from 'zod';

const slug = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lower-case letters, digits and single hyphens.');
const shelfTitle = z.string().trim().min(1).max(200);
const position = z.number().int().min(0).max(100_000);
const title = z.string().trim().max(200).nullable();
const body = z.string().max(200_000).nullable().describe('Markdown. `help:slug` links to another article, `![alt](attachment:<id>)` shows an uploaded image.');
export const statusSchema = z.enum(['draft', 'published', 'archived']);
export const visibilitySchema = z.enum(['public', 'customers']).describe('`customers`: signed-in readers only.');

export const shelfBody = z.object({ slug, position: position.default(0), titleEn: shelfTitle, titleRu: shelfTitle });
export const shelfPatch = shelfBody.partial();
export const sectionBody = shelfBody.extend({ categoryId: z.uuid() });
export const sectionPatch = shelfPatch.extend({ categoryId: z.uuid().optional() });

export const categorySchema = z.object({ id: z.string(), slug: z.string(), position: z.number(), titleEn: z.string(), titleRu: z.string() });
export const sectionSchema = categorySchema.extend({ categoryId: z.string() });
export const shelvesSchema = z.object({ categories: z.array(categorySchema), sections: z.array(sectionSchema) });

export const createArticleBody = z.object({
  sectionId: z.uuid(),
  slug: slug.optional().describe('Made from the title when left out.'),
  status: statusSchema.default('draft'),
  visibility: visibilitySchema.default('public'),
  position: position.default(0),
  titleEn: title.default(null),
  bodyEn: body.default(null),
  titleRu: title.default(null),
  bodyRu: body.default(null),
});
export const patchArticleBody = z
  .object({
    sectionId: z.uuid(),
    slug,
    status: statusSchema,
    visibility: visibilitySchema,
    position,
    titleEn: title,
    bodyEn: body,
    titleRu: title,
    bodyRu: body,
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'Give at least one field to change.', params: { code: 'validation.nothing_to_change' } });

export const articleSchema = z.object({
  id: z.string(),
  number: z.number(),
  sectionId: z.string(),
  slug: z.string(),
  status: statusSchema,
  visibility: visibilitySchema,
  position: z.number(),
  titleEn: z.string().nullable(),
  bodyEn: z.string().nullable(),
  titleRu: z.string().nullable(),
  bodyRu: z.string().nullable(),
  views: z.number(),
  url: z.string().describe('Where readers find it once published.'),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export const articleListQuery = z.object({ status: statusSchema.optional(), sectionId: z.uuid().optional() });
export const revisionSchema = z.object({
  id: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
  snapshot: z.object({
    sectionId: z.string(),
    slug: z.string(),
    status: statusSchema,
    visibility: visibilitySchema,
    titleEn: z.string().nullable(),
    bodyEn: z.string().nullable(),
    titleRu: z.string().nullable(),
    bodyRu: z.string().nullable(),
  }),
});
export const revisionParams = z.object({ id: z.uuid(), revisionId: z.uuid() });
export const previewBody = z.object({ markdown: z.string().max(200_000) });
export const previewSchema = z.object({ html: z.string() });

export const searchQuery = z.object({
  q: z.string().max(500),
  language: z.enum(['en', 'ru']).optional().describe("The reader's language; defaults to the signed-in person's or the browser's."),
  limit: z.coerce.number().int().min(1).max(20).default(5),
  match: z.enum(['all', 'any']).default('all').describe('`any`: articles with every word first, then those with some of them (suggestions while typing).'),
});
export const searchHitSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  language: z.enum(['en', 'ru']),
  isFallback: z.boolean().describe('The article is not written in the asked language; this is the other one.'),
  excerpt: z.string(),
  url: z.string(),
});
export const searchResultSchema = z.object({ items: z.array(searchHitSchema) });

export const deflectionBody = z.object({
  visitId: z.uuid().describe('One visit of the new-request form, made by the client.'),
  kind: z.enum(['opened', 'abandoned']),
  articleId: z.uuid().optional().describe('The article opened (kind `opened`).'),
});
export const deflectionResult = z.object({ counted: z.boolean() });

export const statsQuery = z.object({
  from: z.iso.datetime().optional().describe('Start (inclusive); default 30 days ago.'),
  to: z.iso.datetime().optional().describe('End (exclusive); default now.'),
});
const statArticle = z.object({ id: z.string(), slug: z.string(), titleEn: z.string().nullable(), titleRu: z.string().nullable() });
export const statsSchema = z.object({
  from: z.string(),
  to: z.string(),
  requestsAvoided: z.number().describe('Visits of the new-request form where a suggested article was opened and the form left without sending.'),
  visitsWithSuggestionOpened: z.number(),
  mostViewed: z.array(statArticle.extend({ views: z.number() })).describe('All-time page views.'),
  leastHelpful: z.array(statArticle.extend({ helpful: z.number(), unhelpful: z.number() })),
});

export const settingsSchema = z.object({ editors: z.enum(['staff', 'admins']), canEdit: z.boolean() });
export const settingsBody = z.object({ editors: z.enum(['staff', 'admins']).describe('`admins`: only admins edit the help center.') });
export const draftFromReplyBody = z.object({ messageId: z.uuid(), sectionId: z.uuid() });
