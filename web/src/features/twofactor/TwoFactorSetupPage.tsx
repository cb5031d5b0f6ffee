import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { homePathFor, useAuth } from '../../app/auth.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { AuthCard } from '../auth/AuthCard.js';
import { TwoFactorSetup } from './TwoFactorSetup.js';

/** Where a staff member lands when admins require two-factor sign-in and they have none yet. */
export function TwoFactorSetupPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  usePageTitle(t('twoFactor.setup.title'));
  if (auth.status !== 'loading' && !auth.user) return <Navigate to="/sign-in" replace />;
  if (auth.user && auth.signIn === 'second_factor') return <Navigate to="/two-factor" replace />;
  return (
    <AuthCard title={t('twoFactor.setup.title')} intro={t('twoFactor.setup.required')}>
      <TwoFactorSetup
        onDone={() => {
          auth.completeSignIn();
        }}
      />
      {auth.user && auth.signIn === 'complete' && <Navigate to={homePathFor(auth.user.role)} replace />}
      <p className="card-footer">
        <button type="button" className="button-link" onClick={() => void auth.signOut()}>
          {t('twoFactor.verify.cancel')}
        </button>
      </p>
    </AuthCard>
  );
}
