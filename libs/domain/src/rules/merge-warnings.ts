import type { CustomerFacts } from './customer-facts.js';

export const RECENT_ACTIVITY_DAYS = 30;
const RECENT_ACTIVITY_MS = RECENT_ACTIVITY_DAYS * 24 * 60 * 60 * 1000;

export interface MergeWarning {
  code: 'both_recently_active';
  /** The most recently active of the survivor and the victims merged before, then the victim. */
  customerIds: [string, string];
  lastActiveAt: [Date, Date];
}

/**
 * Merging two profiles that are both in use confuses the person behind them (DOMAIN §3): warned, not refused.
 * Victims merge one after another, so a victim is compared with the survivor as it will be by then; two living
 * duplicates merged into a dormant survivor are warned about too.
 */
export function mergeWarnings(survivor: CustomerFacts, victims: CustomerFacts[], now: Date): MergeWarning[] {
  const isRecent = (date: Date | undefined): date is Date =>
    date !== undefined && now.getTime() - date.getTime() <= RECENT_ACTIVITY_MS;
  const warnings: MergeWarning[] = [];
  let latest = { id: survivor.id, lastActiveAt: survivor.lastActiveAt };
  for (const victim of victims) {
    if (isRecent(latest.lastActiveAt) && isRecent(victim.lastActiveAt)) {
      warnings.push({
        code: 'both_recently_active',
        customerIds: [latest.id, victim.id],
        lastActiveAt: [latest.lastActiveAt, victim.lastActiveAt],
      });
    }
    if (victim.lastActiveAt && (!latest.lastActiveAt || victim.lastActiveAt > latest.lastActiveAt)) {
      latest = { id: victim.id, lastActiveAt: victim.lastActiveAt };
    }
  }
  return warnings;
}
