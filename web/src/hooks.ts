import { useCallback, useEffect, useRef, useState } from 'react';
import { parseRoute, type Route } from './router.ts';

/** How often lists refresh while the tab is visible. */
export const POLL_MS = 4000;

export interface Polled<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  /** Epoch ms of the last successful load, in this browser's clock. */
  readonly loadedAt: number | undefined;
  /** Load now (after an action) instead of waiting for the next poll. */
  refresh(): void;
}

/**
 * Loads `load` now and every `intervalMs` while the tab is visible; a hidden tab stops polling and a
 * visible one loads at once. `key` names what is loaded: when it changes, the old answer is dropped.
 */
export function usePoll<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  intervalMs = POLL_MS,
): Polled<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: unknown; loadedAt?: number }>({ key });
  const loadRef = useRef(load);
  loadRef.current = load;
  const tickRef = useRef<() => void>(() => {});

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight: AbortController | undefined;
    setState((s) => (s.key === key ? s : { key }));

    const tick = () => {
      clearTimeout(timer);
      inFlight?.abort();
      if (document.hidden) return;
      const controller = new AbortController();
      inFlight = controller;
      loadRef.current(controller.signal).then(
        (data) => {
          if (stopped || controller.signal.aborted) return;
          setState({ key, data, loadedAt: Date.now() });
          timer = setTimeout(tick, intervalMs);
        },
        (error: unknown) => {
          if (stopped || controller.signal.aborted) return;
          // Keep showing the last answer beside the error; the next poll may succeed.
          setState((s) => ({ ...s, key, error }));
          timer = setTimeout(tick, intervalMs);
        },
      );
    };
    const onVisibility = () => {
      if (document.hidden) {
        clearTimeout(timer);
        inFlight?.abort();
      } else tick();
    };
    tickRef.current = tick;
    document.addEventListener('visibilitychange', onVisibility);
    tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
      inFlight?.abort();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [key, intervalMs]);

  const refresh = useCallback(() => tickRef.current(), []);
  const current = state.key === key ? state : { key };
  return { data: current.data, error: current.error, loadedAt: current.loadedAt, refresh };
}

/** The current time, re-read every `everyMs`, so "time left" counts down on an open page. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}
