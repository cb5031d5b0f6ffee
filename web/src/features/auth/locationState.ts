/** What auth pages hand each other through the router's location state. */
export interface AuthLocationState {
  /** The page a signed-out person tried to open; they go there after signing in. */
  from?: string;
  /** Prefills the email field. */
  email?: string;
  notice?: 'password_changed';
}

const GUEST_PAGES = ['/sign-in', '/sign-up', '/forgot-password', '/reset-password', '/verify-email'];

/** The page to return to after signing in; never back to a sign-in page itself. */
export function readReturnPath(state: AuthLocationState | null): string | undefined {
  const from = state?.from;
  if (!from || !from.startsWith('/') || from.startsWith('//')) return undefined;
  const pathname = from.split(/[?#]/)[0] ?? '';
  return GUEST_PAGES.includes(pathname) || pathname === '/' ? undefined : from;
}
