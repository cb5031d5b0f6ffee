import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, onSignedOut, setCsrfToken, type Language, type Role, type SignInState, type TimedSession, type User } from '../api/client.js';
import { applyLanguage } from '../i18n/index.js';

/** Why the person is signed out, when the app did it for them, so the sign-in page can say so. */
export type SignedOutReason = 'signed_out' | 'signed_out_everywhere' | 'session_ended';

type AuthState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'signed-out'; reason?: SignedOutReason }
  | { status: 'signed-in'; user: User; signIn: SignInState };

export interface AuthValue {
  status: AuthState['status'];
  user: User | null;
  /** Whether the session still owes its second factor (or its setup); 'complete' otherwise. */
  signIn: SignInState;
  /** The second factor was proven or set up: the session is complete now. */
  completeSignIn(): void;
  /** Why loading the session failed (status 'error'). */
  error: unknown;
  signedOutReason: SignedOutReason | undefined;
  /** Server clock minus this browser's clock, measured on the last session response. */
  clockOffsetMs: number;
  /** The server's idea of now; count "time left" from this, never from Date.now(). */
  serverNow(): number;
  /** Takes a session from sign-in or email verification; the user's stored language wins. */
  acceptSession(session: TimedSession): Promise<void>;
  /** Forgets the session locally, e.g. after a password reset ended every session on the server. */
  forgetSession(reason?: SignedOutReason): void;
  signOut(): Promise<void>;
  signOutEverywhere(options?: { revokeTokens?: boolean }): Promise<void>;
  /** Replaces the user after a profile change. */
  setUser(user: User): void;
  /** Switches the UI language; when signed in, also saves it to the account (throws if that fails). */
  setLanguage(language: Language): Promise<void>;
  retry(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Where each role starts: admins on their home with the first-run checklist. */
export function homePathFor(role: Role): string {
  if (role === 'admin') return '/admin';
  return role === 'customer' ? '/account' : '/agent';
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);

  const acceptSession = useCallback(async (session: TimedSession) => {
    setCsrfToken(session.csrfToken);
    setClockOffsetMs(session.clockOffsetMs);
    await applyLanguage(session.user.language);
    setState({ status: 'signed-in', user: session.user, signIn: session.signIn });
  }, []);

  const forgetSession = useCallback((reason?: SignedOutReason) => {
    setCsrfToken(null);
    setState({ status: 'signed-out', reason });
  }, []);

  useEffect(() => {
    let isCurrent = true;
    api.getSession().then(
      async (session) => {
        if (!isCurrent) return;
        if (session) await acceptSession(session);
        else setState({ status: 'signed-out' });
      },
      (error: unknown) => {
        if (!isCurrent) return;
        console.error('Loading the session failed', error);
        setState({ status: 'error', error });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [acceptSession, attempt]);

  // A 401 on any call means the session expired or was ended elsewhere.
  useEffect(() => {
    return onSignedOut(() => {
      if (stateRef.current.status === 'signed-in') forgetSession('session_ended');
    });
  }, [forgetSession]);

  const signOut = useCallback(async () => {
    await api.signOut();
    forgetSession('signed_out');
  }, [forgetSession]);

  const signOutEverywhere = useCallback(
    async (options: { revokeTokens?: boolean } = {}) => {
      await api.signOutEverywhere(options);
      forgetSession('signed_out_everywhere');
    },
    [forgetSession],
  );

  const setUser = useCallback(
    (user: User) => setState((current) => ({ status: 'signed-in', user, signIn: current.status === 'signed-in' ? current.signIn : 'complete' })),
    [],
  );

  const completeSignIn = useCallback(() => setState((current) => (current.status === 'signed-in' ? { ...current, signIn: 'complete' } : current)), []);

  const setLanguage = useCallback(async (language: Language) => {
    await applyLanguage(language);
    const current = stateRef.current;
    if (current.status === 'signed-in' && current.user.language !== language) {
      const user = await api.updateMe({ language });
      setState({ status: 'signed-in', user, signIn: current.signIn });
    }
  }, []);

  const serverNow = useCallback(() => Date.now() + clockOffsetMs, [clockOffsetMs]);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<AuthValue>(
    () => ({
      status: state.status,
      user: state.status === 'signed-in' ? state.user : null,
      signIn: state.status === 'signed-in' ? state.signIn : 'complete',
      completeSignIn,
      error: state.status === 'error' ? state.error : undefined,
      signedOutReason: state.status === 'signed-out' ? state.reason : undefined,
      clockOffsetMs,
      serverNow,
      acceptSession,
      forgetSession,
      signOut,
      signOutEverywhere,
      setUser,
      setLanguage,
      retry,
    }),
    [state, clockOffsetMs, serverNow, acceptSession, forgetSession, signOut, signOutEverywhere, setUser, completeSignIn, setLanguage, retry],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
