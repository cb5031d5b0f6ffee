import type { DbOrTrx } from '../../db/database.js';
import type { HelpArticle, HelpArticlesTable, HelpCategoriesTable, HelpCategory, HelpSection, HelpSectionsTable } from '../../db/types.js';

export function createHelpRepository({ db }: { db: DbOrTrx }) {
  return {
    async takeNextNumber(): Promise<number> {
      const row = await db
        .updateTable('counters')
        .set((eb) => ({ value: eb('value', '+', 1) }))
        .where('name', '=', 'help_article_number')
        .returning('value')
        .executeTakeFirstOrThrow();
      return Number(row.value);
    },
    listCategories(): Promise<HelpCategory[]> {
      return db.selectFrom('help_categories').selectAll().orderBy('position').orderBy('slug').execute();
    },
    findCategory({ id }: { id: string }): Promise<HelpCategory | undefined> {
      return db.selectFrom('help_categories').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findCategoryBySlug({ slug }: { slug: string }): Promise<HelpCategory | undefined> {
      return db.selectFrom('help_categories').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
    async insertCategory(category: HelpCategoriesTable): Promise<void> {
      await db.insertInto('help_categories').values(category).execute();
    },
    async updateCategory({ id, changes }: { id: string; changes: Partial<HelpCategoriesTable> }): Promise<void> {
      await db.updateTable('help_categories').set(changes).where('id', '=', id).execute();
    },
    async deleteCategory({ id }: { id: string }): Promise<void> {
      await db.deleteFrom('help_categories').where('id', '=', id).execute();
    },
    listSections(): Promise<HelpSection[]> {
      return db.selectFrom('help_sections').selectAll().orderBy('position').orderBy('slug').execute();
    },
    findSection({ id }: { id: string }): Promise<HelpSection | undefined> {
      return db.selectFrom('help_sections').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findSectionBySlug({ categoryId, slug }: { categoryId: string; slug: string }): Promise<HelpSection | undefined> {
      return db.selectFrom('help_sections').selectAll().where('category_id', '=', categoryId).where('slug', '=', slug).executeTakeFirst();
    },
    async insertSection(section: HelpSectionsTable): Promise<void> {
      await db.insertInto('help_sections').values(section).execute();
    },
    async updateSection({ id, changes }: { id: string; changes: Partial<HelpSectionsTable> }): Promise<void> {
      await db.updateTable('help_sections').set(changes).where('id', '=', id).execute();
    },
    async deleteSection({ id }: { id: string }): Promise<void> {
      await db.deleteFrom('help_sections').where('id', '=', id).execute();
    },
    async countSections({ categoryId }: { categoryId: string }): Promise<number> {
      const row = await db
        .selectFrom('help_sections')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('category_id', '=', categoryId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async countArticles({ sectionId }: { sectionId: string }): Promise<number> {
      const row = await db
        .selectFrom('help_articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('section_id', '=', sectionId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    findArticle({ id }: { id: string }): Promise<HelpArticle | undefined> {
      return db.selectFrom('help_articles').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findArticleBySlug({ slug }: { slug: string }): Promise<HelpArticle | undefined> {
      return db.selectFrom('help_articles').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
    findArticlesByIds({ ids }: { ids: string[] }): Promise<HelpArticle[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('help_articles').selectAll().where('id', 'in', ids).execute();
    },
    async insertArticle(article: Omit<HelpArticlesTable, 'views'>): Promise<void> {
      await db.insertInto('help_articles').values(article).execute();
    },
    async updateArticle({ id, changes }: { id: string; changes: Partial<Omit<HelpArticlesTable, 'views'>> }): Promise<void> {
      await db.updateTable('help_articles').set(changes).where('id', '=', id).execute();
    },
    async countViews({ id, count }: { id: string; count: number }): Promise<void> {
      await db
        .updateTable('help_articles')
        .set((eb) => ({ views: eb('views', '+', count) }))
        .where('id', '=', id)
        .execute();
    },
  };
}
