import { DateTime } from 'luxon';
import type { Role } from '../modules/accounts/accounts.models.js';
import type { LicenseStatus, LicenseType } from '../modules/licenses/licenses.models.js';

export type DemoPerson = { role: Role; email: string; name: string; language: 'en' | 'ru'; timeZone: string; note: string };

/** How a demo customer stands with support (R1, R5), which decides their licenses. */
type Standing = 'guaranteed' | 'expiring' | 'expired' | 'refunded' | 'free' | 'trial';

const NOTES: Record<Standing, string> = {
  guaranteed: 'commercial license bought this year: replies guaranteed',
  expiring: 'guarantee ends within weeks',
  expired: 'license bought over a year ago: best effort',
  refunded: 'latest license refunded: falls back to an older one (best effort)',
  free: 'only a free license: suggestions and partnership',
  trial: 'only a trial: suggestions and partnership',
};

export const STAFF: DemoPerson[] = [
  { role: 'admin', email: 'admin@example.test', name: 'Ada Admin', language: 'en', timeZone: 'Europe/Moscow', note: 'manages people and the calendar' },
  { role: 'agent', email: 'agent@example.test', name: 'Антон Агеев', language: 'ru', timeZone: 'Europe/Moscow', note: 'answers tickets (Russian)' },
  { role: 'agent', email: 'agent2@example.test', name: 'Bella Brooks', language: 'en', timeZone: 'Europe/Berlin', note: 'answers tickets (English)' },
  { role: 'agent', email: 'agent3@example.test', name: 'Марина Соколова', language: 'ru', timeZone: 'Asia/Yekaterinburg', note: 'answers tickets (Russian)' },
  { role: 'agent', email: 'agent4@example.test', name: 'David Chen', language: 'en', timeZone: 'Europe/London', note: 'answers tickets (English)' },
];

// [email, name, language, time zone, standing]; the first four keep the stories README tells.
const CUSTOMERS: [string, string, 'en' | 'ru', string, Standing][] = [
  ['customer@example.test', 'Carl Customer', 'en', 'America/New_York', 'guaranteed'],
  ['klient@example.test', 'Клара Клиентова', 'ru', 'Asia/Yekaterinburg', 'expired'],
  ['free@example.test', 'Fiona Free', 'en', 'Europe/London', 'free'],
  ['refund@example.test', 'Роман Возвратов', 'ru', 'Europe/Moscow', 'refunded'],
  ['ivan.petrov@example.test', 'Иван Петров', 'ru', 'Europe/Moscow', 'guaranteed'],
  ['olga.smirnova@example.test', 'Ольга Смирнова', 'ru', 'Europe/Moscow', 'guaranteed'],
  ['sergey.kuznetsov@example.test', 'Сергей Кузнецов', 'ru', 'Europe/Samara', 'expiring'],
  ['anna.volkova@example.test', 'Анна Волкова', 'ru', 'Asia/Novosibirsk', 'guaranteed'],
  ['dmitry.orlov@example.test', 'Дмитрий Орлов', 'ru', 'Europe/Moscow', 'expired'],
  ['elena.morozova@example.test', 'Елена Морозова', 'ru', 'Asia/Yekaterinburg', 'guaranteed'],
  ['pavel.lebedev@example.test', 'Павел Лебедев', 'ru', 'Europe/Kaliningrad', 'expiring'],
  ['natalia.kozlova@example.test', 'Наталья Козлова', 'ru', 'Europe/Moscow', 'guaranteed'],
  ['alexey.novikov@example.test', 'Алексей Новиков', 'ru', 'Asia/Vladivostok', 'expired'],
  ['maria.fedorova@example.test', 'Мария Фёдорова', 'ru', 'Europe/Moscow', 'free'],
  ['igor.sokolov@example.test', 'Игорь Соколов', 'ru', 'Asia/Omsk', 'guaranteed'],
  ['tatiana.popova@example.test', 'Татьяна Попова', 'ru', 'Europe/Volgograd', 'refunded'],
  ['nikolay.vasiliev@example.test', 'Николай Васильев', 'ru', 'Europe/Moscow', 'trial'],
  ['svetlana.zaitseva@example.test', 'Светлана Зайцева', 'ru', 'Asia/Krasnoyarsk', 'guaranteed'],
  ['studio.pixel@example.test', 'Веб-студия «Пиксель»', 'ru', 'Europe/Moscow', 'guaranteed'],
  ['hannah.schmidt@example.test', 'Hannah Schmidt', 'en', 'Europe/Berlin', 'guaranteed'],
  ['james.wilson@example.test', 'James Wilson', 'en', 'Europe/London', 'guaranteed'],
  ['sophie.martin@example.test', 'Sophie Martin', 'en', 'Europe/Paris', 'expiring'],
  ['lukas.huber@example.test', 'Lukas Huber', 'en', 'Europe/Vienna', 'expired'],
  ['emily.johnson@example.test', 'Emily Johnson', 'en', 'America/Chicago', 'guaranteed'],
  ['marco.rossi@example.test', 'Marco Rossi', 'en', 'Europe/Rome', 'guaranteed'],
  ['aigerim.bekova@example.test', 'Aigerim Bekova', 'en', 'Asia/Almaty', 'refunded'],
  ['noah.brown@example.test', 'Noah Brown', 'en', 'America/Los_Angeles', 'free'],
  ['julia.nowak@example.test', 'Julia Nowak', 'en', 'Europe/Warsaw', 'guaranteed'],
  ['tom.becker@example.test', 'Tom Becker', 'en', 'Europe/Berlin', 'expired'],
  ['nordic.web@example.test', 'Nordic Web Agency', 'en', 'Europe/Stockholm', 'guaranteed'],
  ['liam.oconnor@example.test', "Liam O'Connor", 'en', 'Europe/Dublin', 'trial'],
  ['chloe.dubois@example.test', 'Chloé Dubois', 'en', 'Europe/Paris', 'guaranteed'],
];

export const DEMO_CUSTOMERS: DemoPerson[] = CUSTOMERS.map(([email, name, language, timeZone, standing]) => ({
  role: 'customer',
  email,
  name,
  language,
  timeZone,
  note: NOTES[standing],
}));

export type DemoLicense = { key: string; email: string; type: LicenseType; purchasedOn: string; status: LicenseStatus; domain: string; edition: string };

/** Licenses relative to today, so the demo tells the same story whenever it is loaded. */
export function listDemoLicenses(today: DateTime): DemoLicense[] {
  const ago = (days: number) => today.minus({ days }).toISODate()!;
  return CUSTOMERS.flatMap(([email, , , , standing], index): DemoLicense[] => {
    const key = (n: number) => `DEMO-${String(index + 1).padStart(2, '0')}-${n}`;
    const domain = `${email.split('@')[0]!.replace(/[^a-z0-9]+/g, '-')}.example.test`;
    const edition = ['Start', 'Business', 'Corporate'][index % 3]!;
    const commercial = (n: number, days: number, status: LicenseStatus = 'active'): DemoLicense => ({
      key: key(n),
      email,
      type: 'commercial',
      purchasedOn: ago(days),
      status,
      domain,
      edition,
    });
    // Spread over the year so the guarantee ends on different dates.
    const spread = (index * 37) % 200;
    switch (standing) {
      case 'guaranteed':
        return index % 4 === 0 ? [commercial(1, 500 + spread), commercial(2, 20 + spread)] : [commercial(1, 30 + spread)];
      case 'expiring':
        return [commercial(1, 340 + (index % 20))];
      case 'expired':
        return [commercial(1, 400 + spread * 2)];
      case 'refunded':
        return [commercial(1, 600 + spread), commercial(2, 25 + (index % 40), 'refunded')];
      case 'free':
        return [{ key: key(1), email, type: 'free', purchasedOn: ago(90 + spread), status: 'active', domain, edition: 'Free' }];
      case 'trial':
        return [{ key: key(1), email, type: 'trial', purchasedOn: ago(10 + (index % 15)), status: 'active', domain, edition: 'Trial' }];
    }
  });
}
