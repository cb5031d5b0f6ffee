import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Interval } from './adminApi.js';
import { nextInterval } from './calendarDraft.js';
import { fieldIdOf, intervalKey, type IssueMap } from './issues.js';

const COMPLETE_TIME = /^\d\d:\d\d$/;

/**
 * A time as text ("24:00" is a valid end, which <input type="time"> cannot hold). It reaches the
 * draft once it looks complete, or when the field is left, so a half-typed "1" does not set off a
 * preview full of errors.
 */
function TimeInput({
  id,
  label,
  visibleLabel,
  value,
  isInvalid,
  describedBy,
  onCommit,
}: {
  id: string;
  label: string;
  visibleLabel: string;
  value: string;
  isInvalid: boolean;
  describedBy: string | undefined;
  onCommit: (value: string) => void;
}) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  // A new value from outside (a preset, an import, discard) replaces what is typed.
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  return (
    <div className="time-field">
      <label htmlFor={id}>
        <span className="visually-hidden">{label}, </span>
        {visibleLabel}
      </label>
      <input
        id={id}
        type="text"
        className="time-input"
        value={text}
        placeholder="HH:MM"
        maxLength={5}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={isInvalid || undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          if (COMPLETE_TIME.test(next) && next !== value) onCommit(next);
        }}
        onBlur={() => {
          if (text !== value) onCommit(text);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && text !== value) onCommit(text);
        }}
      />
    </div>
  );
}

/**
 * The [start, end) intervals of one weekday or special day, each with its own row, the server's
 * problems beside it, and buttons to add and remove rows.
 */
export function IntervalsEditor({
  dayKey,
  dayLabel,
  intervals,
  issues,
  emptyText,
  actions,
  onChange,
}: {
  /** `week.mon` or `specialDays.2026-12-31`: where the server's issue paths point. */
  dayKey: string;
  dayLabel: string;
  intervals: Interval[];
  issues: IssueMap;
  emptyText: string;
  /** More buttons for the day, beside "Add interval". */
  actions?: ReactNode;
  onChange: (intervals: Interval[]) => void;
}) {
  const { t } = useTranslation();
  const addRef = useRef<HTMLButtonElement>(null);
  const dayId = fieldIdOf(dayKey);
  const dayIssues = issues.get(dayKey);

  function update(index: number, part: 0 | 1, value: string) {
    onChange(intervals.map((interval, i) => (i === index ? ((part === 0 ? [value, interval[1]] : [interval[0], value]) as Interval) : interval)));
  }

  function add() {
    onChange([...intervals, nextInterval(intervals)]);
    // Into the new row's first field, once it exists.
    requestAnimationFrame(() => document.getElementById(`${fieldIdOf(intervalKey(dayKey, intervals.length))}-start`)?.focus());
  }

  function remove(index: number) {
    onChange(intervals.filter((_, i) => i !== index));
    addRef.current?.focus();
  }

  return (
    <div className="intervals" id={dayId} tabIndex={-1}>
      {intervals.length === 0 ? (
        <p className="muted intervals-empty">{emptyText}</p>
      ) : (
        <ul className="interval-list">
          {intervals.map(([start, end], index) => {
            const key = intervalKey(dayKey, index);
            const id = fieldIdOf(key);
            const messages = issues.get(key);
            const errorId = messages ? `${id}-error` : undefined;
            const rowLabel = t('admin.intervals.rowLabel', { day: dayLabel, number: index + 1 });
            return (
              <li key={index} className={`interval-row${messages ? ' is-invalid' : ''}`}>
                <div className="interval-fields">
                  <TimeInput
                    id={`${id}-start`}
                    label={rowLabel}
                    visibleLabel={t('admin.intervals.from')}
                    value={start}
                    isInvalid={Boolean(messages)}
                    describedBy={errorId}
                    onCommit={(value) => update(index, 0, value)}
                  />
                  <TimeInput
                    id={`${id}-end`}
                    label={rowLabel}
                    visibleLabel={t('admin.intervals.to')}
                    value={end}
                    isInvalid={Boolean(messages)}
                    describedBy={errorId}
                    onCommit={(value) => update(index, 1, value)}
                  />
                  <button
                    type="button"
                    className="button button-quiet button-small"
                    aria-label={t('admin.intervals.removeLabel', { row: rowLabel })}
                    onClick={() => remove(index)}
                  >
                    {t('admin.intervals.remove')}
                  </button>
                </div>
                {messages && (
                  <p className="field-error" id={errorId}>
                    {messages.join(' ')}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {dayIssues && <p className="field-error">{dayIssues.join(' ')}</p>}
      <div className="day-actions">
        <button
          ref={addRef}
          type="button"
          className="button button-quiet button-small"
          aria-label={t('admin.intervals.addLabel', { day: dayLabel })}
          onClick={add}
        >
          {t('admin.intervals.add')}
        </button>
        {actions}
      </div>
    </div>
  );
}
