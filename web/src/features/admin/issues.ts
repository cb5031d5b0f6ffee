// The server names each problem in a calendar file by its path (`week.mon[1]`, `week.mon[1][0]`,
// `holidays[2]`, `specialDays.2026-12-31[0]`, `timezone`, or '' for the whole file). The editor
// shows each one by the field it names; these helpers turn paths into field keys and element ids.
import type { TFunction } from 'i18next';
import { issueMessage } from '../../components/errors.js';
import { messageText } from '../../components/messages.js';
import type { Issue } from './adminApi.js';

/**
 * The field an issue belongs to. A problem with one end of an interval (`week.mon[1][0]`) is shown
 * on the interval's row (`week.mon[1]`), where both ends are edited.
 */
export function fieldKeyOf(path: string): string {
  const interval = /^((?:week\.[a-z]+|specialDays\..+)\[\d+\])\[\d+\]$/.exec(path);
  return interval ? interval[1]! : path;
}

/** Messages by field key, in the language of `t`. */
export type IssueMap = ReadonlyMap<string, string[]>;

/** Words for one issue: its code from our catalogues (the server's English only for a code we do not know). */
export function describeIssue(t: TFunction, issue: Issue): string {
  return messageText(t, issueMessage(issue));
}

/** The issues' words by field key; made again when the language changes (pass the current `t`). */
export function groupIssues(issues: readonly Issue[], t: TFunction): IssueMap {
  const map = new Map<string, string[]>();
  for (const issue of issues) {
    const key = fieldKeyOf(issue.path);
    map.set(key, [...(map.get(key) ?? []), describeIssue(t, issue)]);
  }
  return map;
}

/** The element id of a field key ("week.mon[1]" → "cal-week-mon-1-"); ids allow only a few characters. */
export function fieldIdOf(key: string): string {
  return `cal-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** The key of interval `index` of a weekday or special day (`week.mon` / `specialDays.2026-12-31`). */
export function intervalKey(dayKey: string, index: number): string {
  return `${dayKey}[${index}]`;
}

/** What a field key names, for the summary's words. */
export type FieldRef =
  | { kind: 'file' }
  | { kind: 'timezone' }
  | { kind: 'weekday'; day: string; interval?: number }
  | { kind: 'holiday'; index?: number }
  | { kind: 'specialDay'; date: string; interval?: number }
  | { kind: 'other'; path: string };

export function parseFieldKey(key: string): FieldRef {
  if (key === '') return { kind: 'file' };
  if (key === 'timezone') return { kind: 'timezone' };
  const week = /^week\.([a-z]+)(?:\[(\d+)\])?$/.exec(key);
  if (week) return { kind: 'weekday', day: week[1]!, ...(week[2] !== undefined && { interval: Number(week[2]) }) };
  const holiday = /^holidays(?:\[(\d+)\])?$/.exec(key);
  if (holiday) return { kind: 'holiday', ...(holiday[1] !== undefined && { index: Number(holiday[1]) }) };
  const special = /^specialDays\.(.+?)(?:\[(\d+)\])?$/.exec(key);
  if (special) return { kind: 'specialDay', date: special[1]!, ...(special[2] !== undefined && { interval: Number(special[2]) }) };
  return { kind: 'other', path: key };
}

/** The element a summary link moves focus to: an interval's start input, else the field itself. */
export function focusTargetIdOf(key: string): string {
  const ref = parseFieldKey(key);
  const isInterval = (ref.kind === 'weekday' || ref.kind === 'specialDay') && ref.interval !== undefined;
  return isInterval ? `${fieldIdOf(key)}-start` : fieldIdOf(key);
}
