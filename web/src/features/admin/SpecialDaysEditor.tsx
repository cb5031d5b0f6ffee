import { useTranslation } from 'react-i18next';
import type { CalendarFile, Interval } from './adminApi.js';
import { removeSpecialDay, setSpecialDay, WHOLE_DAY } from './calendarDraft.js';
import { DateEntryForm, useDateEntry } from './DateEntryForm.js';
import { formatLocalDate } from './format.js';
import { IntervalsEditor } from './IntervalsEditor.js';
import { fieldIdOf, type IssueMap } from './issues.js';
import { useLanguage } from './useLanguage.js';

/**
 * Special days: a local date with its own intervals, overriding both the week and the holidays
 * (a Saturday worked instead of a day off, a shortened day before a holiday). No intervals: closed.
 */
export function SpecialDaysEditor({ draft, issues, onChange }: { draft: CalendarFile; issues: IssueMap; onChange: (next: CalendarFile) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const entry = useDateEntry();
  const dates = Object.keys(draft.specialDays);

  function add(date: string) {
    if (draft.specialDays[date]) {
      entry.setNote(t('admin.specialDays.already', { date: formatLocalDate({ date, language }) }));
      return;
    }
    // A worked day gets Monday's hours, as the presets do for transferred working days.
    const intervals: Interval[] = draft.week.mon.length > 0 ? draft.week.mon.map(([start, end]) => [start, end]) : [WHOLE_DAY];
    onChange(setSpecialDay(draft, date, intervals));
    entry.setNote(null);
    entry.setDate('');
    requestAnimationFrame(() => document.getElementById(`${fieldIdOf(`specialDays.${date}[0]`)}-start`)?.focus());
  }

  return (
    <section className="card panel" aria-labelledby="special-days-title">
      <h2 id="special-days-title">{t('admin.specialDays.title')}</h2>
      <p className="muted">{t('admin.specialDays.intro')}</p>
      <DateEntryForm entry={entry} label={t('admin.specialDays.date')} addLabel={t('admin.specialDays.add')} onAdd={add} />
      {dates.length === 0 ? (
        <p className="empty">{t('admin.specialDays.empty')}</p>
      ) : (
        <div className="special-days">
          {dates.map((day) => {
            const dayKey = `specialDays.${day}`;
            const label = formatLocalDate({ date: day, language });
            return (
              <fieldset key={day} className="day-fieldset">
                <legend>
                  <time dateTime={day}>{label}</time>
                </legend>
                <IntervalsEditor
                  dayKey={dayKey}
                  dayLabel={label}
                  intervals={draft.specialDays[day]!}
                  issues={issues}
                  emptyText={t('admin.specialDays.closed')}
                  onChange={(intervals) => onChange(setSpecialDay(draft, day, intervals))}
                  actions={
                    <button
                      type="button"
                      className="button button-danger button-small"
                      aria-label={t('admin.specialDays.removeLabel', { date: label })}
                      onClick={() => {
                        onChange(removeSpecialDay(draft, day));
                        entry.inputRef.current?.focus();
                      }}
                    >
                      {t('admin.specialDays.remove')}
                    </button>
                  }
                />
              </fieldset>
            );
          })}
        </div>
      )}
    </section>
  );
}
