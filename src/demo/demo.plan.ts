// The demo desk's history as a plan: for each ticket, what happens and when, decided by a seeded
// random source so every load tells the same story. Nothing is planned after `now`. Pure.
import { isSupportKind } from '../modules/tickets/tickets.models.js';
import type { DemoScript } from './demo.scripts.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A small deterministic random source. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  return {
    next(): number {
      // mulberry32
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    },
    between(min: number, max: number): number {
      return min + this.next() * (max - min);
    },
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(this.next() * items.length)]!;
    },
  };
}
export type Random = ReturnType<typeof createRandom>;

/** One thing that happens to a ticket. */
export type DemoAction =
  | { type: 'open' }
  | { type: 'assign' }
  | { type: 'note'; body: string }
  | { type: 'tag'; tags: string[] }
  | { type: 'clarify' }
  | { type: 'request_access' }
  | { type: 'details' }
  | { type: 'answer'; isResolving: boolean }
  | { type: 'decline' }
  | { type: 'better_info' }
  | { type: 'withdraw' }
  /** Support resolves a request the customer stopped answering. */
  | { type: 'resolve_silent' }
  | { type: 'rate'; rating: number; comment?: string }
  | { type: 'follow_up' };

export interface PlannedStep {
  at: number;
  ticket: number;
  action: DemoAction;
}

export interface PlannedTicket {
  index: number;
  customerIndex: number;
  script: DemoScript;
  subject: string;
}

export interface DemoCustomerProfile {
  language: 'en' | 'ru';
  /** Support kinds allowed (R1): a commercial license that is not refunded. */
  canAskSupport: boolean;
  /** How often this customer writes, relative to others. */
  weight: number;
}

const NOTES = {
  en: [
    'Checked on our staging copy: reproducible.',
    'Customer has a custom template; keep that in mind.',
    'Similar to last month’s ticket about the same module.',
  ],
  ru: [
    'Проверил на тестовой копии — воспроизводится.',
    'У клиента доработанный шаблон, учитывайте.',
    'Похоже на обращение в прошлом месяце по тому же модулю.',
  ],
};

/** Whose turn a ticket is after these actions: support's, the customer's, or nobody's. */
function stateAfter(actions: DemoAction[]): 'support' | 'customer' | 'done' {
  let state: 'support' | 'customer' | 'done' = 'support';
  for (const action of actions) {
    if (action.type === 'open' || action.type === 'details' || action.type === 'better_info') state = 'support';
    if (action.type === 'clarify') state = 'customer';
    if (action.type === 'answer') state = action.isResolving ? 'done' : 'customer';
    // A follow-up is a ticket of its own; this one stays closed.
    if (action.type === 'decline' || action.type === 'withdraw' || action.type === 'resolve_silent' || action.type === 'follow_up') state = 'done';
  }
  return state;
}

/** When the first agent reply comes: mostly within business hours, sometimes late (a breach). */
function firstReplyDelay(random: Random): number {
  const roll = random.next();
  if (roll < 0.45) return random.between(20 * MINUTE, 4 * HOUR);
  if (roll < 0.88) return random.between(4 * HOUR, 22 * HOUR);
  return random.between(26 * HOUR, 70 * HOUR);
}

/** A creation time within the last `days`, weighted to weekdays and working hours (Moscow). */
function creationTime(random: Random, { now, days }: { now: number; days: number }): number {
  for (;;) {
    const day = Math.floor(random.next() * days);
    const start = now - (day + 1) * DAY;
    const weekday = new Date(start + 3 * HOUR).getUTCDay();
    if ((weekday === 0 || weekday === 6) && random.next() < 0.75) continue;
    const dayStartMoscow = Math.floor((start + 3 * HOUR) / DAY) * DAY - 3 * HOUR;
    const at = Math.round(dayStartMoscow + random.between(7.5 * HOUR, 21 * HOUR));
    if (at < now - 5 * MINUTE) return at;
  }
}

/** Plans `count` tickets over the last `days`: who opens them, about what, and what follows. */
export function planDemo({
  count,
  days,
  now,
  customers,
  scripts,
  seed = 2026,
}: {
  count: number;
  days: number;
  now: number;
  customers: DemoCustomerProfile[];
  scripts: { en: DemoScript[]; ru: DemoScript[] };
  seed?: number;
}): { tickets: PlannedTicket[]; steps: PlannedStep[] } {
  const random = createRandom(seed);
  const totalWeight = customers.reduce((sum, c) => sum + c.weight, 0);
  const pickCustomer = (): number => {
    let roll = random.next() * totalWeight;
    for (const [index, customer] of customers.entries()) {
      roll -= customer.weight;
      if (roll <= 0) return index;
    }
    return customers.length - 1;
  };
  const created = Array.from({ length: count }, () => creationTime(random, { now, days })).sort((a, b) => a - b);
  const tickets: PlannedTicket[] = [];
  const steps: PlannedStep[] = [];
  // Nothing happens after now: a step that would is dropped with everything after it.
  const limit = now - MINUTE;

  created.forEach((openedAt, index) => {
    const customerIndex = pickCustomer();
    const customer = customers[customerIndex]!;
    const pool = scripts[customer.language].filter((s) => customer.canAskSupport || !isSupportKind(s.kind));
    // Support questions are most of the mail; suggestions and partnership a fifth.
    const wantsSupport = customer.canAskSupport && random.next() < 0.86;
    const candidates = pool.filter((s) => isSupportKind(s.kind) === wantsSupport);
    const weighted = candidates.flatMap((s) => (s.kind === 'emergency' ? [s] : [s, s, s]));
    const script = random.pick(weighted.length > 0 ? weighted : pool);
    tickets.push({ index, customerIndex, script, subject: random.pick(script.subjects) });

    const plan: { at: number; action: DemoAction }[] = [{ at: openedAt, action: { type: 'open' } }];
    let at = openedAt;
    const after = (ms: number) => (at += Math.round(ms));
    const roll = random.next();
    const isSupport = isSupportKind(script.kind);

    if (isSupport && roll < 0.09) {
      // Left waiting: within its due, overdue, or best effort, depending on its age and the customer.
    } else if (isSupport && script.decline && roll < 0.4) {
      plan.push({ at: after(firstReplyDelay(random)), action: { type: 'assign' } });
      plan.push({ at: after(random.between(MINUTE, 10 * MINUTE)), action: { type: 'decline' } });
      if (roll < 0.16) {
        plan.push({ at: after(random.between(2 * HOUR, 60 * HOUR)), action: { type: 'better_info' } });
        if (roll < 0.13) plan.push({ at: after(random.between(HOUR, 20 * HOUR)), action: { type: 'answer', isResolving: true } });
      }
    } else if (isSupport && roll > 0.96) {
      plan.push({ at: after(random.between(10 * MINUTE, 3 * HOUR)), action: { type: 'withdraw' } });
    } else {
      plan.push({ at: after(firstReplyDelay(random)), action: { type: 'assign' } });
      if (random.next() < 0.25)
        plan.push({ at: after(random.between(MINUTE, 20 * MINUTE)), action: { type: 'note', body: random.pick(NOTES[customer.language]) } });
      if (script.tags && random.next() < 0.6) plan.push({ at: after(MINUTE), action: { type: 'tag', tags: script.tags } });
      const isDirect = random.next() < (isSupport ? 0.3 : 0.55);
      if (isDirect) {
        plan.push({ at: after(random.between(2 * MINUTE, 30 * MINUTE)), action: { type: 'answer', isResolving: random.next() < 0.85 } });
      } else {
        plan.push({ at: after(random.between(2 * MINUTE, 30 * MINUTE)), action: { type: 'clarify' } });
        if (script.kind === 'emergency') plan.push({ at: after(MINUTE), action: { type: 'request_access' } });
        const stage = random.next();
        if (stage > 0.18) {
          plan.push({ at: after(random.between(20 * MINUTE, 30 * HOUR)), action: { type: 'details' } });
          if (stage > 0.3) plan.push({ at: after(firstReplyDelay(random) / 2), action: { type: 'answer', isResolving: true } });
        }
      }
      const last = plan.at(-1)!.action;
      if (last.type === 'answer' && last.isResolving) {
        const rating = random.next();
        if (rating < 0.6) {
          const score = rating < 0.05 ? 2 : rating < 0.12 ? 3 : rating < 0.3 ? 4 : 5;
          plan.push({
            at: after(random.between(30 * MINUTE, 40 * HOUR)),
            action: { type: 'rate', rating: score, comment: score >= 4 ? script.thanks : undefined },
          });
        }
        // Some come back after the ticket closed: their reply opens a linked follow-up.
        if (random.next() < 0.04) plan.push({ at: after(random.between(9 * DAY, 14 * DAY)), action: { type: 'follow_up' } });
      }
    }
    // A desk works through its backlog: what still waits for support or the customer after a few
    // days is answered, or resolved for silence; only recent tickets stay open.
    const last = plan.at(-1)!;
    const state = stateAfter(plan.map((step) => step.action));
    if (state === 'support' && last.at < now - random.between(2 * DAY, 5 * DAY)) {
      if (!plan.some((step) => step.action.type === 'assign')) plan.push({ at: after(firstReplyDelay(random)), action: { type: 'assign' } });
      plan.push({ at: after(firstReplyDelay(random)), action: { type: 'answer', isResolving: true } });
    } else if (state === 'customer' && last.at < now - 12 * DAY && random.next() < 0.8) {
      plan.push({ at: after(random.between(7 * DAY, 10 * DAY)), action: { type: 'resolve_silent' } });
    }
    for (const step of plan) {
      if (step.at > limit) break;
      steps.push({ at: step.at, ticket: index, action: step.action });
    }
  });
  steps.sort((a, b) => a.at - b.at || a.ticket - b.ticket);
  return { tickets, steps };
}
