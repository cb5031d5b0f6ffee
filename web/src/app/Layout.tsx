import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { LanguageSwitcher } from '../components/LanguageSwitcher.js';
import { Loading } from '../components/Loading.js';
import { ThrottleNotice } from '../components/ThrottleNotice.js';
import { useAuth } from './auth.js';

/** Header (product, nav, language, sign-out) and the main region every page renders into. */
export function Layout() {
  const { t } = useTranslation();
  const auth = useAuth();
  useFocusHeadingOnNavigation();

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            {t('app.name')}
          </Link>
          <Nav />
          <div className="header-tools">
            <LanguageSwitcher />
            {auth.user && <SignOutButton />}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <ThrottleNotice />
        {auth.status === 'loading' ? <Loading /> : auth.status === 'error' ? <SessionError /> : <Outlet />}
      </main>
    </>
  );
}

function Nav() {
  const { t } = useTranslation();
  const { user } = useAuth();
  return (
    <nav aria-label={t('nav.label')} className="site-nav">
      <ul>
        {!user && (
          <>
            <li>
              <NavLink to="/sign-in">{t('nav.signIn')}</NavLink>
            </li>
            <li>
              <NavLink to="/sign-up">{t('nav.signUp')}</NavLink>
            </li>
            <li>
              <NavLink to="/suggest">{t('nav.suggest')}</NavLink>
            </li>
          </>
        )}
        {user?.role === 'customer' && (
          <li>
            <NavLink to="/account">{t('nav.account')}</NavLink>
          </li>
        )}
        {user && user.role !== 'customer' && (
          <li>
            <NavLink to="/agent">{t('nav.agent')}</NavLink>
          </li>
        )}
        {user?.role === 'admin' && (
          <li>
            <NavLink to="/admin">{t('nav.admin')}</NavLink>
          </li>
        )}
        {user && (
          <li>
            <NavLink to="/settings">{t('nav.settings')}</NavLink>
          </li>
        )}
      </ul>
    </nav>
  );
}

function SignOutButton() {
  const { t } = useTranslation();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function run() {
    setError(null);
    setIsBusy(true);
    try {
      await signOut();
      navigate('/sign-in', { replace: true });
    } catch (err) {
      console.error('Signing out failed', err);
      setError(err);
      setIsBusy(false);
    }
  }

  return (
    <div className="sign-out">
      <button type="button" className="button button-quiet" onClick={() => void run()} disabled={isBusy}>
        {t('nav.signOut')}
      </button>
      <ErrorAlert error={error} />
    </div>
  );
}

function SessionError() {
  const { t } = useTranslation();
  const { error, retry } = useAuth();
  return (
    <div className="page page-narrow">
      <h1 id="page-title">{t('app.sessionErrorTitle')}</h1>
      <ErrorAlert error={error} />
      <button type="button" className="button button-primary" onClick={retry}>
        {t('app.retry')}
      </button>
    </div>
  );
}

/** After moving to another page, focus its h1 so screen readers announce where the person is now. */
function useFocusHeadingOnNavigation(): void {
  const { pathname } = useLocation();
  const previous = useRef<string | null>(null);
  useEffect(() => {
    const isFirst = previous.current === null;
    const isSame = previous.current === pathname;
    previous.current = pathname;
    if (isFirst || isSame) return;
    const heading = document.querySelector<HTMLElement>('main h1');
    if (!heading) return;
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }, [pathname]);
}
