import { useCallback, useEffect, useRef, useState } from 'react';
import { ticketsApi, type TicketListItem, type TicketQuery } from '../tickets/api.js';

const PAGE = 25;
const MAX_PAGE = 100;

export interface TicketPages {
  items: TicketListItem[];
  nextCursor: string | null;
  isLoading: boolean;
  error: unknown;
  loadMoreError: unknown;
  isLoadingMore: boolean;
  loadMore(): Promise<void>;
  /** Fetches again from the top, as many as are on screen (live updates), keeping them on screen meanwhile. */
  refresh(): Promise<void>;
}

/** A keyset-paged ticket list ("load more") for a query; a new query starts over. */
export function useTicketPages(query: TicketQuery): TicketPages {
  const key = JSON.stringify(query);
  const [items, setItems] = useState<TicketListItem[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [loadMoreError, setLoadMoreError] = useState<unknown>(null);
  const [isLoadingMore, setIsLoadingMore] = useState(false);
  const generation = useRef(0);
  const shown = useRef(0);

  const fetchTop = useCallback(
    async (limit: number) => {
      const mine = ++generation.current;
      try {
        const page = await ticketsApi.list({ ...(JSON.parse(key) as TicketQuery), limit });
        if (mine !== generation.current) return;
        setItems(page.items);
        shown.current = page.items.length;
        setNextCursor(page.nextCursor);
        setError(null);
      } catch (err) {
        if (mine === generation.current) setError(err);
      } finally {
        if (mine === generation.current) setIsLoading(false);
      }
    },
    [key],
  );

  useEffect(() => {
    setIsLoading(true);
    setItems([]);
    setNextCursor(null);
    setLoadMoreError(null);
    void fetchTop(PAGE);
  }, [fetchTop]);

  const refresh = useCallback(() => fetchTop(Math.min(MAX_PAGE, Math.max(PAGE, shown.current))), [fetchTop]);

  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    const mine = generation.current;
    setIsLoadingMore(true);
    setLoadMoreError(null);
    try {
      const page = await ticketsApi.list({ ...(JSON.parse(key) as TicketQuery), limit: PAGE, cursor: nextCursor });
      if (mine !== generation.current) return;
      setItems((list) => {
        const seen = new Set(list.map((t) => t.id));
        const merged = [...list, ...page.items.filter((t) => !seen.has(t.id))];
        shown.current = merged.length;
        return merged;
      });
      setNextCursor(page.nextCursor);
    } catch (err) {
      setLoadMoreError(err);
    } finally {
      setIsLoadingMore(false);
    }
  }, [key, nextCursor]);

  return { items, nextCursor, isLoading, error, loadMoreError, isLoadingMore, loadMore, refresh };
}
