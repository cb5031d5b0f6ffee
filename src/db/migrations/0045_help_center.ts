import { sql, type Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// The help center: categories hold sections, sections hold articles; an article carries its
// English and Russian text side by side (either may be missing), its revisions, readers' votes,
// and the deflection events of the new-request form. Published articles have a search document.

async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  try {
    const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
    return String(rows[0]?.v).startsWith('PostgreSQL');
  } catch {
    return false;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = await isPostgres(db);
  await db.schema
    .createTable('help_categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('title_ru', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('help_sections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('category_id', 'text', (c) => c.notNull().references('help_categories.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('title_ru', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('help_sections_slug_unique', ['category_id', 'slug'])
    .execute();
  await db.schema
    .createTable('help_articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'bigint', (c) => c.notNull().unique())
    .addColumn('section_id', 'text', (c) => c.notNull().references('help_sections.id'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title_en', 'text')
    .addColumn('body_en', 'text')
    .addColumn('title_ru', 'text')
    .addColumn('body_ru', 'text')
    .addColumn('views', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('published_at', 'bigint')
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('help_articles_section_idx').on('help_articles').columns(['section_id', 'status', 'position']).execute();
  await db.schema
    .createTable('help_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('help_articles.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('help_revisions_article_idx').on('help_revisions').columns(['article_id', 'created_at']).execute();
  await db.schema
    .createTable('help_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('help_articles.id').onDelete('cascade'))
    .addColumn('is_helpful', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('help_feedback_article_idx').on('help_feedback').columns(['article_id']).execute();
  // The uploads an article shows as images: served publicly while a readable article shows them, and
  // never purged as unattached uploads.
  await db.schema
    .createTable('help_article_images')
    .addColumn('article_id', 'text', (c) => c.notNull().references('help_articles.id').onDelete('cascade'))
    .addColumn('attachment_id', 'text', (c) => c.notNull().references('attachments.id'))
    .addPrimaryKeyConstraint('help_article_images_pk', ['article_id', 'attachment_id'])
    .execute();
  await db.schema.createIndex('help_article_images_attachment_idx').on('help_article_images').columns(['attachment_id']).execute();
  // One row per form visit and what happened: `opened` (an article suggested on it, article_id set)
  // and `abandoned` (left without sending, article_id ''); the key makes a repeated report harmless.
  await db.schema
    .createTable('help_deflections')
    .addColumn('visit_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('help_deflections_pk', ['visit_id', 'kind', 'article_id'])
    .execute();
  await db.schema.createIndex('help_deflections_time_idx').on('help_deflections').columns(['created_at']).execute();
  await db
    .insertInto('counters' as never)
    .values({ name: 'help_article_number', value: 0 } as never)
    .execute();
  if (pg) {
    await db.schema
      .createTable('help_search')
      .addColumn('article_id', 'text', (c) => c.primaryKey().references('help_articles.id').onDelete('cascade'))
      .addColumn('doc', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index help_search_doc_idx on help_search using gin (doc)`.execute(db);
  } else {
    await sql`create virtual table help_search using fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'help_search',
    'help_article_images',
    'help_deflections',
    'help_feedback',
    'help_revisions',
    'help_articles',
    'help_sections',
    'help_categories',
  ]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
  await sql`delete from counters where name = 'help_article_number'`.execute(db);
}
