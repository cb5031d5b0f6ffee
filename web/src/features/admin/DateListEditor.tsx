import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarFile } from './adminApi.js';
import { addHoliday, removeHolidayAt } from './calendarDraft.js';
import { formatLocalDate } from './format.js';
import { fieldIdOf, type IssueMap } from './issues.js';
import { useLanguage } from './useLanguage.js';

/** Holidays: local dates with no business time. Add with a date field, remove each with its button. */
export function DateListEditor({ draft, issues, onChange }: { draft: CalendarFile; issues: IssueMap; onChange: (next: CalendarFile) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [date, setDate] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const listIssues = issues.get('holidays');

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setNote(t('admin.holidays.pickDate'));
      inputRef.current?.focus();
      return;
    }
    setNote(draft.holidays.includes(date) ? t('admin.holidays.already', { date: formatLocalDate({ date, language }) }) : null);
    onChange(addHoliday(draft, date));
    setDate('');
  }

  function remove(index: number) {
    onChange(removeHolidayAt(draft, index));
    setNote(null);
    inputRef.current?.focus();
  }

  return (
    <section className="card panel" aria-labelledby="holidays-title">
      <h2 id="holidays-title">{t('admin.holidays.title')}</h2>
      <p className="muted">{t('admin.holidays.intro')}</p>
      <form className="inline-form" onSubmit={add} noValidate>
        <div className="field">
          <label htmlFor={inputId}>{t('admin.holidays.date')}</label>
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
          {t('admin.holidays.add')}
        </button>
      </form>
      {note && (
        <p className="field-hint" id={`${inputId}-note`} role="status">
          {note}
        </p>
      )}
      {listIssues && <p className="field-error">{listIssues.join(' ')}</p>}
      {draft.holidays.length === 0 ? (
        <p className="empty">{t('admin.holidays.empty')}</p>
      ) : (
        <ul className="date-list">
          {draft.holidays.map((holiday, index) => {
            const key = `holidays[${index}]`;
            const id = fieldIdOf(key);
            const messages = issues.get(key);
            const label = formatLocalDate({ date: holiday, language });
            return (
              <li key={`${holiday}-${index}`} id={id} tabIndex={-1} className={`date-chip${messages ? ' is-invalid' : ''}`}>
                <time dateTime={holiday}>{label}</time>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={t('admin.holidays.removeLabel', { date: label })}
                  aria-describedby={messages ? `${id}-error` : undefined}
                  onClick={() => remove(index)}
                >
                  <span aria-hidden="true">×</span>
                </button>
                {messages && (
                  <span className="field-error" id={`${id}-error`}>
                    {messages.join(' ')}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
