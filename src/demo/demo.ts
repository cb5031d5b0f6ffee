import { DateTime } from 'luxon';
import type { AppDeps } from '../deps.js';
import type { User } from '../db/types.js';
import { createAccountsRepository } from '../modules/accounts/accounts.repository.js';
import { DEMO_CANNED } from './demo.canned.js';
import { DEMO_CUSTOMERS, listDemoLicenses, STAFF, type DemoPerson } from './demo.people.js';
import type { DemoCustomerProfile } from './demo.plan.js';
import { loadDemoTickets } from './demo.tickets.js';

export const DEMO_PASSWORD = 'supportdesk-demo';

/** How often each customer writes, relative to the others: agencies and busy shops more. */
const WEIGHTS = [3, 1.5, 1, 1.2, 2, 1, 0.8, 1.5, 0.6, 1, 1.3, 0.9];

/**
 * Loads the demo desk: staff, customers with licenses in every standing, shared canned responses
 * in both languages, and 90 days of tickets. Safe to run again: nothing is added twice.
 */
export async function loadDemoData({ deps }: { deps: AppDeps }): Promise<{
  people: DemoPerson[];
  password: string;
  tickets: number;
  skipped?: 'loaded_before' | 'has_tickets';
}> {
  const repo = createAccountsRepository({ db: deps.db });
  const people = [...STAFF, ...DEMO_CUSTOMERS];
  for (const person of people) {
    if (await repo.findUserByEmail({ email: person.email })) continue;
    await deps.accounts.createUser({ ...person, password: DEMO_PASSWORD });
  }
  const today = DateTime.fromMillis(deps.clock.now(), { zone: await deps.calendar.getSupportTimeZone() });
  await deps.licenses.upsertLicenses({
    source: 'demo',
    invite: false,
    items: listDemoLicenses(today).map((l) => ({
      key: l.key,
      fields: {
        customerEmail: l.email,
        product: 'DIAFAN.CMS',
        edition: l.edition,
        type: l.type,
        purchasedOn: l.purchasedOn,
        domains: [l.domain],
        status: l.status,
      },
    })),
  });
  const byEmail = new Map((await repo.findUsersByEmails({ emails: people.map((p) => p.email) })).map((u) => [u.email, u]));
  const staff = STAFF.map((p) => byEmail.get(p.email)!);
  await loadCannedResponses({ deps, admin: staff[0]! });
  const customers = DEMO_CUSTOMERS.map((p) => byEmail.get(p.email)!);
  const profiles: DemoCustomerProfile[] = [];
  for (const [index, customer] of customers.entries()) {
    const { supportEligible } = await deps.licenses.entitlementOf({ customer });
    profiles.push({ language: customer.language, canAskSupport: supportEligible, weight: WEIGHTS[index % WEIGHTS.length]! });
  }
  const agentsFor = (language: 'en' | 'ru') => staff.filter((u) => u.role === 'agent' && u.language === language);
  const { created, skipped } = await loadDemoTickets({ deps, customers, profiles, agents: { en: agentsFor('en'), ru: agentsFor('ru') } });
  return { people, password: DEMO_PASSWORD, tickets: created, skipped };
}

async function loadCannedResponses({ deps, admin }: { deps: AppDeps; admin: User }): Promise<void> {
  const existing = new Set((await deps.db.selectFrom('canned_responses').select('title').where('owner_id', 'is', null).execute()).map((r) => r.title));
  for (const canned of DEMO_CANNED) {
    if (!existing.has(canned.title)) await deps.canned.create({ actor: admin, ...canned, shared: true });
  }
}
