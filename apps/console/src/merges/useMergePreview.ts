import { useEffect, useState } from 'react';
import type { MergePicks } from '@app/domain';
import { isUnauthorized, messageOf } from '../api';
import type { MergePreview } from '../suggestions/types';
import { useLatest } from '../useLatest';
import { previewMerge } from './api';

export interface MergePreviewState {
  /** The latest preview of this survivor and victim; kept while a new pick is previewed, so nothing jumps. */
  preview?: MergePreview;
  loading: boolean;
  error?: string;
}

interface Loaded {
  pair: string;
  preview?: MergePreview;
  loading: boolean;
  error?: string;
}

/** The api's preview of merging `victimId` into `survivorId` with `picks`, loaded again whenever one changes. */
export function useMergePreview(
  token: string,
  survivorId: string,
  victimId: string,
  picks: MergePicks,
  onUnauthorized: () => void,
): MergePreviewState {
  const pair = `${survivorId}:${victimId}`;
  const [loaded, setLoaded] = useState<Loaded>({ pair, loading: true });
  const unauthorized = useLatest(onUnauthorized);
  const picksKey = JSON.stringify(picks);

  useEffect(() => {
    const controller = new AbortController();
    setLoaded((state) => ({ pair, loading: true, preview: state.pair === pair ? state.preview : undefined }));
    const sentPicks = JSON.parse(picksKey) as MergePicks;
    previewMerge(token, { survivorId, victimIds: [victimId], picks: sentPicks }, controller.signal).then(
      (preview) => setLoaded({ pair, loading: false, preview }),
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        if (isUnauthorized(failure)) unauthorized.current();
        const error = messageOf(failure, 'The preview could not be loaded.');
        setLoaded((state) => ({ ...state, loading: false, error }));
      },
    );
    return () => controller.abort();
  }, [token, pair, survivorId, victimId, picksKey, unauthorized]);

  return loaded.pair === pair ? loaded : { loading: true };
}
