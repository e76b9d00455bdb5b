import { useCallback, useState } from 'react';
import type { RealtimeEvent } from '@app/realtime';
import type { ConsoleSocket } from './useRealtime';
import { useSocketEvent } from './useSocketEvent';

export type MergedNotice = RealtimeEvent<'customer.merged'>;

const MAX_NOTICES = 3;

/** The latest merges of the tenant (`customer.merged`), newest first, until dismissed. */
export function useMergedNotices(socket: ConsoleSocket | null): {
  notices: MergedNotice[];
  dismiss: (mergeId: string) => void;
} {
  const [notices, setNotices] = useState<MergedNotice[]>([]);

  useSocketEvent(socket, 'customer.merged', (notice) => {
    setNotices((previous) =>
      [notice, ...previous.filter((other) => other.mergeId !== notice.mergeId)].slice(0, MAX_NOTICES),
    );
  });

  const dismiss = useCallback((mergeId: string) => {
    setNotices((previous) => previous.filter((notice) => notice.mergeId !== mergeId));
  }, []);

  return { notices, dismiss };
}
