import { createBrowserRouter } from 'react-router';
import { AccountHome } from '../features/account/AccountHome.js';
import { accountRoutes } from '../features/account/routes.js';
import { adminRoute } from '../features/admin/routes.js';
import { AgentHome } from '../features/agent/AgentHome.js';
import { agentRoutes } from '../features/agent/routes.js';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage.js';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage.js';
import { SignInPage } from '../features/auth/SignInPage.js';
import { SignUpPage } from '../features/auth/SignUpPage.js';
import { VerifyEmailPage } from '../features/auth/VerifyEmailPage.js';
import { SettingsPage } from '../features/settings/SettingsPage.js';
import { ConfirmSuggestionPage } from '../features/suggest/ConfirmSuggestionPage.js';
import { SuggestPage } from '../features/suggest/SuggestPage.js';
import { TwoFactorPage } from '../features/twofactor/TwoFactorPage.js';
import { TwoFactorSetupPage } from '../features/twofactor/TwoFactorSetupPage.js';
import { HomeRedirect, RequireRole } from './guards.js';
import { Layout } from './Layout.js';
import { RouteError } from './RouteError.js';
import { NotFoundPage } from './NotFoundPage.js';

/** Every page of the app. The server answers unknown non-API paths with index.html, so deep links work. */
export function createRouter() {
  return createBrowserRouter([
    {
      element: <Layout />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <HomeRedirect /> },
        { path: 'sign-in', element: <SignInPage /> },
        { path: 'sign-up', element: <SignUpPage /> },
        { path: 'verify-email', element: <VerifyEmailPage /> },
        { path: 'forgot-password', element: <ForgotPasswordPage /> },
        { path: 'reset-password', element: <ResetPasswordPage /> },
        { path: 'suggest', element: <SuggestPage /> },
        { path: 'suggest/confirm', element: <ConfirmSuggestionPage /> },
        { path: 'two-factor', element: <TwoFactorPage /> },
        { path: 'two-factor/setup', element: <TwoFactorSetupPage /> },
        {
          path: 'account',
          element: (
            <RequireRole roles={['customer']}>
              <AccountHome />
            </RequireRole>
          ),
        },
        {
          path: 'agent',
          element: (
            <RequireRole roles={['agent', 'admin']}>
              <AgentHome />
            </RequireRole>
          ),
        },
        ...accountRoutes,
        ...agentRoutes,
        {
          path: 'settings',
          element: (
            <RequireRole>
              <SettingsPage />
            </RequireRole>
          ),
        },
        adminRoute,
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
