import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { giveLicense, openTicket } from '../../../test/tickets.js';
import { domainOf } from './tickets.search.js';

// Search by what agents know about a ticket: its number, the customer's email or name, the license
// key, the site; each result says why it matched. Customers still see only their own tickets.
describe.each(TEST_DIALECTS)('finding tickets by number, customer, license and domain on %s', (dialect) => {
  let ctx: TestContext;
  let agent: Caller;
  let ivan: Caller;
  let olga: Caller;
  const t = {} as Record<'ivanShop' | 'ivanBlog' | 'olgaShop' | 'mentions', { id: string; number: number }>;

  async function open(caller: Caller, body: Record<string, unknown>) {
    const res = await openTicket(ctx, caller, body);
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().id as string, number: res.json().number as number };
  }
  async function find(q: string, caller: Caller = agent, extra = '') {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets?limit=100&q=${encodeURIComponent(q)}${extra}`, headers: caller.headers });
    expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    const items = res.json().items as { id: string; matchedBy?: string[] }[];
    return Object.fromEntries(items.map((i) => [i.id, i.matchedBy]));
  }

  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    agent = await signInAs(ctx, { role: 'agent' });
    ivan = await signInAs(ctx, { role: 'customer', name: 'Иван Петров', email: 'ivan.petrov@shop.example' });
    olga = await signInAs(ctx, { role: 'customer', name: 'Olga Smirnova', email: 'olga@blog.example' });
    await giveLicense(ctx, { email: ivan.email, key: 'DC-IVAN-0001', domains: ['Shop.Example.com'] });
    await giveLicense(ctx, { email: ivan.email, key: 'DC-IVAN-0002', domains: ['blog.example.com'] });
    await giveLicense(ctx, { email: olga.email, key: 'DC-OLGA-0001', domains: ['olga.example.org'] });
    t.ivanShop = await open(ivan, { subject: 'Checkout broken', body: 'The checkout fails.', licenseKey: 'DC-IVAN-0001' });
    t.ivanBlog = await open(ivan, { subject: 'Blog comments', body: 'Comments vanish.', licenseKey: 'DC-IVAN-0002' });
    t.olgaShop = await open(olga, { subject: 'Menu', body: 'The menu is gone.', licenseKey: 'DC-OLGA-0001', site: 'shop.example.com' });
    t.mentions = await open(olga, { subject: 'Question about Petrov', body: `Like ticket ${t.ivanShop.number}, I think.` });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('finds a ticket by its number, with or without #, and says so', async () => {
    const byNumber = await find(String(t.ivanBlog.number));
    expect(byNumber[t.ivanBlog.id]).toEqual(['number']);
    expect(await find(`#${t.ivanBlog.number}`)).toEqual({ [t.ivanBlog.id]: ['number'] });
    // The number's words also find a message that names it.
    const shop = await find(`${t.ivanShop.number}`);
    expect(shop[t.ivanShop.id]).toEqual(['number']);
    expect(shop[t.mentions.id]).toEqual(['message']);
  });

  it("finds a customer's tickets by email and by the beginning of the name, in any case", async () => {
    const both = { [t.ivanShop.id]: ['email'], [t.ivanBlog.id]: ['email'] };
    expect(await find('ivan.petrov@shop.example')).toEqual(both);
    expect(await find('IVAN.Petrov@shop.example')).toEqual(both);
    const byName = await find('иван');
    expect(byName[t.ivanShop.id]).toEqual(['name']);
    expect(byName[t.ivanBlog.id]).toEqual(['name']);
    expect((await find('Olga Smir'))[t.olgaShop.id]).toEqual(['name']);
    expect((await find('olga'))[t.olgaShop.id]).toEqual(['name']);
    // "Petrov" is a word of another ticket's subject, not the beginning of a name.
    expect(await find('petrov')).toEqual({ [t.mentions.id]: ['subject'] });
  });

  it('finds tickets by license key and by site domain', async () => {
    expect(await find('DC-IVAN-0002')).toEqual({ [t.ivanBlog.id]: ['license'] });
    expect(await find('dc-ivan-0002')).toEqual({ [t.ivanBlog.id]: ['license'] });
    // The site defaults to the license's first domain, as entered; any case finds it.
    expect(await find('shop.example.com')).toEqual({ [t.olgaShop.id]: ['domain'] });
    expect(await find('Shop.Example.com')).toEqual({ [t.ivanShop.id]: ['domain'], [t.olgaShop.id]: ['domain'] });
    expect(await find('https://blog.example.com/wp-admin')).toEqual({ [t.ivanBlog.id]: ['domain'] });
    expect(domainOf('https://www.Shop.example.com/path?x=1')).toBe('www.Shop.example.com');
    expect(domainOf('two words.com')).toBeUndefined();
  });

  it('combines what the query names with the filters', async () => {
    expect(await find('ivan.petrov@shop.example', agent, '&kind=problem')).toEqual({});
    expect(await find('ivan.petrov@shop.example', agent, `&licenseKey=DC-IVAN-0001`)).toEqual({ [t.ivanShop.id]: ['email'] });
    const tomorrow = new Date(ctx.clock.now() + 86_400_000).toISOString();
    const yesterday = new Date(ctx.clock.now() - 86_400_000).toISOString();
    expect(Object.keys(await find('иван', agent, `&createdFrom=${yesterday}&createdTo=${tomorrow}`))).toHaveLength(2);
    expect(await find('иван', agent, `&createdFrom=${tomorrow}`)).toEqual({});
    expect(await find('иван', agent, `&updatedTo=${yesterday}`)).toEqual({});
  });

  it("never finds another customer's tickets for a customer, whatever the query names", async () => {
    expect(await find('DC-IVAN-0001', olga)).toEqual({});
    expect(await find('ivan.petrov@shop.example', olga)).toEqual({});
    expect(await find(String(t.ivanShop.number), olga)).toEqual({ [t.mentions.id]: ['message'] });
    expect(await find(`#${t.olgaShop.number}`, olga)).toEqual({ [t.olgaShop.id]: ['number'] });
    expect(await find('иван', olga)).toEqual({});
    expect(await find('shop.example.com', ivan)).toEqual({});
  });

  it('sorts by the order asked for', async () => {
    const ids = async (sort: string) => {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets?limit=100&customerId=${ivan.userId}&sort=${sort}`, headers: agent.headers });
      return (res.json().items as { id: string }[]).map((i) => i.id);
    };
    expect(await ids('created_asc')).toEqual([t.ivanShop.id, t.ivanBlog.id]);
    expect(await ids('created_desc')).toEqual([t.ivanBlog.id, t.ivanShop.id]);
  });
});
