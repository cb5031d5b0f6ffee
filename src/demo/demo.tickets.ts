import { createDeps, type AppDeps } from '../deps.js';
import type { User } from '../db/types.js';
import { createManualClock } from '../shared/clock.js';
import { createSettingsRepository } from '../modules/settings/settings.repository.js';
import { planDemo, type DemoAction, type DemoCustomerProfile, type PlannedTicket } from './demo.plan.js';
import { EN_SCRIPTS } from './demo.scripts.en.js';
import { RU_SCRIPTS } from './demo.scripts.ru.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Marks a database the demo tickets were loaded into, so a second run adds none. */
export const DEMO_TICKETS_SETTING = 'demo.tickets_loaded';

/**
 * Plays the demo desk's last `days` days through the real use cases, in time order, with a clock
 * that never passes now: tickets opened, assigned, clarified, answered, declined, reopened,
 * withdrawn, rated, closed by the hourly job, followed up, and emergency access asked for.
 */
export async function loadDemoTickets({
  deps,
  customers,
  profiles,
  agents,
  count = 600,
  days = 90,
}: {
  deps: AppDeps;
  customers: User[];
  profiles: DemoCustomerProfile[];
  /** Staff by language: who answers a customer writing in it. */
  agents: Record<'en' | 'ru', User[]>;
  count?: number;
  days?: number;
}): Promise<{ created: number; skipped?: 'loaded_before' | 'has_tickets' }> {
  const settings = createSettingsRepository({ db: deps.db });
  if (await settings.read({ key: DEMO_TICKETS_SETTING })) return { created: 0, skipped: 'loaded_before' };
  if (await deps.db.selectFrom('tickets').select('id').limit(1).executeTakeFirst()) return { created: 0, skipped: 'has_tickets' };

  const now = deps.clock.now();
  const { tickets, steps } = planDemo({ count, days, now, customers: profiles, scripts: { en: EN_SCRIPTS, ru: RU_SCRIPTS } });
  const clock = createManualClock(now - days * DAY);
  const demo = createDeps({ config: deps.config, db: deps.db, dialect: deps.dialect, clock, logger: deps.logger });
  const isVaultAvailable = (await demo.vault.status()).available;
  const ids = new Map<number, string>();
  const assignees = new Map<number, User>();
  const closeAfterMs = deps.config.autoCloseDays * DAY;
  let nextHourlyJob = Math.ceil((now - days * DAY) / HOUR) * HOUR;
  // When a resolved ticket may first be closed; the hourly job only has work once one has passed
  // (running it every simulated hour was thousands of empty queries).
  const closeDeadlines: number[] = [];
  const closeDueBy = async (until: number) => {
    while (nextHourlyJob <= until) {
      if (closeDeadlines.some((deadline) => deadline < nextHourlyJob)) {
        clock.set(nextHourlyJob);
        await demo.ticketActions.closeStaleResolved({ afterMs: closeAfterMs });
        for (let i = closeDeadlines.length - 1; i >= 0; i--) if (closeDeadlines[i]! < nextHourlyJob) closeDeadlines.splice(i, 1);
      }
      nextHourlyJob += HOUR;
    }
  };

  for (const step of steps) {
    // The hourly job closes resolved tickets nobody answered for a week, as `serve` would have.
    await closeDueBy(step.at);
    clock.set(step.at);
    const planned = tickets[step.ticket]!;
    const customer = customers[planned.customerIndex]!;
    const language = profiles[planned.customerIndex]!.language;
    const agent = assignees.get(step.ticket) ?? agents[language][step.ticket % agents[language].length]!;
    await play({ action: step.action, planned, customer, agent });
    if (isResolving(step.action)) closeDeadlines.push(step.at + closeAfterMs);
  }
  await closeDueBy(now);
  await forgetDemoMail({ deps, customerIds: customers.map((c) => c.id) });
  await settings.write({ key: DEMO_TICKETS_SETTING, value: { at: now, tickets: ids.size }, at: now });
  return { created: ids.size };

  async function play({ action, planned, customer, agent }: { action: DemoAction; planned: PlannedTicket; customer: User; agent: User }): Promise<void> {
    const { script } = planned;
    const ticketId = ids.get(planned.index)!;
    switch (action.type) {
      case 'open': {
        const { ticket } = await demo.tickets.createTicket({ actor: customer, kind: script.kind, subject: planned.subject, body: script.opening });
        ids.set(planned.index, ticket.id);
        return;
      }
      case 'assign':
        assignees.set(planned.index, agent);
        await demo.ticketActions.assign({ actor: agent, ticketId, assigneeId: agent.id });
        return;
      case 'note':
        await demo.tickets.addMessage({ actor: agent, ticketId, body: action.body, internal: true });
        return;
      case 'tag':
        await demo.ticketActions.updateFields({ actor: agent, ticketId, changes: { tags: action.tags } });
        return;
      case 'clarify':
        await demo.tickets.addMessage({ actor: agent, ticketId, body: script.clarify });
        return;
      case 'request_access':
        if (isVaultAvailable)
          await demo.vault.requestAccess({
            actor: agent,
            ticketId,
            kind: 'ftp',
            reason: customer.language === 'ru' ? 'Проверить файлы сайта' : 'Check the site files',
          });
        return;
      case 'details':
        await demo.tickets.addMessage({ actor: customer, ticketId, body: script.details });
        return;
      case 'answer':
        await demo.tickets.addMessage({ actor: agent, ticketId, body: script.answer, status: action.isResolving ? 'resolved' : 'pending' });
        return;
      case 'decline':
        await demo.tickets.declineTicket({ actor: agent, ticketId, reason: script.decline!.reason, note: script.decline!.note });
        return;
      case 'better_info':
        await demo.tickets.addMessage({ actor: customer, ticketId, body: script.decline!.betterInfo });
        return;
      case 'resolve_silent':
        await demo.ticketActions.changeStatus({ actor: agent, ticketId, status: 'resolved' });
        return;
      case 'withdraw':
        await demo.ticketActions.changeStatus({ actor: customer, ticketId, status: 'resolved' });
        return;
      case 'rate':
        await demo.ticketActions.rate({ actor: customer, ticketId, rating: action.rating, comment: action.comment });
        return;
      case 'follow_up': {
        const body =
          customer.language === 'ru'
            ? 'Снова та же проблема, что и в прошлый раз. Посмотрите, пожалуйста.'
            : 'The same problem is back again. Could you have a look?';
        await demo.tickets.addMessage({ actor: customer, ticketId, body });
        return;
      }
    }
  }
}

/** Whether the action leaves the ticket resolved (and so, a week later, closed by the hourly job). */
function isResolving(action: DemoAction): boolean {
  return (action.type === 'answer' && action.isResolving) || action.type === 'decline' || action.type === 'withdraw' || action.type === 'resolve_silent';
}

/**
 * The history's mails were never meant to leave: demo addresses are example.test. Without this,
 * configuring SMTP later would send a season of notifications at once.
 */
async function forgetDemoMail({ deps, customerIds }: { deps: AppDeps; customerIds: string[] }): Promise<void> {
  const demoTickets = deps.db.selectFrom('tickets').select('id').where('customer_id', 'in', customerIds);
  await deps.db.deleteFrom('mail_outbox').where('ticket_id', 'in', demoTickets).execute();
  const ours = new Set((await demoTickets.execute()).map((t) => t.id));
  const queued = await deps.db
    .selectFrom('jobs')
    .select(['id', 'payload'])
    .where('status', '=', 'queued')
    .where('name', 'in', ['notifications.ticket_created', 'tickets.auto_assign'])
    .execute();
  const demoJobs = queued.filter((job) => ours.has((JSON.parse(job.payload) as { ticketId?: string }).ticketId ?? '')).map((job) => job.id);
  for (let i = 0; i < demoJobs.length; i += 200)
    await deps.db
      .deleteFrom('jobs')
      .where('id', 'in', demoJobs.slice(i, i + 200))
      .execute();
}
