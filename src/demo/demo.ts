import type { AppDeps } from '../deps.js';
import type { Role } from '../modules/accounts/accounts.models.js';
import { createAccountsRepository } from '../modules/accounts/accounts.repository.js';

export const DEMO_PASSWORD = 'supportdesk-demo';

const PEOPLE: { role: Role; email: string; name: string; language: 'en' | 'ru'; timeZone: string; note: string }[] = [
  { role: 'admin', email: 'admin@example.test', name: 'Ada Admin', language: 'en', timeZone: 'Europe/Moscow', note: 'manages people and the calendar' },
  { role: 'agent', email: 'agent@example.test', name: 'Anton Agent', language: 'ru', timeZone: 'Europe/Moscow', note: 'answers tickets' },
  { role: 'agent', email: 'agent2@example.test', name: 'Bella Agent', language: 'en', timeZone: 'Europe/Berlin', note: 'answers tickets' },
  { role: 'customer', email: 'customer@example.test', name: 'Carl Customer', language: 'en', timeZone: 'America/New_York', note: 'a customer' },
  {
    role: 'customer',
    email: 'klient@example.test',
    name: 'Клара Клиентова',
    language: 'ru',
    timeZone: 'Asia/Yekaterinburg',
    note: 'a Russian-speaking customer',
  },
];

/** Loads demo people (and, as features arrive, their licenses and tickets). Safe to run twice. */
export async function loadDemoData({ deps }: { deps: AppDeps }): Promise<{ people: typeof PEOPLE; password: string }> {
  const repo = createAccountsRepository({ db: deps.db });
  for (const person of PEOPLE) {
    if (await repo.findUserByEmail({ email: person.email })) continue;
    await deps.accounts.createUser({ ...person, password: DEMO_PASSWORD });
  }
  return { people: PEOPLE, password: DEMO_PASSWORD };
}
