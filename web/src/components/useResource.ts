import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface Resource<T> {
  data: T | undefined;
  /** Why the last load failed; shown in words by the page (ErrorAlert). */
  error: unknown;
  isLoading: boolean;
  /** Loads again; the current data stays on screen until the new data arrives. */
  reload(): Promise<void>;
  setData(data: T): void;
}

/** Loads something when the page opens (and when `deps` change); late answers of stale loads are dropped. */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [isLoading, setIsLoading] = useState(true);
  const generation = useRef(0);
  // The caller names what the loader depends on, like useEffect's dependency list.
  const stableLoad = useCallback(load, deps);

  const run = useCallback(async () => {
    const mine = ++generation.current;
    setIsLoading(true);
    try {
      const value = await stableLoad();
      if (mine !== generation.current) return;
      setData(value);
      setError(null);
    } catch (err) {
      if (mine !== generation.current) return;
      setError(err);
    } finally {
      if (mine === generation.current) setIsLoading(false);
    }
  }, [stableLoad]);

  useEffect(() => {
    void run();
  }, [run]);

  return { data, error, isLoading, reload: run, setData };
}
