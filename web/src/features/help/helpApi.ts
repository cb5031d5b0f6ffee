import { callApi, sendOnLeave, type Language } from '../../api/client.js';

export type ArticleStatus = 'draft' | 'published' | 'archived';
export type Visibility = 'public' | 'customers';

export interface HelpHit {
  id: string;
  slug: string;
  title: string;
  language: Language;
  isFallback: boolean;
  excerpt: string;
  url: string;
}

export interface HelpArticle {
  id: string;
  number: number;
  sectionId: string;
  slug: string;
  status: ArticleStatus;
  visibility: Visibility;
  position: number;
  titleEn: string | null;
  bodyEn: string | null;
  titleRu: string | null;
  bodyRu: string | null;
  views: number;
  url: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface HelpShelf {
  id: string;
  slug: string;
  position: number;
  titleEn: string;
  titleRu: string;
  categoryId?: string;
}

export interface HelpRevision {
  id: string;
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
  snapshot: Pick<HelpArticle, 'sectionId' | 'slug' | 'status' | 'visibility' | 'titleEn' | 'bodyEn' | 'titleRu' | 'bodyRu'>;
}

export type ArticleFields = Pick<HelpArticle, 'sectionId' | 'slug' | 'status' | 'visibility' | 'titleEn' | 'bodyEn' | 'titleRu' | 'bodyRu'>;

/** The help center's API, for the request form, the composer and the editor. */
export const helpApi = {
  search: (q: string, language: Language, { limit = 5, match = 'all' }: { limit?: number; match?: 'all' | 'any' } = {}) =>
    callApi<{ items: HelpHit[] }>('GET', `/api/v1/help/search?q=${encodeURIComponent(q)}&language=${language}&limit=${limit}&match=${match}`),
  reportOpened: (visitId: string, articleId: string) =>
    callApi<{ counted: boolean }>('POST', '/api/v1/help/deflections', { visitId, kind: 'opened', articleId }),
  reportLeftOnLeave: (visitId: string) => sendOnLeave('/api/v1/help/deflections', { visitId, kind: 'abandoned' }),
  shelves: () => callApi<{ categories: HelpShelf[]; sections: HelpShelf[] }>('GET', '/api/v1/help/shelves'),
  createCategory: (body: Omit<HelpShelf, 'id' | 'position'>) => callApi<HelpShelf>('POST', '/api/v1/help/categories', body),
  createSection: (body: Omit<HelpShelf, 'id' | 'position'>) => callApi<HelpShelf>('POST', '/api/v1/help/sections', body),
  articles: () => callApi<{ items: HelpArticle[] }>('GET', '/api/v1/help/articles'),
  article: (id: string) => callApi<HelpArticle>('GET', `/api/v1/help/articles/${id}`),
  createArticle: (body: Partial<ArticleFields> & { sectionId: string }) => callApi<HelpArticle>('POST', '/api/v1/help/articles', body),
  updateArticle: (id: string, body: Partial<ArticleFields>) => callApi<HelpArticle>('PATCH', `/api/v1/help/articles/${id}`, body),
  revisions: (id: string) => callApi<{ items: HelpRevision[] }>('GET', `/api/v1/help/articles/${id}/revisions`),
  restore: (id: string, revisionId: string) => callApi<HelpArticle>('POST', `/api/v1/help/articles/${id}/revisions/${revisionId}/restore`),
  preview: (markdown: string) => callApi<{ html: string }>('POST', '/api/v1/help/preview', { markdown }),
  draftFromReply: (messageId: string, sectionId: string) => callApi<HelpArticle>('POST', '/api/v1/help/drafts-from-reply', { messageId, sectionId }),
};
