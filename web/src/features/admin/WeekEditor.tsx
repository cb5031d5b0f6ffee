import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { listTimeZones, zoneOffsetLabel } from '../settings/timeZones.js';
import { WEEKDAYS, type CalendarFile } from './adminApi.js';
import { setWeekday } from './calendarDraft.js';
import { IntervalsEditor } from './IntervalsEditor.js';
import { fieldIdOf, type IssueMap } from './issues.js';

/** The calendar's time zone and its week: one fieldset per weekday with its business intervals. */
export function WeekEditor({ draft, issues, now, onChange }: { draft: CalendarFile; issues: IssueMap; now: number; onChange: (next: CalendarFile) => void }) {
  const { t } = useTranslation();
  const hintId = useId();
  const zoneId = fieldIdOf('timezone');
  const zoneIssues = issues.get('timezone');
  const zones = useMemo(() => listTimeZones([draft.timezone]).map((zone) => ({ zone, offset: zoneOffsetLabel(zone, now) })), [draft.timezone, now]);

  return (
    <section className="card panel" aria-labelledby="week-title">
      <h2 id="week-title">{t('admin.week.title')}</h2>
      <div className={`field${zoneIssues ? ' field-invalid' : ''}`}>
        <label htmlFor={zoneId}>{t('admin.week.timeZone')}</label>
        <select
          id={zoneId}
          value={draft.timezone}
          aria-invalid={zoneIssues ? true : undefined}
          aria-describedby={zoneIssues ? `${hintId} ${zoneId}-error` : hintId}
          onChange={(event) => onChange({ ...draft, timezone: event.target.value })}
        >
          {zones.map(({ zone, offset }) => (
            <option key={zone} value={zone}>
              {offset ? `${zone} (${offset})` : zone}
            </option>
          ))}
        </select>
        <p className="field-hint" id={hintId}>
          {t('admin.week.timeZoneHint')}
        </p>
        {zoneIssues && (
          <p className="field-error" id={`${zoneId}-error`}>
            {zoneIssues.join(' ')}
          </p>
        )}
      </div>
      <p className="muted">{t('admin.week.intro')}</p>
      <div className="week-grid">
        {WEEKDAYS.map((day) => {
          const dayLabel = t(`admin.weekdays.${day}`);
          return (
            <fieldset key={day} className="day-fieldset">
              <legend>{dayLabel}</legend>
              <IntervalsEditor
                dayKey={`week.${day}`}
                dayLabel={dayLabel}
                intervals={draft.week[day]}
                issues={issues}
                emptyText={t('admin.week.closed')}
                onChange={(intervals) => onChange(setWeekday(draft, day, intervals))}
              />
            </fieldset>
          );
        })}
      </div>
    </section>
  );
}
