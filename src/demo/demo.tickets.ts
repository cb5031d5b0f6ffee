import { createDeps, type AppDeps } from '../deps.js';
import type { TicketKind, User } from '../db/types.js';
import { createManualClock } from '../shared/clock.js';
import { DECLINE_REASONS } from '../modules/tickets/tickets.models.js';

const SUBJECTS: Record<TicketKind, string[]> = {
  question: [
    'How do I add a second language to the catalog?',
    'Как настроить доставку по регионам?',
    'Can the news module show only one category?',
    'Как перенести сайт на другой хостинг?',
    'Where do I change the order e-mail template?',
  ],
  problem: [
    'Error 500 on the cart page after the update',
    'Не отправляется форма обратной связи',
    'Search returns nothing for Cyrillic words',
    'После обновления пропали фото товаров',
    'Admin panel logs me out every minute',
  ],
  emergency: ['The site is down after the update', 'Сайт взломан, на главной чужая реклама', 'Database errors on every page'],
  suggestion: ['Please add a dark theme to the admin panel', 'Добавьте экспорт заказов в CSV', 'Bulk editing of product prices'],
  partnership: ['We are an agency and would like to resell licenses', 'Предложение о партнёрстве: интеграция с нашей CRM'],
};

const BODIES = [
  'After updating to the latest version the page shows an error. I have not changed any templates.\n\nSite: **example.test**',
  'Подскажите, пожалуйста, где это настраивается? В документации не нашёл.',
  'Steps: open the admin panel, go to Shop → Orders, click "Export". Nothing happens.',
  'Since yesterday the problem appears on every page. Logs are attached.',
];

/** A small deterministic random source, so every demo load tells the same story. */
function createRandom(seed: number) {
  let state = seed;
  return {
    next(): number {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    },
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(this.next() * items.length)]!;
    },
  };
}

/**
 * A few hundred tickets over the last month, in every kind and state: answered, waiting,
 * breached, best effort, declined, resolved, closed, rated. Runs only once per database.
 */
export async function loadDemoTickets({
  deps,
  customers,
  agents,
  count = 300,
}: {
  deps: AppDeps;
  customers: User[];
  agents: User[];
  count?: number;
}): Promise<{ created: number }> {
  const existing = await deps.db.selectFrom('tickets').select('id').limit(1).executeTakeFirst();
  if (existing) return { created: 0 };
  const now = deps.clock.now();
  const clock = createManualClock(now - 30 * 24 * 3600_000);
  const demo = createDeps({ config: deps.config, db: deps.db, dialect: deps.dialect, clock, logger: deps.logger });
  const random = createRandom(42);
  const step = (30 * 24 * 3600_000) / count;
  let created = 0;
  for (let i = 0; i < count; i++) {
    clock.set(now - 30 * 24 * 3600_000 + i * step);
    const customer = random.pick(customers);
    const entitlement = await demo.licenses.entitlementOf({ customer });
    const kinds: TicketKind[] = entitlement.supportEligible
      ? ['question', 'question', 'problem', 'problem', 'emergency', 'suggestion', 'partnership']
      : ['suggestion', 'partnership'];
    const kind = random.pick(kinds);
    const { ticket } = await demo.tickets.createTicket({ actor: customer, kind, subject: random.pick(SUBJECTS[kind]), body: random.pick(BODIES) });
    created++;
    const agent = random.pick(agents);
    const age = now - clock.now();
    const roll = random.next();
    // Recent tickets mostly still wait; older ones have moved on.
    if (age < 2 * 24 * 3600_000 && roll < 0.7) continue;
    if (roll < 0.1) continue; // left waiting: breached when old enough, or best effort
    await demo.ticketActions.assign({ actor: agent, ticketId: ticket.id, assigneeId: agent.id });
    clock.advance(random.next() * 30 * 3600_000);
    if (kind !== 'suggestion' && kind !== 'partnership' && roll < 0.18) {
      await demo.tickets.declineTicket({ actor: agent, ticketId: ticket.id, reason: random.pick(DECLINE_REASONS) });
      continue;
    }
    await demo.tickets.addMessage({ actor: agent, ticketId: ticket.id, body: 'Thank you! Could you tell us which version you run and attach a screenshot?' });
    if (roll < 0.35) continue; // pending: the customer's turn
    clock.advance(random.next() * 10 * 3600_000);
    await demo.tickets.addMessage({ actor: customer, ticketId: ticket.id, body: 'Version 7.1, screenshot attached.' });
    if (roll < 0.45) continue; // the customer answered: support's turn again
    clock.advance(random.next() * 20 * 3600_000);
    await demo.tickets.addMessage({
      actor: agent,
      ticketId: ticket.id,
      body: 'Fixed: clear the cache in Settings → Cache and reload the page.',
      status: 'resolved',
    });
    if (roll < 0.8) await demo.ticketActions.rate({ actor: customer, ticketId: ticket.id, rating: 3 + Math.floor(random.next() * 3) });
  }
  await demo.ticketActions.closeStaleResolved({ afterMs: 7 * 24 * 3600_000 });
  return { created };
}
