import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { defineJob } from '../../jobs/jobs.types.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { Language } from '../accounts/accounts.models.js';
import type { MailOutbox } from '../mail/mail.outbox.js';
import { renderContent, type MailContent } from '../mail/mail.render.js';
import { wantsMail, type StoredPreferences } from '../notifications/notifications.models.js';
import type { ReportFigures } from './reports.figures.js';
import type { ReportsUsecases } from './reports.usecases.js';
import { parseLocalDate } from '../calendar/calendar.dates.js';

export const WEEKLY_SUMMARY_JOB = 'reports.weekly_summary';
const NOTICE = 'weekly_summary';
const LOCALES: Record<Language, string> = { en: 'en-GB', ru: 'ru' };

/** The weekly summary in one language: compliance, same-day share, first reply p50/p90, breaches, satisfaction. */
export function weeklySummaryContent({
  figures,
  language,
  name,
  reportLink,
  ticketLink,
  prefsLink,
}: {
  figures: ReportFigures;
  language: Language;
  name: string;
  reportLink: string;
  ticketLink: (ticketId: string) => string;
  prefsLink: string;
}): MailContent {
  const number = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(LOCALES[language], { style: 'percent', maximumFractionDigits: 1 });
  const share = (v: number | null) => (v === null ? '—' : percent.format(v));
  const hours = (ms: number | null) => (ms === null ? '—' : `${number.format(ms / 3_600_000)} ${language === 'ru' ? 'ч' : 'h'}`);
  const { fromDate, toDate } = figures.period;
  const { compliance, replies, satisfaction, breaches, bestEffort } = figures;
  const breachLines = breaches.map((b) => `#${b.ticketNumber}: ${ticketLink(b.ticketId)}`);
  if (language === 'ru') {
    return {
      subject: `Поддержка за неделю ${fromDate} — ${toDate}: ${share(compliance.share)} ответов до срока`,
      greeting: `Здравствуйте, ${name}!`,
      paragraphs: [
        `Ответы до срока: ${share(compliance.share)} (в срок ${compliance.met}, просрочено ${compliance.breached}).`,
        `Ответы в тот же рабочий день: ${share(replies.sameDayShare)}.`,
        `Первый ответ в рабочем времени: медиана ${hours(replies.first.p50)}, 90-й процентиль ${hours(replies.first.p90)}.`,
        `Просрочки: ${breaches.length}.${breachLines.length ? `\n${breachLines.join('\n')}` : ''}`,
        `Сообщения без гарантии (считаются отдельно): ${bestEffort.messages}.`,
        `Оценки: ${satisfaction.average === null ? '—' : number.format(satisfaction.average)} (всего ${satisfaction.count}).`,
      ],
      action: { label: 'Открыть отчёт', url: reportLink },
      footer: `Сводка приходит администраторам по понедельникам. Отключить её можно в настройках уведомлений: ${prefsLink}`,
    };
  }
  return {
    subject: `Support last week, ${fromDate} to ${toDate}: ${share(compliance.share)} answered before the due time`,
    greeting: `Hello ${name},`,
    paragraphs: [
      `Answered before the due time: ${share(compliance.share)} (${compliance.met} in time, ${compliance.breached} breached).`,
      `Answered the same business day: ${share(replies.sameDayShare)}.`,
      `First reply in business time: median ${hours(replies.first.p50)}, 90th percentile ${hours(replies.first.p90)}.`,
      `Breaches: ${breaches.length}.${breachLines.length ? `\n${breachLines.join('\n')}` : ''}`,
      `Best-effort messages (counted apart): ${bestEffort.messages}.`,
      `Satisfaction: ${satisfaction.average === null ? '—' : number.format(satisfaction.average)} from ${satisfaction.count} ratings.`,
    ],
    action: { label: 'Open the report', url: reportLink },
    footer: `Admins get this summary on Mondays. Turn it off in your notification settings: ${prefsLink}`,
  };
}

/**
 * Mails last week's summary to every admin who has not turned it off, once per week: the notice
 * row is written with the mails, so however many processes run the hourly job, a week goes once.
 */
export function createWeeklySummary({
  db,
  clock,
  reports,
  outbox,
  logger,
  productName,
  publicUrl,
}: {
  db: Db;
  clock: Clock;
  reports: Pick<ReportsUsecases, 'buildReport'>;
  outbox: Pick<MailOutbox, 'enqueueRendered'>;
  logger: Logger;
  productName: string;
  publicUrl: string;
}) {
  async function sendWeeklySummary(): Promise<{ mailed: number }> {
    // Read before the transaction: SQLite has one writer, and the report reads a lot.
    const figures = await reports.buildReport({ actor: { id: 'system', role: 'admin' }, request: { preset: 'last_week' } });
    const week = parseLocalDate(figures.period.fromDate)!;
    const mailed = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('mail_notices')
        .values({ subject_id: 'reports', notice: NOTICE, version: week, created_at: clock.now() })
        .onConflict((oc) => oc.doNothing())
        .returning('version')
        .executeTakeFirst();
      if (!inserted) return 0;
      const admins = await trx
        .selectFrom('users')
        .leftJoin('notification_preferences as p', 'p.user_id', 'users.id')
        .select(['users.id', 'users.email', 'users.name', 'users.language', 'users.role', 'p.value as preferences'])
        .where('users.role', '=', 'admin')
        .where('users.disabled_at', 'is', null)
        .orderBy('users.email')
        .execute();
      let count = 0;
      for (const admin of admins) {
        const stored = admin.preferences ? (JSON.parse(admin.preferences) as StoredPreferences) : undefined;
        if (!wantsMail({ role: admin.role, stored, what: 'weeklySummary' })) continue;
        const content = weeklySummaryContent({
          figures,
          language: admin.language,
          name: admin.name,
          reportLink: `${publicUrl}/admin/reports`,
          ticketLink: (id) => `${publicUrl}/agent/tickets/${id}`,
          prefsLink: `${publicUrl}/settings#notifications`,
        });
        await outbox.enqueueRendered({
          trx,
          to: admin.email,
          toName: admin.name,
          template: 'reports_weekly_summary',
          language: admin.language,
          rendered: renderContent({ content, productName }),
          autoSubmitted: 'auto-generated',
        });
        count++;
      }
      return count;
    });
    if (mailed > 0) logger.info({ week: figures.period.fromDate, mailed }, 'mailed the weekly report summary');
    return { mailed };
  }

  return { sendWeeklySummary };
}

/** The hourly job: the first run in a new week mails last week's summary. */
export function createWeeklySummaryJob({ sendWeeklySummary }: { sendWeeklySummary: () => Promise<{ mailed: number }> }) {
  return defineJob({
    name: WEEKLY_SUMMARY_JOB,
    payload: z.object({}),
    handle: async () => {
      await sendWeeklySummary();
    },
  });
}
