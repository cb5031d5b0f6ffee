import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { Field } from '../../components/Field.js';
import { focusFirstInvalid } from '../../components/forms.js';
import { ResourceView } from '../../components/ResourceView.js';
import { useResource } from '../../components/useResource.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { adminApi, issuesOf, TICKET_KINDS, type ReplyTargets, type TicketKind } from './adminApi.js';
import { issueMessage } from '../../components/errors.js';
import { useSetupChanged } from './AdminLayout.js';
import { msg, useMessageText, type Message } from '../../components/messages.js';
import { describeBusinessMinutes } from './format.js';
import { JobProgress } from './JobProgress.js';

type Texts = Record<TicketKind, string>;

function toTexts(targets: ReplyTargets): Texts {
  return Object.fromEntries(TICKET_KINDS.map((kind) => [kind, targets[kind] === null ? '' : String(targets[kind])])) as Texts;
}

/** Reply targets per ticket kind, in business minutes; an empty field means no target. */
export function ReplyTargetsPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.targets.title'));
  const resource = useResource(() => adminApi.getReplyTargets(), []);

  return (
    <div className="page page-narrow admin-page">
      <header className="page-header">
        <h1 id="page-title">{t('admin.targets.title')}</h1>
        <p className="muted">{t('admin.targets.intro')}</p>
      </header>
      <ResourceView resource={resource}>{(data) => <TargetsForm initial={data} />}</ResourceView>
    </div>
  );
}

function TargetsForm({ initial }: { initial: ReplyTargets }) {
  const onSetupChanged = useSetupChanged();
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [texts, setTexts] = useState<Texts>(() => toTexts(initial));
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<TicketKind, Message>>>({});
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [notice, setNotice] = useState<Message | null>(null);
  const text = useMessageText();
  const [jobId, setJobId] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    const errors: Partial<Record<TicketKind, Message>> = {};
    const targets = {} as ReplyTargets;
    for (const kind of TICKET_KINDS) {
      const text = texts[kind].trim();
      const value = Number(text);
      if (text === '') targets[kind] = null;
      else if (Number.isInteger(value) && value >= 1) targets[kind] = value;
      else errors[kind] = msg('admin.targets.wholeMinutes');
    }
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return focusFirstInvalid(formRef.current);
    setIsBusy(true);
    try {
      const result = await adminApi.putReplyTargets(targets);
      onSetupChanged();
      setTexts(toTexts(result.targets));
      setJobId(result.jobId);
      setNotice(msg(result.jobId ? 'admin.targets.saved' : 'admin.targets.unchanged'));
    } catch (err) {
      setError(err);
      // The server names each kind it refused (`question`); its problem goes beside that field.
      const byKind: Partial<Record<TicketKind, Message>> = {};
      for (const issue of issuesOf(err)) {
        const kind = TICKET_KINDS.find((k) => k === issue.path);
        if (kind && !byKind[kind]) byKind[kind] = issueMessage(issue);
      }
      setFieldErrors(byKind);
      focusFirstInvalid(formRef.current);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section className="card panel" aria-labelledby="targets-form-title">
      <h2 id="targets-form-title">{t('admin.targets.formTitle')}</h2>
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
        {TICKET_KINDS.map((kind) => {
          const value = Number(texts[kind]);
          const hint =
            texts[kind].trim() === ''
              ? t('admin.targets.none')
              : Number.isInteger(value) && value >= 1
                ? describeBusinessMinutes(t, value)
                : t('admin.targets.emptyForNone');
          return (
            <Field
              key={kind}
              label={t(`admin.targets.kinds.${kind}`)}
              name={kind}
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              value={texts[kind]}
              hint={hint}
              error={fieldErrors[kind]}
              onChange={(event) => {
                setTexts((current) => ({ ...current, [kind]: event.target.value }));
                setNotice(null);
              }}
            />
          );
        })}
        <p className="field-hint targets-note">{t('admin.targets.emptyForNone')}</p>
        <ErrorAlert error={error} />
        {notice && <Notice>{text(notice)}</Notice>}
        {jobId && <JobProgress key={jobId} jobId={jobId} />}
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {isBusy ? t('admin.targets.saving') : t('admin.targets.save')}
        </button>
      </form>
    </section>
  );
}
