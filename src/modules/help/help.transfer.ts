import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.js';
import { ArticleFileError, parseArticleFile, serializeArticleFile, type ArticleFile } from './help.files.js';
import type { HelpUsecases } from './help.usecases.js';

const titleCase = (slug: string) => slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

function listMarkdown(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.md'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * `help import DIR`: every Markdown file under DIR (one language of one article each) is read and
 * checked first, so a bad file changes nothing; then articles are created or updated by slug, each
 * in its own transaction. Missing categories and sections are made from their slugs.
 */
export async function importHelpDirectory({ db, help, dir }: { db: Db; help: HelpUsecases; dir: string }) {
  const files = listMarkdown(dir).map((file) => parseArticleFile(fs.readFileSync(file, 'utf8'), path.relative(dir, file)));
  const bySlug = new Map<string, ArticleFile[]>();
  for (const f of files) bySlug.set(f.slug, [...(bySlug.get(f.slug) ?? []), f]);
  for (const [slug, parts] of bySlug) {
    if (new Set(parts.map((p) => p.language)).size !== parts.length) throw new ArticleFileError(`${slug}: the same language appears twice`);
  }
  let created = 0;
  let updated = 0;
  const sectionIds = new Map<string, string>();
  async function sectionFor(category: string, section: string): Promise<string> {
    const key = `${category}/${section}`;
    const known = sectionIds.get(key);
    if (known) return known;
    let cat = await db.selectFrom('help_categories').selectAll().where('slug', '=', category).executeTakeFirst();
    cat ??= await help.createCategory({ actor: null, fields: { slug: category, position: 0, titleEn: titleCase(category), titleRu: titleCase(category) } });
    let sec = await db.selectFrom('help_sections').selectAll().where('category_id', '=', cat.id).where('slug', '=', section).executeTakeFirst();
    sec ??= await help.createSection({
      actor: null,
      categoryId: cat.id,
      fields: { slug: section, position: 0, titleEn: titleCase(section), titleRu: titleCase(section) },
    });
    sectionIds.set(key, sec.id);
    return sec.id;
  }
  for (const [slug, parts] of bySlug) {
    const first = parts[0]!;
    const en = parts.find((p) => p.language === 'en');
    const ru = parts.find((p) => p.language === 'ru');
    const fields = {
      sectionId: await sectionFor(first.category, first.section),
      slug,
      status: first.status,
      visibility: first.visibility,
      position: 0,
      titleEn: en?.title ?? null,
      bodyEn: en?.body ?? null,
      titleRu: ru?.title ?? null,
      bodyRu: ru?.body ?? null,
    };
    const existing = await db.selectFrom('help_articles').select('id').where('slug', '=', slug).executeTakeFirst();
    if (existing) {
      await help.updateArticle({ actor: null, id: existing.id, changes: fields });
      updated++;
    } else {
      await help.createArticle({ actor: null, fields });
      created++;
    }
  }
  return { files: files.length, created, updated };
}

/** `help export DIR`: each article's languages as `DIR/<category>/<slug>.<language>.md`. */
export async function exportHelpDirectory({ db, dir }: { db: Db; dir: string }) {
  const rows = await db
    .selectFrom('help_articles')
    .innerJoin('help_sections', 'help_sections.id', 'help_articles.section_id')
    .innerJoin('help_categories', 'help_categories.id', 'help_sections.category_id')
    .selectAll('help_articles')
    .select(['help_sections.slug as section_slug', 'help_categories.slug as category_slug'])
    .orderBy('help_articles.number')
    .execute();
  let written = 0;
  for (const a of rows) {
    for (const language of ['en', 'ru'] as const) {
      const title = language === 'en' ? a.title_en : a.title_ru;
      if (title === null) continue;
      const body = (language === 'en' ? a.body_en : a.body_ru) ?? '';
      const folder = path.join(dir, a.category_slug);
      fs.mkdirSync(folder, { recursive: true });
      const file = { category: a.category_slug, section: a.section_slug, language, slug: a.slug, title, status: a.status, visibility: a.visibility, body };
      fs.writeFileSync(path.join(folder, `${a.slug}.${language}.md`), serializeArticleFile(file));
      written++;
    }
  }
  return { articles: rows.length, files: written };
}
