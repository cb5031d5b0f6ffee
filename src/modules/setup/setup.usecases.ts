import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { CalendarUsecases } from '../calendar/calendar.usecases.js';
import { REPLY_TARGETS_SETTING } from '../calendar/calendar.usecases.js';
import type { MailOutbox } from '../mail/mail.outbox.js';
import { createSettingsRepository } from '../settings/settings.repository.js';
import { findHolidayGaps, HOLIDAY_HORIZON_DAYS, type ChecklistItem, type HolidayGaps } from './setup.models.js';

export type SetupUsecases = ReturnType<typeof createSetupUsecases>;

/** The first-run checklist, each item ticked when done, and the calendar's holiday gaps. */
export interface SetupStatus {
  checklist: { item: ChecklistItem; isDone: boolean }[];
  holidays: HolidayGaps & { horizonDays: number; timezone: string };
}

const NOTICE = 'holidays_missing';

/** What a new install still needs from its admins, and the mail that says so when holidays run out. */
export function createSetupUsecases({
  db,
  clock,
  logger,
  calendar,
  mail,
  publicUrl,
}: {
  db: Db;
  clock: Clock;
  logger: Logger;
  calendar: CalendarUsecases;
  mail: MailOutbox;
  publicUrl: string;
}) {
  async function findGaps(): Promise<SetupStatus['holidays']> {
    const current = await calendar.getCalendar();
    const today = DateTime.fromMillis(clock.now(), { zone: current.timezone }).toISODate()!;
    return { ...findHolidayGaps({ calendar: current, today }), horizonDays: HOLIDAY_HORIZON_DAYS, timezone: current.timezone };
  }

  return {
    async getStatus(): Promise<SetupStatus> {
      const holidays = await findGaps();
      const hasReplyTargets = (await createSettingsRepository({ db }).read({ key: REPLY_TARGETS_SETTING })) !== undefined;
      const agent = await db.selectFrom('users').select('id').where('role', '=', 'agent').where('disabled_at', 'is', null).limit(1).executeTakeFirst();
      return {
        checklist: [
          { item: 'holidays', isDone: holidays.missingYears.length === 0 },
          { item: 'reply_targets', isDone: hasReplyTargets },
          { item: 'mail', isDone: mail.isConfigured },
          { item: 'first_agent', isDone: agent !== undefined },
        ],
        holidays,
      };
    },

    /**
     * Mails every admin once per year that begins within the horizon without holiday data (job
     * `setup.check_holidays`). The notice row is written with the mails, so however many
     * processes run the job, each year is announced once.
     */
    async noticeHolidayGaps(): Promise<{ mailed: number }> {
      const { missingYears } = await findGaps();
      let mailed = 0;
      for (const year of missingYears) {
        mailed += await db.transaction().execute(async (trx) => {
          const inserted = await trx
            .insertInto('mail_notices')
            .values({ subject_id: 'calendar', notice: NOTICE, version: year, created_at: clock.now() })
            .onConflict((oc) => oc.doNothing())
            .returning('version')
            .executeTakeFirst();
          if (!inserted) return 0; // announced already
          const admins = await trx.selectFrom('users').selectAll().where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
          for (const admin of admins) {
            await mail.enqueue({
              trx,
              to: admin.email,
              toName: admin.name,
              template: 'calendar_holidays_missing',
              language: admin.language,
              name: admin.name,
              link: `${publicUrl}/admin/calendar`,
              about: String(year),
            });
          }
          return admins.length;
        });
      }
      if (mailed > 0) logger.warn({ missingYears }, 'the business calendar has no holidays for a year that begins within 60 days; admins were mailed');
      return { mailed };
    },
  };
}
