import { useEffect, useState } from 'react';
import { useAuth } from '../app/auth.js';

/** The server's idea of now, refreshed every `everyMs`, for "time left" that counts down on screen. */
export function useServerNow(everyMs = 30_000): number {
  const { serverNow } = useAuth();
  const [now, setNow] = useState(() => serverNow());
  useEffect(() => {
    setNow(serverNow());
    const timer = window.setInterval(() => setNow(serverNow()), everyMs);
    return () => window.clearInterval(timer);
  }, [serverNow, everyMs]);
  return now;
}
