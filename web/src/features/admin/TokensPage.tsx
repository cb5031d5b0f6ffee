import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/client.js';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { fieldErrorsOf } from '../../components/errors.js';
import { Field } from '../../components/Field.js';
import type { Message } from '../../components/messages.js';
import { ResourceView } from '../../components/ResourceView.js';
import { useResource } from '../../components/useResource.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { peopleApi } from './peopleApi.js';
import { TOKEN_SCOPES, tokensApi, type ApiToken } from './tokensApi.js';

/** API tokens: create with scopes and an optional expiry (the secret shown once), list with last use, revoke. */
export function TokensPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.tokens.title'));
  const resource = useResource(() => tokensApi.list(), []);
  const [staff, setStaff] = useState<User[]>([]);
  useEffect(() => {
    peopleApi.list({ role: 'staff' }).then(
      (page) => setStaff(page.items),
      () => undefined,
    );
  }, []);
  return (
    <div className="page admin-page">
      <header className="page-header">
        <h1 id="page-title">{t('admin.tokens.title')}</h1>
        <p className="muted">{t('admin.tokens.intro')}</p>
      </header>
      <ResourceView resource={resource}>{(data) => <TokenList items={data.items} staff={staff} onChanged={() => void resource.reload()} />}</ResourceView>
      <NewToken staff={staff} onCreated={() => void resource.reload()} />
    </div>
  );
}

function TokenList({ items, staff, onChanged }: { items: ApiToken[]; staff: User[]; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const { serverNow } = useAuth();
  const [error, setError] = useState<unknown>(null);
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const when = (iso: string | null) => (iso ? format.format(new Date(iso)) : t('admin.tokens.never'));
  const owner = (id: string) => staff.find((u) => u.id === id)?.email ?? id;
  const stateOf = (token: ApiToken) =>
    token.revoked ? 'revoked' : token.expiresAt !== null && Date.parse(token.expiresAt) <= serverNow() ? 'expired' : 'active';

  async function revoke(token: ApiToken) {
    if (!window.confirm(t('admin.tokens.confirmRevoke', { name: token.name }))) return;
    setError(null);
    try {
      await tokensApi.revoke(token.id);
      onChanged();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card panel" aria-labelledby="tokens-list-title">
      <h2 id="tokens-list-title">{t('admin.tokens.listTitle')}</h2>
      <ErrorAlert error={error} />
      {items.length === 0 ? (
        <p className="empty">{t('admin.tokens.empty')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="tokens-list-title" tabIndex={0}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.tokens.name')}</th>
                <th scope="col">{t('admin.tokens.owner')}</th>
                <th scope="col">{t('admin.tokens.scopes')}</th>
                <th scope="col">{t('admin.tokens.lastUsed')}</th>
                <th scope="col">{t('admin.tokens.expires')}</th>
                <th scope="col">{t('admin.tokens.state')}</th>
                <th scope="col">{t('admin.tokens.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((token) => {
                const state = stateOf(token);
                return (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>{owner(token.userId)}</td>
                    <td>{token.scopes.length === 0 ? t('admin.tokens.wholeRole') : token.scopes.join(', ')}</td>
                    <td>{when(token.lastUsedAt)}</td>
                    <td>{token.expiresAt ? when(token.expiresAt) : t('admin.tokens.noExpiry')}</td>
                    <td>
                      <span className={`badge${state === 'active' ? '' : ' badge-note'}`}>{t(`admin.tokens.states.${state}`)}</span>
                    </td>
                    <td>
                      {state === 'active' && (
                        <button type="button" className="button button-danger button-small" onClick={() => void revoke(token)}>
                          {t('admin.tokens.revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NewToken({ staff, onCreated }: { staff: User[]; onCreated(): void }) {
  const { t } = useTranslation();
  const { user: me } = useAuth();
  const [name, setName] = useState('');
  const [userId, setUserId] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [expiresOn, setExpiresOn] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, Message>>({});
  const [secret, setSecret] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setFieldErrors({});
    setSecret(null);
    setIsBusy(true);
    try {
      const [y, m, d] = expiresOn.split('-').map(Number);
      const created = await tokensApi.create({
        name,
        scopes,
        userId: userId || undefined,
        // The end of the chosen day in this browser's zone.
        expiresAt: expiresOn ? new Date(y!, m! - 1, d! + 1).toISOString() : undefined,
      });
      setSecret(created.token);
      setName('');
      setScopes([]);
      setExpiresOn('');
      onCreated();
    } catch (err) {
      setFieldErrors(fieldErrorsOf(err));
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section className="card panel" aria-labelledby="token-new-title">
      <h2 id="token-new-title">{t('admin.tokens.newTitle')}</h2>
      {secret && (
        <div className="alert alert-info" role="status">
          <p>{t('admin.tokens.secretOnce')}</p>
          <code className="token-secret">{secret}</code>
        </div>
      )}
      <ErrorAlert error={error} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('admin.tokens.name')} required value={name} error={fieldErrors.name} onChange={(e) => setName(e.target.value)} />
        <div className="field">
          <label htmlFor="token-owner">{t('admin.tokens.owner')}</label>
          <select id="token-owner" value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">{me ? `${me.name} (${me.email})` : ''}</option>
            {staff
              .filter((u) => u.id !== me?.id && !u.disabled)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
          </select>
        </div>
        <fieldset className="field">
          <legend>{t('admin.tokens.scopes')}</legend>
          <p className="field-hint">{t('admin.tokens.scopesHint')}</p>
          {TOKEN_SCOPES.map((scope) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) => setScopes((old) => (e.target.checked ? [...old, scope] : old.filter((s) => s !== scope)))}
              />{' '}
              {scope}
            </label>
          ))}
        </fieldset>
        <Field
          label={t('admin.tokens.expiresOn')}
          hint={t('admin.tokens.expiresHint')}
          type="date"
          value={expiresOn}
          onChange={(e) => setExpiresOn(e.target.value)}
        />
        <button type="submit" className="button" disabled={isBusy}>
          {t('admin.tokens.create')}
        </button>
      </form>
    </section>
  );
}
