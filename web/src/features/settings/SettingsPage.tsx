import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, type Language, type User } from '../../api/client.js';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { fieldErrorsOf } from '../../components/errors.js';
import { Field } from '../../components/Field.js';
import { checkRequired, focusFirstInvalid } from '../../components/forms.js';
import type { Message } from '../../components/messages.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { applyLanguage, isLanguage, LANGUAGES } from '../../i18n/index.js';
import { RevokeTokensChoice } from '../auth/fields.js';
import { NotificationPreferences } from '../notifications/NotificationPreferences.js';
import { TwoFactorPolicy, TwoFactorSettings } from '../twofactor/TwoFactorSettings.js';
import { listTimeZones, zoneOffsetLabel } from './timeZones.js';
import { WorkspaceSettings } from './WorkspaceSettings.js';

/** Profile (name, language, time zone), two-factor sign-in and sessions. */
export function SettingsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  usePageTitle(t('settings.title'));
  if (!user) return null; // the route guard only renders this page for a signed-in person
  return (
    <div className="page page-narrow">
      <header className="page-header">
        <h1 id="page-title">{t('settings.title')}</h1>
        <p className="muted">{user.email}</p>
      </header>
      <ProfileForm user={user} />
      {user.role !== 'customer' && (
        <section className="card panel" aria-labelledby="mail-preferences-title">
          <h2 id="mail-preferences-title">{t('mailPrefs.title')}</h2>
          <NotificationPreferences />
        </section>
      )}
      <TwoFactorSettings />
      <TwoFactorPolicy />
      {user.role === 'admin' && <WorkspaceSettings />}
      <SessionsPanel />
    </div>
  );
}

function ProfileForm({ user }: { user: User }) {
  const { t } = useTranslation();
  const { setUser, serverNow } = useAuth();
  const formRef = useRef<HTMLFormElement>(null);
  const languageId = useId();
  const zoneId = useId();
  const [name, setName] = useState(user.name);
  const [language, setLanguage] = useState<Language>(user.language);
  const [timeZone, setTimeZone] = useState(user.timeZone);
  const [nameError, setNameError] = useState<Message | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [isSaved, setIsSaved] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const zones = useMemo(() => {
    const now = serverNow();
    return listTimeZones([user.timeZone]).map((zone) => ({ zone, offset: zoneOffsetLabel(zone, now) }));
  }, [user.timeZone, serverNow]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = checkRequired(t, name);
    setNameError(problem);
    setError(null);
    setIsSaved(false);
    if (problem) return focusFirstInvalid(formRef.current);
    const changes = {
      ...(name.trim() !== user.name && { name: name.trim() }),
      ...(language !== user.language && { language }),
      ...(timeZone !== user.timeZone && { timeZone }),
    };
    setIsBusy(true);
    try {
      const updated = Object.keys(changes).length > 0 ? await api.updateMe(changes) : user;
      await applyLanguage(updated.language);
      setUser(updated);
      setIsSaved(true);
    } catch (err) {
      setError(err);
      setNameError(fieldErrorsOf(err).name);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section className="card panel" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('settings.profile')}</h2>
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
        <Field
          label={t('fields.name')}
          name="name"
          autoComplete="name"
          value={name}
          maxLength={200}
          onChange={(event) => {
            setName(event.target.value);
            setIsSaved(false);
          }}
          error={nameError}
          required
        />
        <div className="field">
          <label htmlFor={languageId}>{t('fields.language')}</label>
          <select
            id={languageId}
            name="language"
            value={language}
            onChange={(event) => {
              if (isLanguage(event.target.value)) setLanguage(event.target.value);
              setIsSaved(false);
            }}
          >
            {LANGUAGES.map((code) => (
              <option key={code} value={code} lang={code}>
                {t(`language.names.${code}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={zoneId}>{t('fields.timeZone')}</label>
          <select
            id={zoneId}
            name="timeZone"
            value={timeZone}
            aria-describedby={`${zoneId}-hint`}
            onChange={(event) => {
              setTimeZone(event.target.value);
              setIsSaved(false);
            }}
          >
            {zones.map(({ zone, offset }) => (
              <option key={zone} value={zone}>
                {offset ? `${zone} (${offset})` : zone}
              </option>
            ))}
          </select>
          <p className="field-hint" id={`${zoneId}-hint`}>
            {t('settings.timeZoneHint')}
          </p>
        </div>
        <ErrorAlert error={error} />
        {isSaved && <Notice>{t('settings.saved')}</Notice>}
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {isBusy ? t('settings.saving') : t('settings.save')}
        </button>
      </form>
    </section>
  );
}

function SessionsPanel() {
  const { t } = useTranslation();
  const { signOutEverywhere } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [revokeTokens, setRevokeTokens] = useState(false);

  async function endAll() {
    setError(null);
    setIsBusy(true);
    try {
      await signOutEverywhere({ revokeTokens });
      navigate('/sign-in', { replace: true });
    } catch (err) {
      setError(err);
      setIsBusy(false);
    }
  }

  return (
    <section className="card panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('settings.sessions.title')}</h2>
      <p>{t('settings.sessions.intro')}</p>
      <RevokeTokensChoice checked={revokeTokens} onChange={setRevokeTokens} />
      <ErrorAlert error={error} />
      <button type="button" className="button button-danger" onClick={() => void endAll()} disabled={isBusy}>
        {isBusy ? t('settings.sessions.working') : t('settings.sessions.button')}
      </button>
    </section>
  );
}
