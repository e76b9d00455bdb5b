import type { IdentitySettings } from './customer-facts.js';

/**
 * A switchboard number or a `0000000` typed into many profiles says nothing about who a person is: matching on it
 * would chain unrelated customers together, so it neither merges nor suggests.
 */
export function isSharedValue(
  value: string,
  holderCount: number,
  settings: Pick<IdentitySettings, 'sharedContactThreshold' | 'blocklist'>,
): boolean {
  return holderCount > settings.sharedContactThreshold || settings.blocklist.includes(value);
}
