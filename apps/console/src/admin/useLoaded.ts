import { useCallback, useEffect, useState } from 'react';
import { isUnauthorized, messageOf } from '../api';
import { useLatest } from '../useLatest';

export type Loaded<T> = { phase: 'loading' } | { phase: 'failed'; message: string } | { phase: 'ready'; value: T };

/** Loads once and again on `reload()`; a refused token ends the session instead of showing an error. */
export function useLoaded<T>(
  load: (signal: AbortSignal) => Promise<T>,
  onUnauthorized: () => void,
): { loaded: Loaded<T>; reload: () => void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);
  const latestLoad = useLatest(load);
  const unauthorized = useLatest(onUnauthorized);

  useEffect(() => {
    const controller = new AbortController();
    latestLoad.current(controller.signal).then(
      (value) => setLoaded({ phase: 'ready', value }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (isUnauthorized(error)) unauthorized.current();
        else setLoaded({ phase: 'failed', message: messageOf(error, 'This could not be loaded.') });
      },
    );
    return () => controller.abort();
  }, [generation, latestLoad, unauthorized]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { loaded, reload };
}
