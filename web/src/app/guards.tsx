import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '../api/client.js';
import { Loading } from '../components/Loading.js';
import type { AuthLocationState } from '../features/auth/locationState.js';
import { homePathFor, useAuth } from './auth.js';

/** Renders its children for a signed-in person with one of the roles; sends others where they belong. */
export function RequireRole({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { status, user, signedOutReason, signIn } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (!user) {
    // Come back here after signing in, unless the person chose to leave (then a new sign-in starts at home).
    const hasLeft = signedOutReason === 'signed_out' || signedOutReason === 'signed_out_everywhere';
    const state: AuthLocationState = hasLeft ? {} : { from: `${location.pathname}${location.search}` };
    return <Navigate to="/sign-in" replace state={state} />;
  }
  // A session that owes its second factor (or its setup) sees nothing else; the server agrees.
  if (signIn !== 'complete') return <Navigate to={signIn === 'second_factor' ? '/two-factor' : '/two-factor/setup'} replace />;
  if (roles && !roles.includes(user.role)) return <Navigate to={homePathFor(user.role)} replace />;
  return children;
}

/** `/`: customers to their Personal Account, staff to the agent workspace, everyone else to sign in. */
export function HomeRedirect() {
  const { status, user, signIn } = useAuth();
  if (status === 'loading') return <Loading />;
  if (user && signIn !== 'complete') return <Navigate to={signIn === 'second_factor' ? '/two-factor' : '/two-factor/setup'} replace />;
  return <Navigate to={user ? homePathFor(user.role) : '/sign-in'} replace />;
}
