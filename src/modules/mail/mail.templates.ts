import type { Language } from '../accounts/accounts.models.js';

export interface RenderedMail {
  subject: string;
  text: string;
}

type TemplateData = { name: string; link: string; productName: string };
type Template = Record<Language, (d: TemplateData) => RenderedMail>;

// Account mails. Ticket, vault and reminder mails join this list with the mail issue.
const TEMPLATES = {
  verify_email: {
    en: (d) => ({
      subject: `Confirm your email for ${d.productName}`,
      text: `Hello ${d.name},\n\nconfirm your email address to finish signing up:\n\n${d.link}\n\nThe link works for 48 hours. If you did not sign up, ignore this mail.\n`,
    }),
    ru: (d) => ({
      subject: `Подтвердите адрес почты для ${d.productName}`,
      text: `Здравствуйте, ${d.name}!\n\nПодтвердите адрес почты, чтобы завершить регистрацию:\n\n${d.link}\n\nСсылка действует 48 часов. Если вы не регистрировались, просто проигнорируйте это письмо.\n`,
    }),
  },
  account_exists: {
    en: (d) => ({
      subject: `You already have a ${d.productName} account`,
      text: `Hello ${d.name},\n\nsomeone (probably you) tried to sign up with this address, but it already has an account. Sign in, or reset your password here:\n\n${d.link}\n`,
    }),
    ru: (d) => ({
      subject: `У вас уже есть учётная запись ${d.productName}`,
      text: `Здравствуйте, ${d.name}!\n\nКто-то (вероятно, вы) пытался зарегистрироваться с этим адресом, но учётная запись с ним уже есть. Войдите или восстановите пароль здесь:\n\n${d.link}\n`,
    }),
  },
  reset_password: {
    en: (d) => ({
      subject: `Reset your ${d.productName} password`,
      text: `Hello ${d.name},\n\nchoose a new password here:\n\n${d.link}\n\nThe link works for 2 hours. If you did not ask for it, ignore this mail; your password stays as it is.\n`,
    }),
    ru: (d) => ({
      subject: `Восстановление пароля ${d.productName}`,
      text: `Здравствуйте, ${d.name}!\n\nЗадайте новый пароль по ссылке:\n\n${d.link}\n\nСсылка действует 2 часа. Если вы не запрашивали восстановление, проигнорируйте письмо: пароль не изменится.\n`,
    }),
  },
  invite: {
    en: (d) => ({
      subject: `Your ${d.productName} Personal Account`,
      text: `Hello ${d.name},\n\nan account was opened for you in the ${d.productName} Personal Account, where you get support for your licenses. Set your password here:\n\n${d.link}\n`,
    }),
    ru: (d) => ({
      subject: `Ваш личный кабинет ${d.productName}`,
      text: `Здравствуйте, ${d.name}!\n\nДля вас открыт личный кабинет ${d.productName}, где вы получаете поддержку по своим лицензиям. Задайте пароль по ссылке:\n\n${d.link}\n`,
    }),
  },
} satisfies Record<string, Template>;

export type MailTemplate = keyof typeof TEMPLATES;

export function renderMail({ template, language, data }: { template: MailTemplate; language: Language; data: TemplateData }): RenderedMail {
  return TEMPLATES[template][language](data);
}
