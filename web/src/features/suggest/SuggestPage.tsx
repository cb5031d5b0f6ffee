import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { fieldErrorsOf } from '../../components/errors.js';
import { Field } from '../../components/Field.js';
import { checkEmail, checkRequired, focusFirstInvalid, hasErrors, type FieldErrors } from '../../components/forms.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { currentLanguage } from '../../i18n/index.js';
import { AuthCard } from '../auth/AuthCard.js';
import { MarkdownField } from '../tickets/MarkdownField.js';

type Kind = 'suggestion' | 'partnership';
type FieldName = 'name' | 'email' | 'subject' | 'body';
const KINDS: readonly Kind[] = ['suggestion', 'partnership'];

function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/**
 * `/suggest`: suggestions and partnership proposals from anyone (R8), no account needed. The
 * address is confirmed by a mailed link before the request opens (ConfirmSuggestionPage).
 */
export function SuggestPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const formRef = useRef<HTMLFormElement>(null);
  const honeypotId = useId();
  const [kind, setKind] = useState<Kind>('suggestion');
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  // A field people never see: robots that fill every input fill it too (the server drops those).
  const [website, setWebsite] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<FieldName>>({});
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  usePageTitle(sentTo ? t('suggest.sentTitle') : t('suggest.title'));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors<FieldName> = {
      name: checkRequired(t, name),
      email: checkEmail(t, email),
      subject: checkRequired(t, subject),
      body: checkRequired(t, body),
    };
    setFieldErrors(errors);
    setError(null);
    if (hasErrors(errors)) return focusFirstInvalid(formRef.current);
    setIsBusy(true);
    try {
      const address = email.trim();
      await api.sendSuggestion({
        kind,
        name: name.trim(),
        email: address,
        subject: subject.trim(),
        body,
        language: currentLanguage(),
        timeZone: browserTimeZone(),
        ...(website !== '' && { website }),
      });
      setSentTo(address);
    } catch (err) {
      setError(err);
      setFieldErrors(fieldErrorsOf(err));
    } finally {
      setIsBusy(false);
    }
  }

  if (sentTo) {
    return (
      <AuthCard title={t('suggest.sentTitle')}>
        <Notice>{t('suggest.sent', { email: sentTo })}</Notice>
        <p className="card-footer">
          <button
            type="button"
            className="button-link"
            onClick={() => {
              setSentTo(null);
              setSubject('');
              setBody('');
            }}
          >
            {t('suggest.another')}
          </button>
        </p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('suggest.title')} intro={t('suggest.intro')}>
      {user?.role === 'customer' && (
        <p className="alert alert-info">
          {t('suggest.signedIn')} <Link to="/account/tickets/new">{t('suggest.newRequest')}</Link>
        </p>
      )}
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
        <fieldset className="field kind-picker">
          <legend>{t('suggest.kind')}</legend>
          {KINDS.map((value) => (
            <label key={value} className="radio-card">
              <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
              <span>
                <span className="radio-title">{t(`suggest.kinds.${value}`)}</span>
                <span className="radio-hint">{t(`suggest.kindHints.${value}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <Field
          label={t('suggest.name')}
          name="name"
          autoComplete="name"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          error={fieldErrors.name}
          required
        />
        <Field
          label={t('suggest.email')}
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          value={email}
          maxLength={254}
          onChange={(e) => setEmail(e.target.value)}
          hint={t('suggest.emailHint')}
          error={fieldErrors.email}
          required
        />
        <Field
          label={t('suggest.subject')}
          name="subject"
          value={subject}
          maxLength={200}
          onChange={(e) => setSubject(e.target.value)}
          error={fieldErrors.subject}
          required
        />
        <MarkdownField label={t(`suggest.body.${kind}`)} value={body} onChange={setBody} error={fieldErrors.body} hint={t(`suggest.bodyHint.${kind}`)} />
        <div className="honeypot" aria-hidden="true">
          <label htmlFor={honeypotId}>{t('suggest.honeypot')}</label>
          <input id={honeypotId} name="website" tabIndex={-1} autoComplete="off" value={website} onChange={(e) => setWebsite(e.target.value)} />
        </div>
        <ErrorAlert error={error} />
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {t('suggest.submit')}
        </button>
      </form>
    </AuthCard>
  );
}
