import type { Db, DialectName, DbOrTrx } from '../../db/database.js';
import type { HelpArticle, HelpArticleStatus, HelpCategory, HelpRevision, HelpSection, HelpVisibility, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { commonErrors } from '../../shared/errors.js';
import { createId } from '../../shared/ids.js';
import { createSettingsRepository } from '../settings/settings.repository.js';
import { maskSecrets } from '../vault/vault.secrets.js';
import { helpErrors } from './help.errors.js';
import { referencedImages, slugify, snapshotOf, type ArticleSnapshot, type HelpEditors, type HelpLanguage } from './help.models.js';
import { createHelpRepository } from './help.repository.js';
import { indexArticle } from './help.search.js';

export type HelpUsecases = ReturnType<typeof createHelpUsecases>;

const EDITORS_KEY = 'help.editors';

export interface ArticleFields {
  sectionId: string;
  slug: string;
  status: HelpArticleStatus;
  visibility: HelpVisibility;
  position: number;
  titleEn: string | null;
  bodyEn: string | null;
  titleRu: string | null;
  bodyRu: string | null;
}

export interface ShelfFields {
  slug: string;
  position: number;
  titleEn: string;
  titleRu: string;
}

const hasTitle = (t: string | null | undefined) => typeof t === 'string' && t.trim() !== '';
const blankToNull = (t: string | null | undefined) => (hasTitle(t) ? t!.trim() : null);

/** A unique-constraint failure on either database. */
function isUniqueViolation(error: unknown): boolean {
  const { code, message = '' } = error as { code?: string; message?: string };
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint/.test(message);
}

/**
 * Writing the help center: categories, sections, articles with their revisions. Every change to an
 * article writes a revision and its search document in the same transaction.
 */
export function createHelpUsecases({ db, dialect, clock }: { db: Db; dialect: DialectName; clock: Clock }) {
  const repo = createHelpRepository({ db });
  const settings = createSettingsRepository({ db });

  async function readEditors(): Promise<HelpEditors> {
    return (await settings.read<HelpEditors>({ key: EDITORS_KEY })) ?? 'staff';
  }

  /** Staff may edit unless an admin restricted editing to admins. */
  async function assertEditor(actor: User): Promise<void> {
    if (actor.role === 'admin') return;
    if (actor.role !== 'agent') throw commonErrors.forbidden();
    if ((await readEditors()) === 'admins') throw helpErrors.editorsAdminsOnly();
  }

  async function withUniqueSlug<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw helpErrors.slugTaken();
      throw error;
    }
  }

  async function writeRevision(trx: DbOrTrx, article: HelpArticle, actor: User | null): Promise<void> {
    await trx
      .insertInto('help_revisions')
      .values({ id: createId(), article_id: article.id, author_id: actor?.id ?? null, created_at: clock.now(), snapshot: JSON.stringify(snapshotOf(article)) })
      .execute();
  }

  async function saveArticle({ actor, id, fields }: { actor: User | null; id?: string; fields: ArticleFields }): Promise<HelpArticle> {
    if (!hasTitle(fields.titleEn) && !hasTitle(fields.titleRu)) throw helpErrors.titleRequired();
    return withUniqueSlug(() =>
      db.transaction().execute(async (trx) => {
        const r = createHelpRepository({ db: trx });
        if (!(await r.findSection({ id: fields.sectionId }))) throw helpErrors.sectionNotFound();
        const now = clock.now();
        const existing = id ? await r.findArticle({ id }) : undefined;
        if (id && !existing) throw helpErrors.articleNotFound();
        const row = {
          section_id: fields.sectionId,
          slug: fields.slug,
          status: fields.status,
          visibility: fields.visibility,
          position: fields.position,
          title_en: blankToNull(fields.titleEn),
          body_en: hasTitle(fields.titleEn) ? (fields.bodyEn ?? '') : null,
          title_ru: blankToNull(fields.titleRu),
          body_ru: hasTitle(fields.titleRu) ? (fields.bodyRu ?? '') : null,
          updated_at: now,
          updated_by: actor?.id ?? null,
          published_at: fields.status === 'published' ? (existing?.published_at ?? now) : (existing?.published_at ?? null),
        };
        if (existing) await r.updateArticle({ id: existing.id, changes: row });
        else await r.insertArticle({ ...row, id: createId(), number: await r.takeNextNumber(), created_at: now });
        const saved = (await (existing ? r.findArticle({ id: existing.id }) : r.findArticleBySlug({ slug: fields.slug })))!;
        await writeRevision(trx, saved, actor);
        await linkImages(trx, saved);
        await indexArticle({ db: trx, dialect, article: saved });
        return saved;
      }),
    );
  }

  /** Records the uploads (images only) the article's text shows, so they are served and kept. */
  async function linkImages(trx: DbOrTrx, article: HelpArticle): Promise<void> {
    await trx.deleteFrom('help_article_images').where('article_id', '=', article.id).execute();
    const ids = [...new Set(referencedImages(`${article.body_en ?? ''}\n${article.body_ru ?? ''}`))];
    if (ids.length === 0) return;
    const images = await trx.selectFrom('attachments').select('id').where('id', 'in', ids).where('content_type', 'like', 'image/%').execute();
    if (images.length > 0)
      await trx
        .insertInto('help_article_images')
        .values(images.map((i) => ({ article_id: article.id, attachment_id: i.id })))
        .execute();
  }

  function fieldsOf(article: HelpArticle): ArticleFields {
    return {
      sectionId: article.section_id,
      slug: article.slug,
      status: article.status,
      visibility: article.visibility,
      position: article.position,
      titleEn: article.title_en,
      bodyEn: article.body_en,
      titleRu: article.title_ru,
      bodyRu: article.body_ru,
    };
  }

  return {
    readEditors,
    async writeEditors({ actor, editors }: { actor: User; editors: HelpEditors }): Promise<HelpEditors> {
      if (actor.role !== 'admin') throw commonErrors.forbidden();
      await settings.write({ key: EDITORS_KEY, value: editors, at: clock.now(), by: actor.id });
      return editors;
    },
    /** Whether this person may edit now (the web app hides editing otherwise). */
    async canEdit({ actor }: { actor: User }): Promise<boolean> {
      return actor.role === 'admin' || (actor.role === 'agent' && (await readEditors()) === 'staff');
    },

    listCategories: () => repo.listCategories(),
    listSections: () => repo.listSections(),

    /** A new category; `actor` null: the command line (trusted, as `help import`). */
    async createCategory({ actor, fields }: { actor: User | null; fields: ShelfFields }): Promise<HelpCategory> {
      if (actor) await assertEditor(actor);
      const now = clock.now();
      const category = {
        id: createId(),
        slug: fields.slug,
        position: fields.position,
        title_en: fields.titleEn,
        title_ru: fields.titleRu,
        created_at: now,
        updated_at: now,
      };
      await withUniqueSlug(() => repo.insertCategory(category));
      return category;
    },
    async updateCategory({ actor, id, fields }: { actor: User; id: string; fields: Partial<ShelfFields> }): Promise<HelpCategory> {
      await assertEditor(actor);
      const found = await repo.findCategory({ id });
      if (!found) throw helpErrors.categoryNotFound();
      const changes = {
        slug: fields.slug ?? found.slug,
        position: fields.position ?? found.position,
        title_en: fields.titleEn ?? found.title_en,
        title_ru: fields.titleRu ?? found.title_ru,
        updated_at: clock.now(),
      };
      await withUniqueSlug(() => repo.updateCategory({ id, changes }));
      return { ...found, ...changes };
    },
    async deleteCategory({ actor, id }: { actor: User; id: string }): Promise<void> {
      await assertEditor(actor);
      await db.transaction().execute(async (trx) => {
        const r = createHelpRepository({ db: trx });
        if (!(await r.findCategory({ id }))) throw helpErrors.categoryNotFound();
        if ((await r.countSections({ categoryId: id })) > 0) throw helpErrors.notEmpty();
        await r.deleteCategory({ id });
      });
    },

    async createSection({ actor, categoryId, fields }: { actor: User | null; categoryId: string; fields: ShelfFields }): Promise<HelpSection> {
      if (actor) await assertEditor(actor);
      if (!(await repo.findCategory({ id: categoryId }))) throw helpErrors.categoryNotFound();
      const now = clock.now();
      const section = {
        id: createId(),
        category_id: categoryId,
        slug: fields.slug,
        position: fields.position,
        title_en: fields.titleEn,
        title_ru: fields.titleRu,
        created_at: now,
        updated_at: now,
      };
      await withUniqueSlug(() => repo.insertSection(section));
      return section;
    },
    async updateSection({ actor, id, fields }: { actor: User; id: string; fields: Partial<ShelfFields> & { categoryId?: string } }): Promise<HelpSection> {
      await assertEditor(actor);
      const found = await repo.findSection({ id });
      if (!found) throw helpErrors.sectionNotFound();
      if (fields.categoryId && !(await repo.findCategory({ id: fields.categoryId }))) throw helpErrors.categoryNotFound();
      const changes = {
        category_id: fields.categoryId ?? found.category_id,
        slug: fields.slug ?? found.slug,
        position: fields.position ?? found.position,
        title_en: fields.titleEn ?? found.title_en,
        title_ru: fields.titleRu ?? found.title_ru,
        updated_at: clock.now(),
      };
      await withUniqueSlug(() => repo.updateSection({ id, changes }));
      return { ...found, ...changes };
    },
    async deleteSection({ actor, id }: { actor: User; id: string }): Promise<void> {
      await assertEditor(actor);
      await db.transaction().execute(async (trx) => {
        const r = createHelpRepository({ db: trx });
        if (!(await r.findSection({ id }))) throw helpErrors.sectionNotFound();
        if ((await r.countArticles({ sectionId: id })) > 0) throw helpErrors.notEmpty();
        await r.deleteSection({ id });
      });
    },

    /** Articles for the editor: every status, newest change first, optionally one status or section. */
    async listArticles({ actor, status, sectionId }: { actor: User; status?: HelpArticleStatus; sectionId?: string }): Promise<HelpArticle[]> {
      if (actor.role === 'customer') throw commonErrors.forbidden();
      let query = db.selectFrom('help_articles').selectAll().orderBy('updated_at', 'desc').orderBy('id').limit(1000);
      if (status) query = query.where('status', '=', status);
      if (sectionId) query = query.where('section_id', '=', sectionId);
      return query.execute();
    },
    async getArticle({ actor, id }: { actor: User; id: string }): Promise<HelpArticle> {
      if (actor.role === 'customer') throw commonErrors.forbidden();
      const article = await repo.findArticle({ id });
      if (!article) throw helpErrors.articleNotFound();
      return article;
    },
    /** A new article (a draft unless told otherwise); a missing slug is made from the title. */
    async createArticle({ actor, fields }: { actor: User | null; fields: Omit<ArticleFields, 'slug'> & { slug?: string } }): Promise<HelpArticle> {
      if (actor) await assertEditor(actor);
      const slug = fields.slug ?? slugify(fields.titleEn ?? fields.titleRu ?? '');
      return saveArticle({ actor, fields: { ...fields, slug } });
    },
    async updateArticle({ actor, id, changes }: { actor: User | null; id: string; changes: Partial<ArticleFields> }): Promise<HelpArticle> {
      if (actor) await assertEditor(actor);
      const found = await repo.findArticle({ id });
      if (!found) throw helpErrors.articleNotFound();
      return saveArticle({ actor, id, fields: { ...fieldsOf(found), ...changes } });
    },
    async listRevisions({ actor, id }: { actor: User; id: string }): Promise<(HelpRevision & { author_name: string | null })[]> {
      if (actor.role === 'customer') throw commonErrors.forbidden();
      if (!(await repo.findArticle({ id }))) throw helpErrors.articleNotFound();
      return db
        .selectFrom('help_revisions')
        .leftJoin('users', 'users.id', 'help_revisions.author_id')
        .selectAll('help_revisions')
        .select('users.name as author_name')
        .where('article_id', '=', id)
        .orderBy('help_revisions.created_at', 'desc')
        .orderBy('help_revisions.id', 'desc')
        .limit(200)
        .execute();
    },
    /** Brings back a revision's text and settings as a new revision (history is never rewritten). */
    async restoreRevision({ actor, id, revisionId }: { actor: User; id: string; revisionId: string }): Promise<HelpArticle> {
      await assertEditor(actor);
      const found = await repo.findArticle({ id });
      if (!found) throw helpErrors.articleNotFound();
      const revision = await db.selectFrom('help_revisions').selectAll().where('id', '=', revisionId).where('article_id', '=', id).executeTakeFirst();
      if (!revision) throw helpErrors.revisionNotFound();
      const snap = JSON.parse(revision.snapshot) as ArticleSnapshot;
      return saveArticle({ actor, id, fields: { ...fieldsOf(found), ...snap } });
    },

    /**
     * A draft made from an agent's public reply: in the ticket customer's language, secrets masked.
     * Customer details are for the agent to remove before publishing (the draft is never public).
     */
    async draftFromReply({ actor, messageId, sectionId }: { actor: User; messageId: string; sectionId: string }): Promise<HelpArticle> {
      await assertEditor(actor);
      const message = await db
        .selectFrom('ticket_messages')
        .innerJoin('tickets', 'tickets.id', 'ticket_messages.ticket_id')
        .innerJoin('users', 'users.id', 'tickets.customer_id')
        .select(['ticket_messages.body', 'ticket_messages.visibility', 'ticket_messages.author_role', 'tickets.subject', 'tickets.number', 'users.language'])
        .where('ticket_messages.id', '=', messageId)
        .executeTakeFirst();
      if (!message || message.visibility !== 'public' || message.author_role !== 'agent') throw helpErrors.replyNotFound();
      const language: HelpLanguage = message.language === 'ru' ? 'ru' : 'en';
      const title = maskSecrets(message.subject).text;
      const body = maskSecrets(message.body).text;
      const slug = `${slugify(title)}-${message.number}-${createId().slice(0, 6)}`;
      return saveArticle({
        actor,
        fields: {
          sectionId,
          slug,
          status: 'draft',
          visibility: 'public',
          position: 0,
          titleEn: language === 'en' ? title : null,
          bodyEn: language === 'en' ? body : null,
          titleRu: language === 'ru' ? title : null,
          bodyRu: language === 'ru' ? body : null,
        },
      });
    },
  };
}
