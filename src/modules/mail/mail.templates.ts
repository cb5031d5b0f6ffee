import type { Language } from '../accounts/accounts.models.js';
import { mailSafeName, renderContent, type MailContent, type RenderedMail } from './mail.render.js';
import { TICKET_TEMPLATES, type TicketMailData, type TicketMailTemplate } from './mail.templates.tickets.js';

export type { RenderedMail } from './mail.render.js';

/** What a link mail needs: whom it greets and the one link it carries, optionally the ticket it is about. */
export interface LinkMailData {
  name: string;
  link: string;
  productName: string;
  ticket?: { number: number; subject: string };
  /** What the mail is about when there is no ticket yet (the subject of a request to confirm). */
  about?: string;
}

type LinkTemplate = Record<Language, (d: LinkMailData) => MailContent>;

const ticketRef = {
  en: (d: LinkMailData) => (d.ticket ? ` for your ticket #${d.ticket.number} "${d.ticket.subject}"` : ''),
  ru: (d: LinkMailData) => (d.ticket ? ` по вашему обращению №${d.ticket.number} «${d.ticket.subject}»` : ''),
};
const subjectTag = (d: LinkMailData) => (d.ticket ? `[#${d.ticket.number}] ` : '');

// Account mails, and the vault's (which never carry a secret: only the ticket and a link).
const LINK_TEMPLATES = {
  verify_email: {
    en: (d) => ({
      subject: `Confirm your email for ${d.productName}`,
      greeting: `Hello ${d.name},`,
      paragraphs: ['confirm your email address to finish signing up:'],
      action: { label: 'Confirm my email', url: d.link },
      after: ['The link works for 48 hours. If you did not sign up, ignore this mail.'],
    }),
    ru: (d) => ({
      subject: `Подтвердите адрес почты для ${d.productName}`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: ['Подтвердите адрес почты, чтобы завершить регистрацию:'],
      action: { label: 'Подтвердить адрес', url: d.link },
      after: ['Ссылка действует 48 часов. Если вы не регистрировались, просто проигнорируйте это письмо.'],
    }),
  },
  account_exists: {
    en: (d) => ({
      subject: `You already have a ${d.productName} account`,
      greeting: `Hello ${d.name},`,
      paragraphs: ['someone (probably you) tried to sign up with this address, but it already has an account. Sign in, or reset your password here:'],
      action: { label: 'Reset my password', url: d.link },
    }),
    ru: (d) => ({
      subject: `У вас уже есть учётная запись ${d.productName}`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: ['Кто-то (вероятно, вы) пытался зарегистрироваться с этим адресом, но учётная запись с ним уже есть. Войдите или восстановите пароль здесь:'],
      action: { label: 'Восстановить пароль', url: d.link },
    }),
  },
  reset_password: {
    en: (d) => ({
      subject: `Reset your ${d.productName} password`,
      greeting: `Hello ${d.name},`,
      paragraphs: ['choose a new password here:'],
      action: { label: 'Choose a new password', url: d.link },
      after: ['The link works for 2 hours. If you did not ask for it, ignore this mail; your password stays as it is.'],
    }),
    ru: (d) => ({
      subject: `Восстановление пароля ${d.productName}`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: ['Задайте новый пароль по ссылке:'],
      action: { label: 'Задать пароль', url: d.link },
      after: ['Ссылка действует 2 часа. Если вы не запрашивали восстановление, проигнорируйте письмо: пароль не изменится.'],
    }),
  },
  invite: {
    en: (d) => ({
      subject: `Your ${d.productName} Personal Account`,
      greeting: `Hello ${d.name},`,
      paragraphs: [`an account was opened for you in the ${d.productName} Personal Account, where you get support for your licenses. Set your password here:`],
      action: { label: 'Set my password', url: d.link },
    }),
    ru: (d) => ({
      subject: `Ваш личный кабинет ${d.productName}`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [`Для вас открыт личный кабинет ${d.productName}, где вы получаете поддержку по своим лицензиям. Задайте пароль по ссылке:`],
      action: { label: 'Задать пароль', url: d.link },
    }),
  },
  vault_requested: {
    en: (d) => ({
      subject: `${subjectTag(d)}Support asks for temporary access to your server`,
      greeting: `Hello ${d.name},`,
      paragraphs: [
        `our support engineer asks for temporary access to your server${ticketRef.en(d)}.`,
        'Enter the access details only in the secure form of your Personal Account. Never send passwords by mail or in a ticket message.',
      ],
      action: { label: 'Open the secure form', url: d.link },
      after: ['The details are encrypted, shown only to the engineer on your ticket, and destroyed when the ticket is resolved.'],
    }),
    ru: (d) => ({
      subject: `${subjectTag(d)}Поддержка просит временный доступ к вашему серверу`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [
        `Инженер поддержки просит временный доступ к вашему серверу${ticketRef.ru(d)}.`,
        'Вводите данные доступа только в защищённой форме личного кабинета. Никогда не присылайте пароли письмом или в сообщении обращения.',
      ],
      action: { label: 'Открыть защищённую форму', url: d.link },
      after: ['Данные шифруются, видны только инженеру вашего обращения и уничтожаются, когда обращение решено.'],
    }),
  },
  vault_change_credentials: {
    en: (d) => ({
      subject: `${subjectTag(d)}Please change the access details you gave us`,
      greeting: `Hello ${d.name},`,
      paragraphs: [
        `the temporary access details you gave${ticketRef.en(d)} have been destroyed.`,
        'Because they were shared, change them now: the passwords, keys and hosting panel accounts you entered.',
      ],
      action: { label: 'Open the ticket', url: d.link },
    }),
    ru: (d) => ({
      subject: `${subjectTag(d)}Смените данные доступа, которые вы нам передавали`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [
        `Временные данные доступа, которые вы передали${ticketRef.ru(d)}, уничтожены.`,
        'Поскольку ими делились, смените их сейчас: пароли, ключи и учётные записи панели хостинга, которые вы вводили.',
      ],
      action: { label: 'Открыть обращение', url: d.link },
    }),
  },
  webhook_paused: {
    en: (d) => ({
      subject: `A webhook of ${d.productName} was paused`,
      greeting: `Hello ${d.name},`,
      paragraphs: [
        'every delivery to one of the webhook subscriptions failed for a day, so it was paused. Events that happen while it is paused are not kept for it.',
        'See which one, its delivery log, and resume it here:',
      ],
      action: { label: 'Open webhooks', url: d.link },
    }),
    ru: (d) => ({
      subject: `Вебхук ${d.productName} приостановлен`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [
        'Все доставки одной из подписок на вебхуки не удавались в течение суток, поэтому она приостановлена. События, случившиеся, пока она приостановлена, для неё не сохраняются.',
        'Посмотреть, какая именно, её журнал доставок и возобновить её можно здесь:',
      ],
      action: { label: 'Открыть вебхуки', url: d.link },
    }),
  },
  calendar_holidays_missing: {
    en: (d) => ({
      subject: `The business calendar has no holidays for ${d.about ?? 'the coming weeks'}`,
      greeting: `Hello ${d.name},`,
      paragraphs: [
        `the business calendar of ${d.productName} names no public holidays for ${d.about ?? 'the coming weeks'}, which begins within 60 days. Until it does, reply-due times count those holidays as working days, and customers are promised replies on them.`,
        "Apply your country's preset (or import your holidays) and save the calendar:",
      ],
      action: { label: 'Open the calendar', url: d.link },
    }),
    ru: (d) => ({
      subject: `В рабочем календаре нет праздников на ${d.about ?? 'ближайшие недели'}`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [
        `В рабочем календаре ${d.productName} нет праздничных дней на ${d.about ?? 'ближайшие недели'}, а до этого осталось меньше 60 дней. Пока их нет, сроки ответа считают праздники рабочими днями, и клиентам обещают ответ в праздник.`,
        'Примените календарь своей страны (или импортируйте праздники) и сохраните календарь:',
      ],
      action: { label: 'Открыть календарь', url: d.link },
    }),
  },
  suggestion_confirm: {
    en: (d) => ({
      subject: `Confirm your address to send your request to ${d.productName}`,
      greeting: `Hello ${d.name},`,
      paragraphs: [`you (or someone with your address) sent us a request${d.about ? ` "${d.about}"` : ''}. Confirm the address to send it:`],
      action: { label: 'Confirm and send', url: d.link },
      after: [
        'The link works for 48 hours. Once confirmed, the request is opened under the account of this address (one is created if needed), and replies come to this address.',
        'If you did not send anything, ignore this mail: nothing is sent without the confirmation.',
      ],
    }),
    ru: (d) => ({
      subject: `Подтвердите адрес, чтобы отправить обращение в ${d.productName}`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [`Вы (или кто-то с вашим адресом) отправили нам обращение${d.about ? ` «${d.about}»` : ''}. Подтвердите адрес, чтобы его отправить:`],
      action: { label: 'Подтвердить и отправить', url: d.link },
      after: [
        'Ссылка действует 48 часов. После подтверждения обращение откроется в учётной записи этого адреса (если её нет, она будет создана), а ответы придут на этот адрес.',
        'Если вы ничего не отправляли, проигнорируйте письмо: без подтверждения ничего не отправится.',
      ],
    }),
  },
} satisfies Record<string, LinkTemplate>;

export type LinkMailTemplate = keyof typeof LINK_TEMPLATES;
export type { TicketMailTemplate } from './mail.templates.tickets.js';
/**
 * `reports_weekly_summary` is rendered by the reports module itself (reports.weekly.ts), `admin_test`
 * by the admin's "send a test mail" (mail.admin.ts).
 */
export type MailTemplate = LinkMailTemplate | TicketMailTemplate | 'reports_weekly_summary' | 'admin_test';

export function isLinkTemplate(template: string): template is LinkMailTemplate {
  return template in LINK_TEMPLATES;
}

/** Renders a link mail (account and vault mails) as text and HTML. */
export function renderMail({ template, language, data }: { template: LinkMailTemplate; language: Language; data: LinkMailData }): RenderedMail {
  return renderContent({ content: LINK_TEMPLATES[template][language]({ ...data, name: mailSafeName(data.name) }), productName: data.productName });
}

const NAME_KEYS = new Set(['name', 'agentName']);

/** The data with every person's name (`name`, `agentName`, `customer.name`) made safe for mail. */
function withSafeNames<D>(data: D): D {
  if (typeof data !== 'object' || data === null) return data;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (NAME_KEYS.has(key) && typeof value === 'string') copy[key] = mailSafeName(value);
    else if (key === 'customer') copy[key] = withSafeNames(value);
    else copy[key] = value;
  }
  return copy as D;
}

/** Renders a ticket notification as text and HTML. */
export function renderTicketMail<T extends TicketMailTemplate>({
  template,
  language,
  data,
  productName,
}: {
  template: T;
  language: Language;
  data: TicketMailData[T];
  productName: string;
}): RenderedMail {
  const build = TICKET_TEMPLATES[template][language] as (d: TicketMailData[T]) => MailContent;
  return renderContent({ content: build(withSafeNames(data)), productName });
}
