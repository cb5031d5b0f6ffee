import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarFile, Interval } from './adminApi.js';
import { removeSpecialDay, setSpecialDay, WHOLE_DAY } from './calendarDraft.js';
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
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [date, setDate] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const dates = Object.keys(draft.specialDays);

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setNote(t('admin.holidays.pickDate'));
      inputRef.current?.focus();
      return;
    }
    if (draft.specialDays[date]) {
      setNote(t('admin.specialDays.already', { date: formatLocalDate({ date, language }) }));
      return;
    }
    // A worked day gets Monday's hours, as the presets do for transferred working days.
    const intervals: Interval[] = draft.week.mon.length > 0 ? draft.week.mon.map(([start, end]) => [start, end]) : [WHOLE_DAY];
    onChange(setSpecialDay(draft, date, intervals));
    setNote(null);
    setDate('');
    requestAnimationFrame(() => document.getElementById(`${fieldIdOf(`specialDays.${date}[0]`)}-start`)?.focus());
  }

  return (
    <section className="card panel" aria-labelledby="special-days-title">
      <h2 id="special-days-title">{t('admin.specialDays.title')}</h2>
      <p className="muted">{t('admin.specialDays.intro')}</p>
      <form className="inline-form" onSubmit={add} noValidate>
        <div className="field">
          <label htmlFor={inputId}>{t('admin.specialDays.date')}</label>
          <input
            ref={inputRef}
            id={inputId}
            type="date"
            value={date}
            aria-describedby={note ? `${inputId}-note` : undefined}
            onChange={(event) => {
              setDate(event.target.value);
              setNote(null);
            }}
          />
        </div>
        <button type="submit" className="button button-quiet">
          {t('admin.specialDays.add')}
        </button>
      </form>
      {note && (
        <p className="field-hint" id={`${inputId}-note`} role="status">
          {note}
        </p>
      )}
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
                        inputRef.current?.focus();
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
