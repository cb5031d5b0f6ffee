import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Dialog } from '../../components/Dialog.js';
import { useShortcuts } from './shortcuts.js';

/** The workspace's sections, a search box ("/" focuses it) and the keyboard help ("?"). */
export function AgentNav() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const location = useLocation();
  const searchId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState(params.get('q') ?? '');
  const addressQuery = params.get('q') ?? '';
  useEffect(() => {
    setQuery(addressQuery);
  }, [addressQuery]);
  const [isHelpOpen, setIsHelpOpen] = useState(false);

  useShortcuts({
    '/': () => inputRef.current?.focus(),
    '?': () => setIsHelpOpen(true),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // On the search page the filters stay; from anywhere else a search starts afresh.
    const next = new URLSearchParams(location.pathname === '/agent/search' ? params : undefined);
    if (query.trim()) next.set('q', query.trim());
    else next.delete('q');
    const text = next.toString();
    navigate(`/agent/search${text ? `?${text}` : ''}`);
  }

  return (
    <div className="agent-bar">
      <nav className="sub-nav" aria-label={t('workspace.nav.label')}>
        <ul>
          <li>
            <NavLink to="/agent" end>
              {t('workspace.nav.queues')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/agent/search">{t('workspace.nav.search')}</NavLink>
          </li>
          <li>
            <NavLink to="/agent/help">{t('help.nav')}</NavLink>
          </li>
          <li>
            <NavLink to="/agent/reports">{t('workspace.nav.reports')}</NavLink>
          </li>
        </ul>
      </nav>
      <form role="search" className="agent-search" onSubmit={submit}>
        <label htmlFor={searchId} className="visually-hidden">
          {t('workspace.search.label')}
        </label>
        <input
          ref={inputRef}
          id={searchId}
          type="search"
          value={query}
          placeholder={t('workspace.search.placeholder')}
          onChange={(event) => setQuery(event.target.value)}
          aria-keyshortcuts="/"
        />
        <button type="submit" className="button button-quiet">
          {t('workspace.search.submit')}
        </button>
      </form>
      <button type="button" className="button button-quiet" onClick={() => setIsHelpOpen(true)} aria-keyshortcuts="?">
        {t('workspace.shortcuts.open')}
      </button>
      <Dialog title={t('workspace.shortcuts.title')} isOpen={isHelpOpen} onClose={() => setIsHelpOpen(false)}>
        <ShortcutList />
      </Dialog>
    </div>
  );
}

const SHORTCUTS = ['j', 'k', 'r', 'n', 'a', 'e', '/', '?'] as const;
const SHORTCUT_KEYS: Record<(typeof SHORTCUTS)[number], string> = {
  j: 'next',
  k: 'previous',
  r: 'reply',
  n: 'note',
  a: 'assign',
  e: 'resolve',
  '/': 'search',
  '?': 'help',
};

function ShortcutList() {
  const { t } = useTranslation();
  return (
    <>
      <dl className="shortcut-list">
        {SHORTCUTS.map((key) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{t(`workspace.shortcuts.keys.${SHORTCUT_KEYS[key]}` as never)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{t('workspace.shortcuts.note')}</p>
    </>
  );
}
