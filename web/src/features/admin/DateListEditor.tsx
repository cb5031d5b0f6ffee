import { useTranslation } from 'react-i18next';
import type { CalendarFile } from './adminApi.js';
import { addHoliday, removeHolidayAt } from './calendarDraft.js';
import { DateEntryForm, useDateEntry } from './DateEntryForm.js';
import { formatLocalDate } from './format.js';
import { fieldIdOf, type IssueMap } from './issues.js';
import { useLanguage } from './useLanguage.js';

/** Holidays: local dates with no business time. Add with a date field, remove each with its button. */
export function DateListEditor({ draft, issues, onChange }: { draft: CalendarFile; issues: IssueMap; onChange: (next: CalendarFile) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const entry = useDateEntry();
  const listIssues = issues.get('holidays');

  function add(date: string) {
    entry.setNote(draft.holidays.includes(date) ? t('admin.holidays.already', { date: formatLocalDate({ date, language }) }) : null);
    onChange(addHoliday(draft, date));
    entry.setDate('');
  }

  function remove(index: number) {
    onChange(removeHolidayAt(draft, index));
    entry.setNote(null);
    entry.inputRef.current?.focus();
  }

  return (
    <section className="card panel" aria-labelledby="holidays-title">
      <h2 id="holidays-title">{t('admin.holidays.title')}</h2>
      <p className="muted">{t('admin.holidays.intro')}</p>
      <DateEntryForm entry={entry} label={t('admin.holidays.date')} addLabel={t('admin.holidays.add')} onAdd={add} />
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
