// Canned responses: a template per language with {{placeholders}} filled from the ticket.
// Pure: no I/O, no clock.
import type { Language } from '../accounts/accounts.models.js';

export const PLACEHOLDERS = ['customer.name', 'ticket.number', 'ticket.subject', 'ticket.replyDueAt', 'agent.name'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g;

const LOCALES: Record<Language, string> = { en: 'en-GB', ru: 'ru-RU' };
const NO_DUE: Record<Language, string> = { en: 'best effort', ru: 'без гарантированного срока' };

/** A due instant as a person reads it in their zone and language, with the zone: "Mon 30 Nov, 19:00 GMT+3" / "пн, 30 нояб., 19:00 GMT+3". */
export function formatDue({ at, timeZone, language }: { at: number | null; timeZone: string; language: Language }): string {
  if (at === null) return NO_DUE[language];
  return new Intl.DateTimeFormat(LOCALES[language], {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
    timeZone,
  }).format(at);
}

/** Fills known placeholders; unknown ones stay as written so the agent notices them before sending. */
export function fillPlaceholders({ template, values }: { template: string; values: Partial<Record<string, string>> }): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => values[key] ?? whole);
}

/** The placeholders a template uses that nothing fills (shown to the agent as a warning). */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(PLACEHOLDERS);
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((key) => !known.has(key)))];
}

/** The body in the customer's language, or the other one when that is empty. */
export function pickBody({ bodies, language }: { bodies: Record<Language, string>; language: Language }): string {
  return bodies[language].trim() !== '' ? bodies[language] : bodies[language === 'en' ? 'ru' : 'en'];
}

/** A canned response rendered for one ticket, in its customer's language. */
export function renderCanned({
  bodies,
  customer,
  ticket,
  agent,
}: {
  bodies: Record<Language, string>;
  customer: { name: string; language: Language; timeZone: string };
  ticket: { number: number; subject: string; replyDueAt: number | null };
  agent: { name: string };
}): { body: string; language: Language } {
  const values: Record<Placeholder, string> = {
    'customer.name': customer.name,
    'ticket.number': String(ticket.number),
    'ticket.subject': ticket.subject,
    'ticket.replyDueAt': formatDue({ at: ticket.replyDueAt, timeZone: customer.timeZone, language: customer.language }),
    'agent.name': agent.name,
  };
  return { body: fillPlaceholders({ template: pickBody({ bodies, language: customer.language }), values }), language: customer.language };
}
