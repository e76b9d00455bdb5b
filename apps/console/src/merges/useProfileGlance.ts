import { useEffect, useState } from 'react';
import { isUnauthorized, messageOf } from '../api';
import { fetchProfile } from '../customers/api';
import type { CustomerProfile, Message } from '../customers/types';
import { useLatest } from '../useLatest';
import { fetchRecentMessages } from './api';

/** How many of a profile's latest messages the preview shows: enough to recognise the person. */
export const RECENT_MESSAGES = 3;

export type ProfileGlance =
  | { phase: 'loading' }
  | { phase: 'ready'; profile: CustomerProfile; messages: Message[] }
  | { phase: 'error'; message: string };

/** A customer's profile and its latest few messages, for comparing two profiles before merging them. */
export function useProfileGlance(token: string, customerId: string, onUnauthorized: () => void): ProfileGlance {
  const [glance, setGlance] = useState<ProfileGlance>({ phase: 'loading' });
  const unauthorized = useLatest(onUnauthorized);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setGlance({ phase: 'loading' });
    Promise.all([
      fetchProfile(token, customerId, signal),
      fetchRecentMessages(token, customerId, RECENT_MESSAGES, signal),
    ]).then(
      ([profile, messages]) => setGlance({ phase: 'ready', profile, messages }),
      (error: unknown) => {
        if (signal.aborted) return;
        if (isUnauthorized(error)) unauthorized.current();
        setGlance({ phase: 'error', message: messageOf(error, 'This profile could not be loaded.') });
      },
    );
    return () => controller.abort();
  }, [token, customerId, unauthorized]);

  return glance;
}
