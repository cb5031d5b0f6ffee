import { DateTime } from 'luxon';
import type { AppDeps } from '../deps.js';
import type { Role } from '../modules/accounts/accounts.models.js';
import { createAccountsRepository } from '../modules/accounts/accounts.repository.js';
import type { LicenseStatus, LicenseType } from '../modules/licenses/licenses.models.js';
import { loadDemoTickets } from './demo.tickets.js';

export const DEMO_PASSWORD = 'supportdesk-demo';

type DemoPerson = { role: Role; email: string; name: string; language: 'en' | 'ru'; timeZone: string; note: string };

const PEOPLE: DemoPerson[] = [
  { role: 'admin', email: 'admin@example.test', name: 'Ada Admin', language: 'en', timeZone: 'Europe/Moscow', note: 'manages people and the calendar' },
  { role: 'agent', email: 'agent@example.test', name: 'Anton Agent', language: 'ru', timeZone: 'Europe/Moscow', note: 'answers tickets' },
  { role: 'agent', email: 'agent2@example.test', name: 'Bella Agent', language: 'en', timeZone: 'Europe/Berlin', note: 'answers tickets' },
  {
    role: 'customer',
    email: 'customer@example.test',
    name: 'Carl Customer',
    language: 'en',
    timeZone: 'America/New_York',
    note: 'fresh commercial license: replies guaranteed',
  },
  {
    role: 'customer',
    email: 'klient@example.test',
    name: 'Клара Клиентова',
    language: 'ru',
    timeZone: 'Asia/Yekaterinburg',
    note: 'license bought over a year ago: best effort',
  },
  {
    role: 'customer',
    email: 'free@example.test',
    name: 'Fiona Free',
    language: 'en',
    timeZone: 'Europe/London',
    note: 'only a free license: suggestions and partnership',
  },
  {
    role: 'customer',
    email: 'refund@example.test',
    name: 'Roman Refund',
    language: 'ru',
    timeZone: 'Europe/Moscow',
    note: 'latest license refunded: falls back to an older one',
  },
];

type DemoLicense = { key: string; email: string; type: LicenseType; purchasedOn: string; status: LicenseStatus; domain: string };

/** Licenses relative to today, so the demo tells the same story whenever it is loaded. */
function listDemoLicenses(today: DateTime): DemoLicense[] {
  const ago = (months: number) => today.minus({ months }).toISODate()!;
  return [
    { key: 'DEMO-CARL-1', email: 'customer@example.test', type: 'commercial', purchasedOn: ago(2), status: 'active', domain: 'carl-shop.example.test' },
    { key: 'DEMO-KLARA-1', email: 'klient@example.test', type: 'commercial', purchasedOn: ago(15), status: 'active', domain: 'klara.example.test' },
    { key: 'DEMO-FIONA-1', email: 'free@example.test', type: 'free', purchasedOn: ago(3), status: 'active', domain: 'fiona.example.test' },
    { key: 'DEMO-ROMAN-1', email: 'refund@example.test', type: 'commercial', purchasedOn: ago(20), status: 'active', domain: 'roman.example.test' },
    { key: 'DEMO-ROMAN-2', email: 'refund@example.test', type: 'commercial', purchasedOn: ago(1), status: 'refunded', domain: 'roman.example.test' },
  ];
}

/** Loads demo people, their licenses and a month of tickets. Safe to run twice. */
export async function loadDemoData({ deps }: { deps: AppDeps }): Promise<{ people: DemoPerson[]; password: string; tickets: number }> {
  const repo = createAccountsRepository({ db: deps.db });
  for (const person of PEOPLE) {
    if (await repo.findUserByEmail({ email: person.email })) continue;
    await deps.accounts.createUser({ ...person, password: DEMO_PASSWORD });
  }
  const today = DateTime.fromMillis(deps.clock.now(), { zone: 'Europe/Moscow' });
  await deps.licenses.upsertLicenses({
    source: 'demo',
    invite: false,
    items: listDemoLicenses(today).map((l) => ({
      key: l.key,
      fields: {
        customerEmail: l.email,
        product: 'DIAFAN.CMS',
        edition: 'Business',
        type: l.type,
        purchasedOn: l.purchasedOn,
        domains: [l.domain],
        status: l.status,
      },
    })),
  });
  const everyone = await repo.findUsersByEmails({ emails: PEOPLE.map((p) => p.email) });
  const { created } = await loadDemoTickets({
    deps,
    customers: everyone.filter((u) => u.role === 'customer'),
    agents: everyone.filter((u) => u.role !== 'customer'),
  });
  return { people: PEOPLE, password: DEMO_PASSWORD, tickets: created };
}
