import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, User } from '../../api/client.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { fieldErrorsOf } from '../../components/errors.js';
import { Field } from '../../components/Field.js';
import type { Message } from '../../components/messages.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useAuth } from '../../app/auth.js';
import { peopleApi } from './peopleApi.js';

type Tab = 'staff' | 'customer';

/** People: agents and admins (invite, role, deactivate, reactivate) and customers, searched and paged. */
export function PeoplePage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.people.title'));
  const [tab, setTab] = useState<Tab>('staff');
  const [version, setVersion] = useState(0);
  return (
    <div className="page admin-page">
      <header className="page-header">
        <h1 id="page-title">{t('admin.people.title')}</h1>
        <p className="muted">{t('admin.people.intro')}</p>
      </header>
      <div className="button-row" role="group" aria-label={t('admin.people.which')}>
        {(['staff', 'customer'] as const).map((value) => (
          <button
            key={value}
            type="button"
            className={`button button-small${tab === value ? '' : ' button-quiet'}`}
            aria-pressed={tab === value}
            onClick={() => setTab(value)}
          >
            {t(`admin.people.tabs.${value}`)}
          </button>
        ))}
      </div>
      <PeopleList key={`${tab}-${version}`} role={tab} />
      {tab === 'staff' && <InviteForm onInvited={() => setVersion((v) => v + 1)} />}
    </div>
  );
}

function PeopleList({ role }: { role: Tab }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [items, setItems] = useState<User[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [leaving, setLeaving] = useState<User | null>(null);

  async function load(more: boolean) {
    setIsLoading(true);
    setError(null);
    try {
      const page = await peopleApi.list({ role, q: search || undefined, cursor: more ? (cursor ?? undefined) : undefined });
      setItems((old) => (more ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setIsLoading(false);
    }
  }
  useEffect(() => {
    void load(false);
    // Reloads when the search is submitted; `load` reads the current cursor itself.
  }, [search]);

  function replace(user: User) {
    setItems((old) => old.map((u) => (u.id === user.id ? user : u)));
  }
  async function act(run: () => Promise<User>) {
    setError(null);
    try {
      replace(await run());
    } catch (err) {
      setError(err);
    }
  }

  const titleId = `people-${role}-title`;
  return (
    <section className="card panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{t(`admin.people.tabs.${role}`)}</h2>
      <form
        className="inline-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(q.trim());
        }}
      >
        <Field label={t('admin.people.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <button type="submit" className="button button-small">
          {t('admin.people.searchButton')}
        </button>
      </form>
      <ErrorAlert error={error} />
      {items.length === 0 && !isLoading ? (
        <p className="empty">{t('admin.people.empty')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby={titleId} tabIndex={0}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.people.name')}</th>
                <th scope="col">{t('admin.people.email')}</th>
                <th scope="col">{t('admin.people.role')}</th>
                <th scope="col">{t('admin.people.status')}</th>
                <th scope="col">{t('admin.people.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((user) => (
                <PersonRow
                  key={user.id}
                  user={user}
                  onRole={(r) => void act(() => peopleApi.changeRole(user.id, r))}
                  onDeactivate={() => setLeaving(user)}
                  onReactivate={() => void act(() => peopleApi.reactivate(user.id))}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" className="button button-quiet" disabled={isLoading} onClick={() => void load(true)}>
          {t('admin.people.more')}
        </button>
      )}
      {leaving && (
        <DeactivateDialog
          user={leaving}
          onClose={() => setLeaving(null)}
          onDone={(user) => {
            replace(user);
            setLeaving(null);
          }}
        />
      )}
    </section>
  );
}

function PersonRow({
  user,
  onRole,
  onDeactivate,
  onReactivate,
}: {
  user: User;
  onRole(role: 'admin' | 'agent'): void;
  onDeactivate(): void;
  onReactivate(): void;
}) {
  const { t } = useTranslation();
  const { user: me } = useAuth();
  const isStaff = user.role !== 'customer';
  const isMe = me?.id === user.id;
  return (
    <tr>
      <td>{user.name}</td>
      <td>{user.email}</td>
      <td>
        {isStaff ? (
          <select aria-label={t('admin.people.roleOf', { name: user.name })} value={user.role} onChange={(e) => onRole(e.target.value as 'admin' | 'agent')}>
            <option value="agent">{t('roles.agent')}</option>
            <option value="admin">{t('roles.admin')}</option>
          </select>
        ) : (
          t(`roles.${user.role}`)
        )}
      </td>
      <td>
        {user.disabled ? <span className="badge badge-note">{t('admin.people.disabled')}</span> : <span className="badge">{t('admin.people.active')}</span>}
      </td>
      <td>
        {user.disabled ? (
          <button type="button" className="button button-quiet button-small" onClick={onReactivate}>
            {t('admin.people.reactivate')}
          </button>
        ) : (
          !isMe && (
            <button type="button" className="button button-danger button-small" onClick={onDeactivate}>
              {t('admin.people.deactivate')}
            </button>
          )
        )}
      </td>
    </tr>
  );
}

function DeactivateDialog({ user, onClose, onDone }: { user: User; onClose(): void; onDone(user: User): void }) {
  const { t } = useTranslation();
  const [staff, setStaff] = useState<User[]>([]);
  const [reassignTo, setReassignTo] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  useEffect(() => {
    if (user.role === 'customer') return;
    peopleApi.list({ role: 'staff' }).then(
      (page) => setStaff(page.items.filter((u) => u.id !== user.id && !u.disabled)),
      (err: unknown) => setError(err),
    );
  }, [user]);

  async function confirm() {
    setIsBusy(true);
    setError(null);
    try {
      onDone(await peopleApi.deactivate(user.id, reassignTo || null));
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <Dialog title={t('admin.people.deactivateTitle', { name: user.name })} isOpen onClose={onClose}>
      <p>{t('admin.people.deactivateExplain')}</p>
      {user.role !== 'customer' && (
        <div className="field">
          <label htmlFor="reassign-to">{t('admin.people.reassign')}</label>
          <select id="reassign-to" value={reassignTo} onChange={(e) => setReassignTo(e.target.value)}>
            <option value="">{t('admin.people.unassign')}</option>
            {staff.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </div>
      )}
      <ErrorAlert error={error} />
      <div className="button-row">
        <button type="button" className="button button-danger" disabled={isBusy} onClick={() => void confirm()}>
          {t('admin.people.deactivateConfirm')}
        </button>
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}

function InviteForm({ onInvited }: { onInvited(): void }) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, Message>>({});
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setFieldErrors({});
    setSentTo(null);
    setIsBusy(true);
    try {
      const user = await peopleApi.invite({ email, name, role, language: i18n.language === 'ru' ? 'ru' : 'en' });
      setSentTo(user.email);
      setEmail('');
      setName('');
      onInvited();
    } catch (err) {
      setFieldErrors(fieldErrorsOf(err));
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section className="card panel" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('admin.people.inviteTitle')}</h2>
      <p className="muted">{t('admin.people.inviteExplain')}</p>
      {sentTo && <Notice>{t('admin.people.invited', { email: sentTo })}</Notice>}
      <ErrorAlert error={error} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('admin.people.email')} type="email" required value={email} error={fieldErrors.email} onChange={(e) => setEmail(e.target.value)} />
        <Field label={t('admin.people.name')} required value={name} error={fieldErrors.name} onChange={(e) => setName(e.target.value)} />
        <div className="field">
          <label htmlFor="invite-role">{t('admin.people.role')}</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="agent">{t('roles.agent')}</option>
            <option value="admin">{t('roles.admin')}</option>
          </select>
        </div>
        <button type="submit" className="button" disabled={isBusy}>
          {t('admin.people.invite')}
        </button>
      </form>
    </section>
  );
}
