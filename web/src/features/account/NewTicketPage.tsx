import { useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { fieldErrorsOf } from '../../components/errors.js';
import { Field } from '../../components/Field.js';
import { focusFirstInvalid, hasErrors, type FieldErrors } from '../../components/forms.js';
import { msg } from '../../components/messages.js';
import { Loading } from '../../components/Loading.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useResource } from '../../components/useResource.js';
import { OPEN_KINDS, peopleApi, SUPPORT_KINDS, ticketsApi, TICKET_KINDS, type Entitlement, type License, type TicketKind } from '../tickets/api.js';
import { AttachmentPicker, type AttachmentState } from '../tickets/AttachmentPicker.js';
import { MarkdownField } from '../tickets/MarkdownField.js';
import { useSecretWarning } from '../vault/SecretWarning.js';
import { ArticleSuggestions } from '../help/ArticleSuggestions.js';
import { AccountNav } from './AccountNav.js';
import { StatusBanner } from './SupportStatus.js';
import { RulesAcknowledgedNote, RulesGate, RulesList, useRulesAcknowledgement } from './SupportRules.js';
import { UsuallyWithin } from '../reports/UsuallyWithin.js';

const isSupportKind = (kind: TicketKind) => SUPPORT_KINDS.includes(kind);

/**
 * A new request: its kind first, then (for support kinds) the support rules once per account and
 * version, then the fields that fit the kind: subject, text, the license and site for support.
 */
export function NewTicketPage() {
  const { t } = useTranslation();
  usePageTitle(t('portal.newTicket.title'));
  const entitlement = useResource(() => peopleApi.myEntitlement(), []);
  const licenses = useResource(() => peopleApi.myLicenses(), []);

  return (
    <div className="page">
      <header className="page-header">
        <h1 id="page-title">{t('portal.newTicket.title')}</h1>
      </header>
      <AccountNav />
      {entitlement.error || licenses.error ? (
        <>
          <ErrorAlert error={entitlement.error ?? licenses.error} />
          <button
            type="button"
            className="button button-quiet"
            onClick={() => {
              void entitlement.reload();
              void licenses.reload();
            }}
          >
            {t('app.retry')}
          </button>
        </>
      ) : entitlement.data && licenses.data ? (
        <NewTicketSteps entitlement={entitlement.data} licenses={licenses.data.items.filter((l) => l.status === 'active')} />
      ) : (
        <Loading />
      )}
    </div>
  );
}

function NewTicketSteps({ entitlement, licenses }: { entitlement: Entitlement; licenses: License[] }) {
  const { t } = useTranslation();
  const rules = useRulesAcknowledgement();
  // R1: without support entitlement only suggestions and partnership requests can be sent.
  const kinds = useMemo(() => (entitlement.supportEligible ? [...TICKET_KINDS] : [...OPEN_KINDS]), [entitlement.supportEligible]);
  const [kind, setKind] = useState<TicketKind | ''>('');
  const [showRules, setShowRules] = useState(false);

  return (
    <>
      <section className="card panel" aria-labelledby="new-status-title">
        <h2 id="new-status-title">{t('account.status.title')}</h2>
        <StatusBanner entitlement={entitlement} />
        <button type="button" className="button-link" aria-expanded={showRules} onClick={() => setShowRules((v) => !v)}>
          {t('portal.rules.show')}
        </button>
        {showRules && (
          <>
            <RulesList />
            <RulesAcknowledgedNote />
          </>
        )}
      </section>
      <section className="card panel" aria-labelledby="kind-title">
        <h2 id="kind-title">{t('portal.newTicket.formTitle')}</h2>
        <fieldset className="field kind-picker">
          <legend>{t('portal.newTicket.kind')}</legend>
          {!entitlement.supportEligible && <p className="alert alert-info">{t('portal.newTicket.onlyOpenKinds')}</p>}
          {kinds.map((value) => (
            <label key={value} className="radio-card">
              <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
              <span>
                <span className="radio-title">{t(`tickets.kind.${value}`)}</span>
                <span className="radio-hint">{t(`portal.newTicket.kindHints.${value}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {kind === '' && <p className="muted">{t('portal.newTicket.chooseFirst')}</p>}
      </section>
      {kind !== '' &&
        (isSupportKind(kind) && !rules.isAcknowledged ? (
          <RulesGate onAcknowledge={rules.acknowledge} />
        ) : (
          <NewTicketForm key={kind} kind={kind} licenses={licenses} />
        ))}
    </>
  );
}

type FieldName = 'subject' | 'body';

function NewTicketForm({ kind, licenses }: { kind: TicketKind; licenses: License[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const licenseId = useId();
  const siteId = useId();
  const isSupport = isSupportKind(kind);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [licenseKey, setLicenseKey] = useState(licenses.length === 1 ? licenses[0]!.key : '');
  const license = licenses.find((l) => l.key === licenseKey);
  const [site, setSite] = useState(license?.domains[0] ?? '');
  const [attachments, setAttachments] = useState<AttachmentState>({ ids: [], isUploading: false });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<FieldName>>({});
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  // R7: what looks like a password is warned about before sending (the server masks it anyway).
  const secretWarning = useSecretWarning();
  const [warning, setWarning] = useState<ReactNode>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await send(false);
  }

  async function send(isConfirmed: boolean) {
    const errors: FieldErrors<FieldName> = {
      subject: subject.trim() === '' ? msg('validation.required') : undefined,
      body: body.trim() === '' ? msg('tickets.composer.empty') : undefined,
    };
    setFieldErrors(errors);
    setError(null);
    if (hasErrors(errors)) return focusFirstInvalid(formRef.current);
    const toConfirm = secretWarning(`${subject}\n${body}`);
    if (toConfirm && !isConfirmed) return setWarning(toConfirm);
    setWarning(undefined);
    setIsBusy(true);
    try {
      const ticket = await ticketsApi.create({
        kind,
        subject: subject.trim(),
        body,
        ...(isSupport && { licenseKey: licenseKey || undefined, site: site.trim() || undefined }),
        attachmentIds: attachments.ids,
      });
      navigate(`/account/tickets/${ticket.id}`, { state: { created: true } });
    } catch (err) {
      setError(err);
      const serverErrors = fieldErrorsOf(err);
      setFieldErrors({ subject: serverErrors.subject, body: serverErrors.body });
      setIsBusy(false);
    }
  }

  return (
    <form ref={formRef} className="card panel" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="new-form-title">
      <h2 id="new-form-title">{t(`portal.newTicket.kinds.${kind}.title`)}</h2>
      {kind === 'emergency' && <p className="alert alert-warning">{t('portal.newTicket.emergencyNote')}</p>}
      {isSupport && <UsuallyWithin kind={kind} />}
      <Field
        label={t('portal.newTicket.subject')}
        name="subject"
        value={subject}
        maxLength={200}
        onChange={(e) => setSubject(e.target.value)}
        hint={t(`portal.newTicket.kinds.${kind}.subjectHint`)}
        error={fieldErrors.subject}
        required
      />
      <ArticleSuggestions subject={subject} isSending={isBusy} />
      {isSupport && licenses.length > 0 && (
        <div className="field-pair">
          <div className="field">
            <label htmlFor={licenseId}>{t('portal.newTicket.license')}</label>
            <select
              id={licenseId}
              value={licenseKey}
              onChange={(event) => {
                setLicenseKey(event.target.value);
                setSite(licenses.find((l) => l.key === event.target.value)?.domains[0] ?? '');
              }}
            >
              <option value="">{t('portal.newTicket.noLicense')}</option>
              {licenses.map((l) => (
                <option key={l.key} value={l.key}>
                  {`${l.product}${l.edition ? ` ${l.edition}` : ''} — ${l.key}`}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={siteId}>{t('portal.newTicket.site')}</label>
            {license && license.domains.length > 1 ? (
              <select id={siteId} value={site} onChange={(event) => setSite(event.target.value)}>
                {license.domains.map((domain) => (
                  <option key={domain} value={domain}>
                    {domain}
                  </option>
                ))}
              </select>
            ) : (
              <input id={siteId} value={site} maxLength={253} onChange={(event) => setSite(event.target.value)} placeholder="example.com" />
            )}
          </div>
        </div>
      )}
      <MarkdownField
        label={t(`portal.newTicket.kinds.${kind}.body`)}
        value={body}
        onChange={(value) => {
          setBody(value);
          setWarning(undefined);
        }}
        error={fieldErrors.body}
        hint={t(`portal.newTicket.kinds.${kind}.bodyHint`)}
      />
      <AttachmentPicker onChange={setAttachments} resetKey={0} />
      {warning && (
        <div className="alert alert-warning" role="alert">
          {warning}
          <div className="button-row">
            <button type="button" className="button button-primary" disabled={isBusy} onClick={() => void send(true)}>
              {t('tickets.composer.sendAnyway')}
            </button>
          </div>
        </div>
      )}
      <ErrorAlert error={error} />
      <button type="submit" className="button button-primary" disabled={isBusy || attachments.isUploading}>
        {isBusy ? t('tickets.composer.sending') : t(`portal.newTicket.kinds.${kind}.submit`)}
      </button>
    </form>
  );
}
