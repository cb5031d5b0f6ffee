import { sql } from 'kysely';
import type { Db, DialectName } from '../../db/database.js';
import type { HelpArticle, HelpCategory, HelpSection, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { commonErrors } from '../../shared/errors.js';
import { createId } from '../../shared/ids.js';
import { helpErrors } from './help.errors.js';
import { isReadable, type HelpLanguage } from './help.models.js';
import { createHelpRepository } from './help.repository.js';
import { searchArticleIds } from './help.search.js';

export type HelpReading = ReturnType<typeof createHelpReading>;

const VIEW_FLUSH_MS = 3000;

export interface HelpTree {
  categories: (HelpCategory & { sections: (HelpSection & { articles: HelpArticle[] })[] })[];
}

/** Reading the help center, its votes, and the deflection counts of the new-request form. */
export function createHelpReading({ db, dialect, clock, onError }: { db: Db; dialect: DialectName; clock: Clock; onError?: (error: unknown) => void }) {
  const repo = createHelpRepository({ db });

  // Page views are counted in memory and written every few seconds in one transaction: a write per
  // view made each page wait for a commit (a disk flush on SQLite), tripling its time. A crash loses
  // at most the last few seconds of view counts, which only rank articles in the reports.
  const pendingViews = new Map<string, number>();
  let flushTimer: NodeJS.Timeout | undefined;
  async function flushViews(): Promise<void> {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (pendingViews.size === 0) return;
    const views = [...pendingViews];
    pendingViews.clear();
    await db.transaction().execute(async (trx) => {
      const r = createHelpRepository({ db: trx });
      for (const [id, count] of views) await r.countViews({ id, count });
    });
  }
  function countView(id: string): void {
    pendingViews.set(id, (pendingViews.get(id) ?? 0) + 1);
    flushTimer ??= setTimeout(() => void flushViews().catch((error: unknown) => onError?.(error)), VIEW_FLUSH_MS).unref();
  }

  return {
    /** Writes the view counts not yet written (the reports and shutdown call it). */
    flushViews,

    /** Categories, sections and the articles this reader may see, in their order; empty shelves left out. */
    async tree({ isSignedIn }: { isSignedIn: boolean }): Promise<HelpTree> {
      const [categories, sections] = await Promise.all([repo.listCategories(), repo.listSections()]);
      let query = db.selectFrom('help_articles').selectAll().where('status', '=', 'published').orderBy('position').orderBy('number');
      if (!isSignedIn) query = query.where('visibility', '=', 'public');
      const articles = await query.execute();
      const bySection = new Map<string, HelpArticle[]>();
      for (const a of articles) bySection.set(a.section_id, [...(bySection.get(a.section_id) ?? []), a]);
      return {
        categories: categories
          .map((c) => ({
            ...c,
            sections: sections
              .filter((s) => s.category_id === c.id)
              .map((s) => ({ ...s, articles: bySection.get(s.id) ?? [] }))
              .filter((s) => s.articles.length > 0),
          }))
          .filter((c) => c.sections.length > 0),
      };
    },

    /** A published article by slug, if this reader may see it; counts the view. */
    async readArticle({ slug, isSignedIn, shouldCount = true }: { slug: string; isSignedIn: boolean; shouldCount?: boolean }) {
      // One query for the page: the article with its section's and category's titles.
      const row = await db
        .selectFrom('help_articles')
        .innerJoin('help_sections', 'help_sections.id', 'help_articles.section_id')
        .innerJoin('help_categories', 'help_categories.id', 'help_sections.category_id')
        .selectAll('help_articles')
        .select([
          'help_sections.title_en as section_title_en',
          'help_sections.title_ru as section_title_ru',
          'help_categories.title_en as category_title_en',
          'help_categories.title_ru as category_title_ru',
        ])
        .where('help_articles.slug', '=', slug)
        .executeTakeFirst();
      if (!row || !isReadable(row, { isSignedIn })) throw helpErrors.articleNotFound();
      const { section_title_en, section_title_ru, category_title_en, category_title_ru, ...article } = row;
      if (shouldCount) countView(article.id);
      return {
        article,
        section: { title_en: section_title_en, title_ru: section_title_ru },
        category: { title_en: category_title_en, title_ru: category_title_ru },
      };
    },

    /** Published articles matching the query that this reader may see, best first. */
    async search({
      query,
      isSignedIn,
      limit,
      orAnyWord = false,
    }: {
      query: string;
      isSignedIn: boolean;
      limit: number;
      /** Fill up a short list with articles having only some of the words (suggestions while typing). */
      orAnyWord?: boolean;
    }): Promise<HelpArticle[]> {
      // Asked for a few more: members-only articles are dropped afterwards for anonymous readers.
      const asked = isSignedIn ? limit : limit * 2 + 10;
      let ids = await searchArticleIds({ db, dialect, query, limit: asked });
      if (orAnyWord && ids.length < asked) {
        const some = await searchArticleIds({ db, dialect, query, limit: asked, match: 'any' });
        ids = [...new Set([...ids, ...some])];
      }
      const rows = await repo.findArticlesByIds({ ids });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids
        .map((id) => byId.get(id))
        .filter((a): a is HelpArticle => a !== undefined && isReadable(a, { isSignedIn }))
        .slice(0, limit);
    },

    /** Whether an upload is an image of an article this reader may see (then /help/images serves it). */
    async isImageReadable({ attachmentId, isSignedIn }: { attachmentId: string; isSignedIn: boolean }): Promise<{ isPublic: boolean } | undefined> {
      const rows = await db
        .selectFrom('help_article_images')
        .innerJoin('help_articles', 'help_articles.id', 'help_article_images.article_id')
        .select('help_articles.visibility')
        .where('help_article_images.attachment_id', '=', attachmentId)
        .where('help_articles.status', '=', 'published')
        .execute();
      const visible = rows.filter((r) => r.visibility === 'public' || isSignedIn);
      if (visible.length === 0) return undefined;
      return { isPublic: visible.some((r) => r.visibility === 'public') };
    },

    /** "Was this helpful?": one vote with an optional comment. */
    async recordFeedback({
      slug,
      isHelpful,
      comment,
      language,
      user,
    }: {
      slug: string;
      isHelpful: boolean;
      comment: string | null;
      language: HelpLanguage;
      user: User | null;
    }): Promise<void> {
      const article = await repo.findArticleBySlug({ slug });
      if (!article || !isReadable(article, { isSignedIn: user !== null })) throw helpErrors.articleNotFound();
      await db
        .insertInto('help_feedback')
        .values({
          id: createId(),
          article_id: article.id,
          is_helpful: isHelpful ? 1 : 0,
          comment: comment && comment.trim() !== '' ? comment.trim() : null,
          language,
          user_id: user?.id ?? null,
          created_at: clock.now(),
        })
        .execute();
    },

    /** A customer opened an article suggested on the new-request form (visit: one visit of the form). */
    async recordOpened({ user, visitId, articleId }: { user: User; visitId: string; articleId: string }): Promise<void> {
      if (user.role !== 'customer') throw commonErrors.forbidden();
      const article = await repo.findArticle({ id: articleId });
      if (!article || !isReadable(article, { isSignedIn: true })) throw helpErrors.articleNotFound();
      await db
        .insertInto('help_deflections')
        .values({ visit_id: visitId, kind: 'opened', article_id: articleId, user_id: user.id, created_at: clock.now() })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },

    /** The customer left the form without sending; counts as avoided only if they opened a suggestion on that visit. */
    async recordAbandoned({ user, visitId }: { user: User; visitId: string }): Promise<{ isAvoided: boolean }> {
      if (user.role !== 'customer') throw commonErrors.forbidden();
      return db.transaction().execute(async (trx) => {
        const opened = await trx
          .selectFrom('help_deflections')
          .select('visit_id')
          .where('visit_id', '=', visitId)
          .where('kind', '=', 'opened')
          .where('user_id', '=', user.id)
          .executeTakeFirst();
        if (!opened) return { isAvoided: false };
        await trx
          .insertInto('help_deflections')
          .values({ visit_id: visitId, kind: 'abandoned', article_id: '', user_id: user.id, created_at: clock.now() })
          .onConflict((oc) => oc.doNothing())
          .execute();
        return { isAvoided: true };
      });
    },

    /** Requests avoided in [from, to), the most viewed and the least helpful articles. */
    async stats({ from, to }: { from: number; to: number }) {
      await flushViews();
      const avoided = await db
        .selectFrom('help_deflections')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'abandoned')
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .executeTakeFirst();
      const opened = await db
        .selectFrom('help_deflections')
        .select(sql<number>`count(distinct visit_id)`.as('n'))
        .where('kind', '=', 'opened')
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .executeTakeFirst();
      const mostViewed = await db
        .selectFrom('help_articles')
        .select(['id', 'slug', 'title_en', 'title_ru', 'views'])
        .where('views', '>', 0)
        .orderBy('views', 'desc')
        .orderBy('number')
        .limit(10)
        .execute();
      const votes = await db
        .selectFrom('help_feedback')
        .innerJoin('help_articles', 'help_articles.id', 'help_feedback.article_id')
        .select([
          'help_articles.id',
          'help_articles.slug',
          'help_articles.title_en',
          'help_articles.title_ru',
          sql<number>`sum(case when help_feedback.is_helpful = 1 then 1 else 0 end)`.as('helpful'),
          sql<number>`sum(case when help_feedback.is_helpful = 0 then 1 else 0 end)`.as('unhelpful'),
        ])
        .where('help_feedback.created_at', '>=', from)
        .where('help_feedback.created_at', '<', to)
        .groupBy(['help_articles.id', 'help_articles.slug', 'help_articles.title_en', 'help_articles.title_ru'])
        .execute();
      const leastHelpful = votes
        .map((v) => ({ ...v, helpful: Number(v.helpful), unhelpful: Number(v.unhelpful) }))
        .filter((v) => v.unhelpful > 0)
        .sort((a, b) => b.unhelpful / (b.helpful + b.unhelpful) - a.unhelpful / (a.helpful + a.unhelpful) || b.unhelpful - a.unhelpful)
        .slice(0, 10);
      return { requestsAvoided: Number(avoided?.n ?? 0), visitsWithSuggestionOpened: Number(opened?.n ?? 0), mostViewed, leastHelpful };
    },
  };
}
