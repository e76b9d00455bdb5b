import type { MatchingSettings } from '../identity-settings.js';

/**
 * A switchboard number or a `0000000` typed into many profiles says nothing about who a person is: matching on it
 * would chain unrelated customers together, so it neither merges nor suggests.
 */
export function isSharedValue(
  value: string,
  holderCount: number,
  settings: Pick<MatchingSettings, 'sharedContactThreshold' | 'blocklist'>,
): boolean {
  return holderCount > settings.sharedContactThreshold || isBlocklisted(value, settings);
}

/** A value the tenant listed as never to be matched on, however few customers hold it. */
export function isBlocklisted(value: string, settings: Pick<MatchingSettings, 'blocklist'>): boolean {
  return settings.blocklist.includes(value);
}
