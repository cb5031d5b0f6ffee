import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLocalDate } from './format.js';
import { WEEKDAYS, type CalendarFile, type Issue } from './adminApi.js';
import { describeIssue, fieldKeyOf, focusTargetIdOf, parseFieldKey } from './issues.js';
import { useLanguage } from './useLanguage.js';

/**
 * Every problem the server found in the draft, each a link to the field it names; the same
 * messages also stand beside those fields. Renders nothing without issues.
 */
export function IssuesSummary({
  issues,
  draft,
  extra,
  ref,
}: {
  issues: readonly Issue[];
  draft: CalendarFile;
  /** A problem with the whole calendar that has no field (no business time at all). */
  extra?: string | null;
  ref?: Ref<HTMLDivElement>;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (issues.length === 0 && !extra) return null;

  function describe(key: string): string {
    const field = parseFieldKey(key);
    switch (field.kind) {
      case 'file':
        return t('admin.issues.file');
      case 'timezone':
        return t('admin.week.timeZone');
      case 'weekday': {
        const day = WEEKDAYS.find((d) => d === field.day);
        const dayLabel = day ? t(`admin.weekdays.${day}`) : field.day;
        return field.interval === undefined ? dayLabel : t('admin.intervals.rowLabel', { day: dayLabel, number: field.interval + 1 });
      }
      case 'holiday':
        return field.index === undefined
          ? t('admin.holidays.title')
          : t('admin.issues.holiday', { date: formatLocalDate({ date: draft.holidays[field.index] ?? '', language }), number: field.index + 1 });
      case 'specialDay': {
        const dayLabel = t('admin.issues.specialDay', { date: formatLocalDate({ date: field.date, language }) });
        return field.interval === undefined ? dayLabel : t('admin.intervals.rowLabel', { day: dayLabel, number: field.interval + 1 });
      }
      default:
        return field.path;
    }
  }

  return (
    <div ref={ref} className="alert alert-error issues-summary" role="alert" tabIndex={-1}>
      <p className="issues-title">{t('admin.issues.title')}</p>
      <ul>
        {extra && <li>{extra}</li>}
        {issues.map((issue, index) => {
          const key = fieldKeyOf(issue.path);
          const targetId = focusTargetIdOf(key);
          return (
            <li key={`${issue.path}-${index}`}>
              {key === '' ? (
                <strong>{describe(key)}</strong>
              ) : (
                <a
                  href={`#${targetId}`}
                  onClick={(event) => {
                    const target = document.getElementById(targetId);
                    if (!target) return;
                    event.preventDefault();
                    target.focus();
                    target.scrollIntoView({ block: 'center' });
                  }}
                >
                  {describe(key)}
                </a>
              )}
              {': '}
              {describeIssue(t, issue)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
