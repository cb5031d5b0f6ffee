// The help center at scale: BENCH_HELP_ARTICLES published articles (default 10,000) in both
// languages written straight to the database (with their search documents), the app listening on
// a local port in this process, and p50/p95 over 200 sequential requests (after 10 warm-up ones)
// of a published article page and of a two-word help search, in English and in Russian.
// Run directly: `BENCH_HELP_ARTICLES=1000 npx tsx bench/help.bench.ts [sqlite|postgres]`.
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { DialectName } from '../src/db/database.js';
import { createId } from '../src/shared/ids.js';
import { indexArticle } from '../src/modules/help/help.search.js';
import { createTestContext } from '../test/app.js';

const ARTICLES = Number(process.env.BENCH_HELP_ARTICLES ?? 10_000);
const EN = [
  'license',
  'update',
  'catalog',
  'backup',
  'cache',
  'server',
  'domain',
  'module',
  'template',
  'order',
  'payment',
  'mail',
  'search',
  'import',
  'export',
  'agent',
  'error',
  'page',
  'image',
  'theme',
];
const RU = [
  'лицензия',
  'обновление',
  'каталог',
  'копия',
  'кэш',
  'сервер',
  'домен',
  'модуль',
  'шаблон',
  'заказ',
  'оплата',
  'почта',
  'поиск',
  'импорт',
  'экспорт',
  'ошибка',
  'страница',
  'картинка',
  'тема',
  'сайт',
];

interface Result {
  name: string;
  value: number;
  unit: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeRequests(url: string, count = 200): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < count + 10; i++) {
    const started = performance.now();
    const res = await fetch(url);
    await res.text();
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    if (i >= 10) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: Math.round(percentile(times, 50) * 100) / 100, p95: Math.round(percentile(times, 95) * 100) / 100 };
}

/** A pseudo-random text of `n` words from a vocabulary, the same for the same seed. */
function words(vocabulary: string[], seed: number, n: number): string {
  let x = seed * 2_654_435_761;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    out.push(vocabulary[x % vocabulary.length]!);
  }
  return out.join(' ');
}

export async function benchHelp(dialect: DialectName): Promise<Result[]> {
  const ctx = await createTestContext({ dialect, config: { rateLimitPerMinute: 0 } });
  try {
    const { db } = ctx.deps;
    const now = Date.now();
    const category = { id: createId(), slug: 'bench', position: 0, title_en: 'Bench', title_ru: 'Тест', created_at: now, updated_at: now };
    const section = { ...category, id: createId(), category_id: category.id };
    await db.insertInto('help_categories').values(category).execute();
    await db.insertInto('help_sections').values(section).execute();
    for (let start = 1; start <= ARTICLES; start += 500) {
      await db.transaction().execute(async (trx) => {
        for (let n = start; n < Math.min(start + 500, ARTICLES + 1); n++) {
          const article = {
            id: createId(),
            number: n,
            section_id: section.id,
            slug: `article-${n}`,
            status: 'published' as const,
            visibility: 'public' as const,
            position: 0,
            title_en: `How to ${words(EN, n, 4)} ${n}`,
            body_en: `${words(EN, n + 1, 120)}\n\n\`\`\`sh\nsupportdesk help\n\`\`\`\n\n${words(EN, n + 2, 120)}`,
            title_ru: `Как ${words(RU, n, 4)} ${n}`,
            body_ru: words(RU, n + 3, 240),
            views: 0,
            created_at: now,
            updated_at: now,
            published_at: now,
            updated_by: null,
          };
          await trx.insertInto('help_articles').values(article).execute();
          await indexArticle({ db: trx, dialect, article });
        }
      });
    }
    await db.updateTable('counters').set({ value: ARTICLES }).where('name', '=', 'help_article_number').execute();
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
    const page = await timeRequests(`${base}/help/articles/article-${Math.ceil(ARTICLES / 2)}?lang=en`);
    const searchEn = await timeRequests(`${base}/api/v1/help/search?q=${encodeURIComponent('backup cache')}&language=en&limit=5`);
    const searchRu = await timeRequests(`${base}/api/v1/help/search?q=${encodeURIComponent('резервную копию')}&language=ru&limit=5`);
    const pageSearch = await timeRequests(`${base}/help/search?q=${encodeURIComponent('catalog payment')}&lang=en`);
    const d = dialect;
    return [
      { name: `help.article_page.p50.${d}`, value: page.p50, unit: 'ms' },
      { name: `help.article_page.p95.${d}`, value: page.p95, unit: 'ms' },
      { name: `help.search_api_en.p50.${d}`, value: searchEn.p50, unit: 'ms' },
      { name: `help.search_api_en.p95.${d}`, value: searchEn.p95, unit: 'ms' },
      { name: `help.search_api_ru.p95.${d}`, value: searchRu.p95, unit: 'ms' },
      { name: `help.search_page.p95.${d}`, value: pageSearch.p95, unit: 'ms' },
    ];
  } finally {
    await ctx.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dialect = (process.argv[2] ?? 'sqlite') as DialectName;
  for (const r of await benchHelp(dialect)) process.stdout.write(`${r.name}: ${r.value} ${r.unit}\n`);
}
