import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';
import { listTickets } from './tickets.queues.js';
import { extractSearchTerms } from './tickets.search.js';

// Assertions here hold on both engines: SQLite matches word prefixes, PostgreSQL stems (Russian
// and English) and then matches prefixes of the stems.
describe.each(TEST_DIALECTS)('full-text search on %s', (dialect) => {
  let ctx: TestContext;
  let agent: Caller;
  let customer: Caller;
  let neighbour: Caller;
  const t = {} as Record<'catalog' | 'yolka' | 'elka' | 'checkout' | 'cart' | 'neighbourCatalog' | 'neighbourCheckout', string>;

  async function open(caller: Caller, subject: string, body: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await openTicket(ctx, caller, { subject, body, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }
  async function search(q: string, caller: Caller = agent, filters = ''): Promise<string[]> {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets?limit=100&q=${encodeURIComponent(q)}${filters}`, headers: caller.headers });
    expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    return (res.json().items as { id: string }[]).map((i) => i.id).sort();
  }
  const ids = (...names: (keyof typeof t)[]) => names.map((n) => t[n]).sort();

  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    agent = await signInAs(ctx, { role: 'agent' });
    customer = await customerWith(ctx, 'fresh');
    neighbour = await customerWith(ctx, 'fresh');
    t.catalog = await open(customer, 'Каталог товаров', 'После обновления каталог не открывается.');
    t.yolka = await open(customer, 'Ёлка на главной', 'Новогодняя ёлка пропала с баннера.');
    t.elka = await open(customer, 'Елка в шапке', 'Елка не видна в шапке сайта.');
    t.checkout = await open(customer, 'Checkout button missing', 'The checkout button disappeared after the upgrade.', { kind: 'problem' });
    t.cart = await open(customer, 'Cart is empty', 'The cart page is empty after the upgrade.');
    t.neighbourCatalog = await open(neighbour, 'Каталог у соседа', 'Не работает фильтр.');
    t.neighbourCheckout = await open(neighbour, 'Checkout total', 'Checkout shows a wrong total.');
    const note = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${t.checkout}/messages`,
      headers: agent.headers,
      payload: { body: 'Zebrafish workaround: flush the template cache.', internal: true },
    });
    expect(note.statusCode).toBe(201);
    const answer = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${t.cart}/messages`,
      headers: agent.headers,
      payload: { body: 'Please reinstall the shop module.' },
    });
    expect(answer.statusCode).toBe(201);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('finds the same page whether the matches are few (looked up first) or many (tested ticket by ticket)', async () => {
    const page = (fewMatches?: number) =>
      listTickets({
        db: ctx.deps.db,
        dialect,
        queue: 'all',
        filters: { q: 'checkout' },
        viewer: { id: agent.userId, isStaff: true },
        now: ctx.clock.now(),
        limit: 1,
        fewMatches,
      });
    const few = await page();
    const many = await page(0); // more than zero matches: the plan without the lookup
    expect(few.rows.map((r) => r.id)).toEqual(many.rows.map((r) => r.id));
    expect(few.rows).toHaveLength(1);
    expect(few.nextCursor).not.toBeNull();
  });

  it('finds Russian words by their beginning, in subjects and messages', async () => {
    expect(await search('катал')).toEqual(ids('catalog', 'neighbourCatalog'));
    expect(await search('каталог')).toEqual(ids('catalog', 'neighbourCatalog'));
    expect(await search('Каталог')).toEqual(ids('catalog', 'neighbourCatalog'));
    expect(await search('товар')).toEqual(ids('catalog'));
    expect(await search('обновлен')).toEqual(ids('catalog'));
    expect(await search('фильтр')).toEqual(ids('neighbourCatalog'));
  });

  it('finds English words by their beginning, in subjects and messages', async () => {
    expect(await search('checkout')).toEqual(ids('checkout', 'neighbourCheckout'));
    expect(await search('check')).toEqual(ids('checkout', 'neighbourCheckout'));
    expect(await search('CHECKOUT')).toEqual(ids('checkout', 'neighbourCheckout'));
    expect(await search('upgrade')).toEqual(ids('checkout', 'cart'));
    expect(await search('disappeared')).toEqual(ids('checkout'));
    expect(await search('reinstall')).toEqual(ids('cart')); // an agent's public reply is searchable
  });

  it('folds ё and е both ways', async () => {
    for (const q of ['ёлка', 'елка', 'ЁЛКА', 'Елка', 'ёл']) expect(await search(q), q).toEqual(ids('yolka', 'elka'));
    expect(await search('шапке')).toEqual(ids('elka'));
    expect(extractSearchTerms('Ёлка, ёж!')).toEqual(['елка', 'еж']);
  });

  it('needs every word of a query to match', async () => {
    expect(await search('checkout button')).toEqual(ids('checkout'));
    expect(await search('button checkout')).toEqual(ids('checkout'));
    expect(await search('checkout cart')).toEqual([]);
    expect(await search('каталог товаров')).toEqual(ids('catalog'));
    expect(await search('каталог фильтр')).toEqual(ids('neighbourCatalog'));
    expect(await search('каталог checkout')).toEqual([]);
    expect(await search('cart reinstall')).toEqual(ids('cart'));
  });

  it('combines with the queue and filters', async () => {
    expect(await search('upgrade', agent, '&status=pending')).toEqual(ids('cart'));
    expect(await search('upgrade', agent, '&kind=problem')).toEqual(ids('checkout'));
    expect(await search('upgrade', agent, '&queue=pending')).toEqual(ids('cart'));
    expect(await search('upgrade', agent, '&queue=due')).toEqual(ids('checkout'));
    expect(await search('checkout', agent, `&customerId=${neighbour.userId}`)).toEqual(ids('neighbourCheckout'));
    expect(await search('каталог', agent, `&customerId=${customer.userId}&status=open`)).toEqual(ids('catalog'));
    expect(await search('каталог', agent, '&status=closed')).toEqual([]);
  });

  it('finds internal-note words for agents only', async () => {
    expect(await search('zebrafish')).toEqual(ids('checkout'));
    expect(await search('zebra checkout')).toEqual(ids('checkout'));
    expect(await search('zebrafish', customer)).toEqual([]);
    expect(await search('zebrafish checkout', customer)).toEqual([]);
    expect(await search('template', customer)).toEqual([]);
    expect(await search('checkout', customer)).toEqual(ids('checkout'));
  });

  it("never shows a customer another customer's ticket", async () => {
    expect(await search('каталог', customer)).toEqual(ids('catalog'));
    expect(await search('каталог', neighbour)).toEqual(ids('neighbourCatalog'));
    expect(await search('checkout', neighbour)).toEqual(ids('neighbourCheckout'));
    expect(await search('upgrade', neighbour)).toEqual([]);
    expect(await search('каталог', neighbour, `&customerId=${customer.userId}`)).toEqual([]);
  });

  it('treats punctuation and query-language words as plain text, never as syntax', async () => {
    const everything = await search('', customer);
    expect(everything).toHaveLength(5);
    // Nothing but punctuation is no search at all: the whole list.
    for (const q of ['"', '*', "'", '-', '()', '"*"', ':', '^', '{}', '&|!', '<->', ':*', '\\', '%', '_', ' '])
      expect(await search(q, customer), q).toEqual(everything);
    // Quotes, stars, hyphens and colons around words separate words and nothing more.
    for (const q of [
      '"checkout"',
      'checkout*',
      '"checkout',
      "checkout'",
      '-checkout',
      'checkout:*',
      '(checkout)',
      'checkout-button',
      '"checkout button"',
      'checkout^',
    ])
      expect(await search(q, customer), q).toEqual(ids('checkout'));
    expect(await search('каталог*', customer)).toEqual(ids('catalog'));
    // Operator words are words: they must match like any other, so these find nothing here.
    for (const q of [
      'checkout OR cart',
      'checkout NEAR button',
      'NEAR(checkout button)',
      'checkout AND cart',
      'public_text: zebrafish',
      '{internal_text}: zebrafish',
      'internal_text:zebrafish',
    ])
      expect(await search(q, customer), q).toEqual([]);
    // SQL is text too, and the tickets are still there afterwards.
    for (const q of ["'; drop table tickets; --", "' OR 1=1 --", '" OR ""="', 'NEAR', 'OR', 'AND', 'NOT', 'ё', '1', '٣', 'ⅷ', '²', '𝔘'])
      expect(everything, q).toEqual(expect.arrayContaining(await search(q, customer)));
    expect(await search('', customer)).toEqual(everything);
    expect(await search('checkout', agent)).toEqual(ids('checkout', 'neighbourCheckout'));
  });

  it('refuses a query over 200 characters, and uses only the first eight words', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets?q=${'a'.repeat(201)}`, headers: agent.headers });
    expect([res.statusCode, res.json().code]).toEqual([400, 'request.invalid']);
    expect(await search('checkout button missing disappeared after upgrade the checkout zzzz')).toEqual(ids('checkout'));
  });

  it('follows edits: a new reply and a new subject are searchable, a merged ticket is found as its target', async () => {
    const id = await open(customer, 'Шрифты', 'Шрифт слишком мелкий.');
    expect(await search('шрифт', customer)).toEqual([id]);
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${id}/messages`,
      headers: customer.headers,
      payload: { body: 'Also the kaleidoscope banner.' },
    });
    expect(await search('kaleidoscope', customer)).toEqual([id]);
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${id}`, headers: agent.headers, payload: { subject: 'Typography quirks' } });
    expect(await search('typography')).toEqual([id]);
    expect(await search('шрифт мелкий')).toEqual([id]);
    const duplicate = await open(customer, 'Marmalade', 'Marmalade colours are off.');
    await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${duplicate}/merge`, headers: agent.headers, payload: { targetId: id } });
    expect(await search('marmalade')).toEqual([id]);
  });

  it('a word that begins like a stop word is still found by its beginning', async () => {
    const id = await open(neighbour, 'Заказ онлайн', 'The order form is broken online.');
    for (const q of ['за', 'заказ', 'on', 'or', 'order', 'онлайн', 'the order', 'order the', 'за заказ', 'is broken'])
      expect(await search(q, neighbour), q).toEqual([id]);
  });
});
