import type { Language } from '../accounts/accounts.models.js';
import type { DeclineReason } from './tickets.models.js';

export type DeclineExplanations = Record<DeclineReason, Record<Language, string>>;

export const DECLINE_EXPLANATIONS_SETTING = 'decline_explanations';

/** The explanations sent with a decline (R6); admins edit them, in both languages. */
export const DEFAULT_DECLINE_EXPLANATIONS: DeclineExplanations = {
  out_of_scope: {
    en: 'Thank you for your question. Our support covers the product itself; general web development questions (HTML, CSS, PHP programming, building SQL queries) are outside what we can answer here. If your question is about how the product works, reply with the details and we will gladly look again.',
    ru: 'Спасибо за вопрос. Наша поддержка отвечает на вопросы о самом продукте; общие вопросы веб-разработки (HTML, CSS, программирование на PHP, составление SQL-запросов) находятся вне её рамок. Если ваш вопрос касается работы продукта, ответьте с подробностями — мы охотно посмотрим ещё раз.',
  },
  unclear: {
    en: 'We could not understand the problem from your message. Please reply with what you did, what you expected and what happened instead, with the page address and any error text.',
    ru: 'Из вашего сообщения нам не удалось понять проблему. Пожалуйста, ответьте: что вы делали, что ожидали и что произошло, с адресом страницы и текстом ошибки, если он есть.',
  },
  inaccurate_data: {
    en: 'The details you gave do not match what we see (for example the site address, license or access data). Please check them and reply with the correct information.',
    ru: 'Указанные данные не совпадают с тем, что видим мы (например, адрес сайта, лицензия или данные доступа). Пожалуйста, проверьте их и ответьте с верными сведениями.',
  },
  not_localizable: {
    en: 'We cannot locate this problem remotely: it appears to be specific to an environment we cannot reach, such as a local server. If you can reproduce it on a site reachable from the internet, reply with its address.',
    ru: 'Мы не можем локализовать эту проблему удалённо: похоже, она связана с окружением, к которому у нас нет доступа, например с локальным сервером. Если проблема воспроизводится на сайте, доступном из интернета, ответьте с его адресом.',
  },
};
