import { useEffect, useState } from 'react';
import type { User } from '../../api/client.js';
import { peopleApi } from '../tickets/api.js';

// Agents and admins change rarely; one list per page load is enough.
let cached: Promise<User[]> | null = null;

/** Everyone a ticket can be assigned to, loaded once per page load; `error` says why it could not be. */
export function useStaff(): { staff: User[]; error: unknown } {
  const [staff, setStaff] = useState<User[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let isCurrent = true;
    cached ??= peopleApi.staff();
    cached.then(
      (list) => isCurrent && setStaff(list),
      (err: unknown) => {
        cached = null;
        if (isCurrent) setError(err);
      },
    );
    return () => {
      isCurrent = false;
    };
  }, []);
  return { staff, error };
}
