import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { HelpArticle, HelpArticleStatus, HelpVisibility } from '../../db/types.js';
import { FORMATTING_TAGS } from '../../shared/markdown.js';

export type HelpLanguage = 'en' | 'ru';
export const HELP_LANGUAGES: readonly HelpLanguage[] = ['en', 'ru'];
export const ARTICLE_STATUSES: readonly HelpArticleStatus[] = ['draft', 'published', 'archived'];
export const VISIBILITIES: readonly HelpVisibility[] = ['public', 'customers'];
/** Who may write articles: every staff member, or admins only (an admin setting). */
export type HelpEditors = 'staff' | 'admins';
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The text an article shows a reader of `language`: theirs, or the other one with a note (`isFallback`). */
export function pickTranslation(
  article: Pick<HelpArticle, 'title_en' | 'body_en' | 'title_ru' | 'body_ru'>,
  language: HelpLanguage,
): { language: HelpLanguage; title: string; body: string; isFallback: boolean } | undefined {
  const order: HelpLanguage[] = language === 'ru' ? ['ru', 'en'] : ['en', 'ru'];
  for (const lang of order) {
    const title = lang === 'en' ? article.title_en : article.title_ru;
    const body = lang === 'en' ? article.body_en : article.body_ru;
    if (title !== null && title.trim() !== '') return { language: lang, title, body: body ?? '', isFallback: lang !== language };
  }
  return undefined;
}

/** A URL-safe slug from a title (Cyrillic transliterated), for articles made without one. */
export function slugify(title: string): string {
  const map: Record<string, string> = {
    а: 'a',
    б: 'b',
    в: 'v',
    г: 'g',
    д: 'd',
    е: 'e',
    ё: 'e',
    ж: 'zh',
    з: 'z',
    и: 'i',
    й: 'y',
    к: 'k',
    л: 'l',
    м: 'm',
    н: 'n',
    о: 'o',
    п: 'p',
    р: 'r',
    с: 's',
    т: 't',
    у: 'u',
    ф: 'f',
    х: 'h',
    ц: 'ts',
    ч: 'ch',
    ш: 'sh',
    щ: 'sch',
    ъ: '',
    ы: 'y',
    ь: '',
    э: 'e',
    ю: 'yu',
    я: 'ya',
  };
  const slug = [...title.toLowerCase()]
    .map((ch) => map[ch] ?? ch)
    .join('')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug === '' ? 'article' : slug;
}

/** Whether a reader may see an article: published, and either public or the reader is signed in. */
export function isReadable(article: Pick<HelpArticle, 'status' | 'visibility'>, { isSignedIn }: { isSignedIn: boolean }): boolean {
  return article.status === 'published' && (article.visibility === 'public' || isSignedIn);
}

const marked = new Marked({ gfm: true, breaks: false, async: false });

// Articles may also hold images (from the attachment store, served under /help/images/) and
// headings with ids; nothing active.
const ARTICLE_HTML: sanitizeHtml.IOptions = {
  // An article's title is its h1: headings in the body start at h2 (an h1 becomes one below).
  allowedTags: [...FORMATTING_TAGS.filter((tag) => tag !== 'h1'), 'img'],
  allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title'], code: ['class'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  transformTags: {
    // Internal links are written `help:slug`; external ones are nofollow.
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      if (href.startsWith('/')) return { tagName, attribs: { ...attribs } };
      return { tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } };
    },
    h1: 'h2',
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !(frame.attribs.src ?? '').startsWith('/help/images/'),
};

/** `help:slug` links become article links and `attachment:<id>` images the help image route. */
function rewriteReferences(markdown: string): string {
  return markdown
    .replace(/\]\(help:([a-z0-9-]+)(#[\w-]*)?\)/g, (_m, slug: string, hash?: string) => `](/help/articles/${slug}${hash ?? ''})`)
    .replace(/\]\(attachment:([0-9a-f-]{36})\)/g, (_m, id: string) => `](/help/images/${id})`);
}

/** Renders an article's Markdown to HTML that is safe to serve (marked lets raw HTML through). */
export function renderArticleHtml(markdown: string): string {
  return sanitizeHtml(marked.parse(rewriteReferences(markdown)) as string, ARTICLE_HTML);
}

/** The attachment ids an article's Markdown shows as images. */
export function referencedImages(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(attachment:([0-9a-f-]{36})\)/g)].map((m) => m[1]!);
}

/** Plain text of Markdown (for meta descriptions and snippets), at most `max` characters. */
export function plainExcerpt(markdown: string, max = 160): string {
  const text = sanitizeHtml(marked.parse(markdown) as string, { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** The fields a revision records and a restore brings back. */
export interface ArticleSnapshot {
  sectionId: string;
  slug: string;
  status: HelpArticleStatus;
  visibility: HelpVisibility;
  titleEn: string | null;
  bodyEn: string | null;
  titleRu: string | null;
  bodyRu: string | null;
}

export function snapshotOf(article: HelpArticle): ArticleSnapshot {
  return {
    sectionId: article.section_id,
    slug: article.slug,
    status: article.status,
    visibility: article.visibility,
    titleEn: article.title_en,
    bodyEn: article.body_en,
    titleRu: article.title_ru,
    bodyRu: article.body_ru,
  };
}
