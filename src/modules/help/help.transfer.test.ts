import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { ArticleFileError, parseArticleFile, serializeArticleFile } from './help.files.js';
import { exportHelpDirectory, importHelpDirectory } from './help.transfer.js';

describe('help article files', () => {
  it('take the title from the first heading when the front matter has none', () => {
    const file = parseArticleFile('---\ncategory: setup\nlanguage: ru\nslug: install\n---\n# Установка\n\nСкачайте архив.\n', 'install.ru.md');
    expect(file).toMatchObject({
      category: 'setup',
      section: 'general',
      language: 'ru',
      slug: 'install',
      title: 'Установка',
      status: 'published',
      body: 'Скачайте архив.\n',
    });
    expect(parseArticleFile(serializeArticleFile({ ...file, title: 'Шаг 1: архив' }), 'again')).toEqual({ ...file, title: 'Шаг 1: архив' });
  });

  it('name the file and the field that is wrong', () => {
    expect(() => parseArticleFile('# No front matter', 'a.md')).toThrow(
      new ArticleFileError('a.md: no front matter (a "---" block with category, language and slug)'),
    );
    expect(() => parseArticleFile('---\ncategory: x\nlanguage: de\nslug: y\n---\n# T\n', 'b.md')).toThrow('b.md: language must be en or ru');
    expect(() => parseArticleFile('---\ncategory: X Y\nlanguage: en\nslug: y\n---\n# T\n', 'c.md')).toThrow('c.md: category must be');
  });
});

describe.each(TEST_DIALECTS)('help import and export on %s', (dialect) => {
  let ctx: TestContext;
  let dir: string;

  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'help-import-'));
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a folder of Markdown (both languages of one article merge by slug), exports it back, and a second import updates', async () => {
    const src = path.join(dir, 'src');
    fs.mkdirSync(path.join(src, 'nested'), { recursive: true });
    fs.writeFileSync(
      path.join(src, 'update.en.md'),
      '---\ncategory: updates\nsection: core\nlanguage: en\nslug: update-core\n---\n# Updating the core\n\nRun `update`.\n',
    );
    fs.writeFileSync(
      path.join(src, 'nested', 'update.ru.md'),
      '---\ncategory: updates\nsection: core\nlanguage: ru\nslug: update-core\ntitle: Обновление ядра\n---\nЗапустите `update`.\n',
    );
    fs.writeFileSync(path.join(src, 'draft.md'), '---\ncategory: updates\nlanguage: en\nslug: later\nstatus: draft\n---\n# Later\n\nSoon.\n');
    expect(await importHelpDirectory({ db: ctx.deps.db, help: ctx.deps.help, dir: src })).toEqual({ files: 3, created: 2, updated: 0 });

    const found = await ctx.deps.helpReading.search({ query: 'обновление ядра', isSignedIn: false, limit: 5 });
    expect(found.map((a) => [a.slug, a.title_en, a.title_ru])).toEqual([['update-core', 'Updating the core', 'Обновление ядра']]);

    const out = path.join(dir, 'out');
    expect(await exportHelpDirectory({ db: ctx.deps.db, dir: out })).toEqual({ articles: 2, files: 3 });
    const ru = fs.readFileSync(path.join(out, 'updates', 'update-core.ru.md'), 'utf8');
    expect(ru).toContain('language: ru\nslug: update-core\ntitle: Обновление ядра\nstatus: published');
    fs.writeFileSync(
      path.join(out, 'updates', 'update-core.en.md'),
      fs.readFileSync(path.join(out, 'updates', 'update-core.en.md'), 'utf8').replace('Run', 'Now run'),
    );
    expect(await importHelpDirectory({ db: ctx.deps.db, help: ctx.deps.help, dir: out })).toEqual({ files: 3, created: 0, updated: 2 });
    const article = await ctx.deps.db.selectFrom('help_articles').selectAll().where('slug', '=', 'update-core').executeTakeFirstOrThrow();
    expect(article.body_en).toContain('Now run `update`.');
  });

  it('a bad file stops the import before anything is written', async () => {
    const bad = path.join(dir, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'a.md'), '---\ncategory: misc\nlanguage: en\nslug: fine-one\n---\n# Fine\n');
    fs.writeFileSync(path.join(bad, 'b.md'), '---\ncategory: misc\nlanguage: xx\nslug: broken\n---\n# Broken\n');
    await expect(importHelpDirectory({ db: ctx.deps.db, help: ctx.deps.help, dir: bad })).rejects.toThrow('b.md: language must be en or ru');
    expect(await ctx.deps.db.selectFrom('help_articles').select('id').where('slug', '=', 'fine-one').executeTakeFirst()).toBeUndefined();
  });
});
