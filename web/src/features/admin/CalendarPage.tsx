import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { describeError } from '../../components/errors.js';
import { msg, useMessageText, type Message } from '../../components/messages.js';
import { ResourceView } from '../../components/ResourceView.js';
import { useResource } from '../../components/useResource.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSetupChanged } from './AdminLayout.js';
import { adminApi, issuesOf, type CalendarFile, type ReplyTargets } from './adminApi.js';
import { isSameCalendar } from './calendarDraft.js';
import { DateListEditor } from './DateListEditor.js';
import { DuePreview, parseMinutes, useDraftPreview } from './DuePreview.js';
import { nextFridayEvening } from './format.js';
import { ImportPanel, type ImportResult } from './ImportPanel.js';
import { groupIssues } from './issues.js';
import { IssuesSummary } from './IssuesSummary.js';
import { JobProgress } from './JobProgress.js';
import { LeaveGuard } from './LeaveGuard.js';
import { PresetPicker } from './PresetPicker.js';
import { SpecialDaysEditor } from './SpecialDaysEditor.js';
import { WeekEditor } from './WeekEditor.js';

const DEFAULT_TARGET_MINUTES = 1440;

type Loaded = { calendar: CalendarFile; targets: ReplyTargets };

/** The business calendar: edit an unsaved draft, watch the preview move, then save or discard. */
export function CalendarPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.calendar.title'));
  const resource = useResource(
    () => Promise.all([adminApi.getCalendar(), adminApi.getReplyTargets()]).then(([calendar, targets]): Loaded => ({ calendar, targets })),
    [],
  );

  return (
    <div className="page admin-page">
      <header className="page-header">
        <h1 id="page-title">{t('admin.calendar.title')}</h1>
        <p className="muted">{t('admin.calendar.intro')}</p>
      </header>
      <ResourceView resource={resource}>{(data) => <CalendarEditor initial={data} />}</ResourceView>
    </div>
  );
}

function CalendarEditor({ initial }: { initial: Loaded }) {
  const onSetupChanged = useSetupChanged();
  const { t } = useTranslation();
  const { serverNow } = useAuth();
  const now = useMemo(() => serverNow(), [serverNow]);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [saved, setSaved] = useState(initial.calendar);
  const [draft, setDraft] = useState(initial.calendar);
  const questionTarget = initial.targets.question;
  const [start, setStart] = useState(() => nextFridayEvening({ now, timeZone: initial.calendar.timezone }));
  const [minutes, setMinutes] = useState(String(questionTarget ?? DEFAULT_TARGET_MINUTES));
  const [saveError, setSaveError] = useState<unknown>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [notice, setNotice] = useState<Message | null>(null);
  const text = useMessageText();
  const [jobId, setJobId] = useState<string | null>(null);
  const preview = useDraftPreview({ draft, start, minutes: parseMinutes(minutes) });
  const isDirty = !isSameCalendar(draft, saved);

  // A failed save's issues describe the draft it sent; the preview re-checks every later draft.
  const issues = issuesOf(saveError).length > 0 ? issuesOf(saveError) : issuesOf(preview.error);
  const issueMap = useMemo(() => groupIssues(issues, t), [issues, t]);
  const wholeCalendarError = [saveError, preview.error].find((error) => isApiError(error) && error.code === 'calendar.no_business_time');
  const otherSaveError = saveError !== null && issuesOf(saveError).length === 0 && !wholeCalendarError ? saveError : null;

  const edit = useCallback((next: CalendarFile, message: Message | null = null) => {
    setDraft(next);
    setSaveError(null);
    setNotice(message);
  }, []);

  async function save() {
    setSaveError(null);
    setNotice(null);
    setIsSaving(true);
    try {
      const result = await adminApi.putCalendar(draft);
      onSetupChanged();
      setSaved(result.calendar);
      setDraft(result.calendar);
      setJobId(result.jobId);
      setNotice(msg(result.jobId ? 'admin.calendar.saved' : 'admin.calendar.unchanged'));
    } catch (error) {
      setSaveError(error);
      if (issuesOf(error).length > 0 || (isApiError(error) && error.code === 'calendar.no_business_time')) {
        requestAnimationFrame(() => summaryRef.current?.focus());
      }
    } finally {
      setIsSaving(false);
    }
  }

  function discard() {
    edit(saved, msg('admin.calendar.discarded'));
  }

  function imported(result: ImportResult) {
    edit(
      result.calendar,
      result.kind === 'ics' ? msg('admin.import.icsDone', { count: result.added }) : msg('admin.import.jsonDone', { name: result.fileName }),
    );
  }

  return (
    <>
      <IssuesSummary ref={summaryRef} issues={issues} draft={draft} extra={wholeCalendarError ? describeError(t, wholeCalendarError) : null} />
      <div className="calendar-layout">
        <div className="calendar-preview">
          <DuePreview
            timezone={draft.timezone}
            start={start}
            minutes={minutes}
            questionTarget={questionTarget}
            state={preview}
            onStartChange={setStart}
            onMinutesChange={setMinutes}
          />
        </div>
        <div className="calendar-main">
          <WeekEditor draft={draft} issues={issueMap} now={now} onChange={edit} />
          <DateListEditor draft={draft} issues={issueMap} onChange={edit} />
          <SpecialDaysEditor draft={draft} issues={issueMap} onChange={edit} />
        </div>
        <div className="calendar-tools">
          <PresetPicker
            draft={draft}
            currentYear={new Date(now).getUTCFullYear()}
            onApply={(next, label) => edit(next, msg('admin.presets.applied', { preset: label }))}
          />
          <ImportPanel draft={draft} onImport={imported} />
        </div>
      </div>
      <div className={`actions-bar${isDirty ? ' is-sticky' : ''}`} role="region" aria-label={t('admin.calendar.actions')}>
        <div className="actions-bar-inner">
          <p className="save-state">{isDirty ? t('admin.calendar.unsaved') : t('admin.calendar.noChanges')}</p>
          <div className="actions-buttons">
            <button type="button" className="button button-quiet" onClick={discard} disabled={!isDirty || isSaving}>
              {t('admin.calendar.discard')}
            </button>
            <button type="button" className="button button-primary" onClick={() => void save()} disabled={!isDirty || isSaving}>
              {isSaving ? t('admin.calendar.saving') : t('admin.calendar.save')}
            </button>
          </div>
        </div>
        <LeaveGuard isDirty={isDirty} />
        {notice && <Notice>{text(notice)}</Notice>}
        <ErrorAlert error={otherSaveError} />
        {jobId && <JobProgress key={jobId} jobId={jobId} />}
      </div>
    </>
  );
}
