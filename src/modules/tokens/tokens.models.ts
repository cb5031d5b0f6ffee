export const SCOPES = ['licenses:read', 'licenses:write', 'webhooks:write', 'mail:inbound', 'help:write', 'reports:read'] as const;
export type Scope = (typeof SCOPES)[number];

/** Scopes a granted scope also covers: writing licenses implies reading them. */
const IMPLIED: Record<Scope, Scope[]> = {
  'licenses:read': [],
  'licenses:write': ['licenses:read'],
  'webhooks:write': [],
  'mail:inbound': [],
  'help:write': [],
  'reports:read': [],
};

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/**
 * Whether a token may use a route. A token without scopes carries its user's whole role; a
 * scoped token may use only routes that accept one of its scopes (others are refused even if
 * the user's role would allow them).
 */
export function isScopeAllowed({ granted, accepted }: { granted: readonly Scope[] | null; accepted: readonly Scope[] | undefined }): boolean {
  if (granted === null || granted.length === 0) return true;
  if (!accepted || accepted.length === 0) return false;
  const effective = new Set(granted.flatMap((s) => [s, ...IMPLIED[s]]));
  return accepted.some((s) => effective.has(s));
}

export const TOKEN_PREFIX = 'sdt_';
