import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SetupStatus } from './adminApi.js';

/** Warns that the calendar names no holidays for a year beginning within the horizon (60 days). */
export function HolidayGapsBanner({ holidays }: { holidays: SetupStatus['holidays'] }) {
  const { t } = useTranslation();
  if (holidays.missingYears.length === 0) return null;
  return (
    <div className="alert alert-warning" role="status" data-region="holiday-gaps">
      <p>{t('admin.holidayGaps.banner', { count: holidays.missingYears.length, years: holidays.missingYears.join(', '), days: holidays.horizonDays })}</p>
      <p>
        <Link to="/admin/calendar">{t('admin.holidayGaps.action')}</Link>
      </p>
    </div>
  );
}
