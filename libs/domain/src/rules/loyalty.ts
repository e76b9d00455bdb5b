/**
 * A customer's standing in the tenant's loyalty program, as its integration last posted it. Tiers are named by the
 * program; `tierRank` orders them (higher is better), so rules can compare tiers without knowing their names.
 */
export interface Loyalty {
  points: number;
  tier: string | null;
  tierRank: number;
  /** Progress towards the next tier, in the program's unit (points, visits, spend). */
  tierProgress: number;
}

export const NO_LOYALTY: Loyalty = { points: 0, tier: null, tierRank: 0, tierProgress: 0 };

/**
 * The survivor's loyalty after a merge (DOMAIN.md §3: points and tier progress are added): points and tier
 * progress summed, the higher tier kept (the survivor's on a tie, so a merge never renames an equal tier).
 */
export function mergeLoyalty(survivor: Loyalty, victim: Loyalty): Loyalty {
  const higher = victim.tierRank > survivor.tierRank ? victim : survivor;
  return {
    points: survivor.points + victim.points,
    tier: higher.tier,
    tierRank: higher.tierRank,
    tierProgress: survivor.tierProgress + victim.tierProgress,
  };
}

/**
 * The survivor's loyalty when a merge is undone: the victim takes back what it brought, so its points and tier
 * progress leave the survivor, while what the survivor earned or spent since stays with it (never below zero: points
 * spent since came from the common balance). The tier goes back to the survivor's own unless the program changed it
 * since the merge, then the program's word stands.
 */
export function loyaltyAfterUndo(survivorNow: Loyalty, survivorBefore: Loyalty, victimBefore: Loyalty): Loyalty {
  const merged = mergeLoyalty(survivorBefore, victimBefore);
  const tierUnchanged = survivorNow.tier === merged.tier && survivorNow.tierRank === merged.tierRank;
  const tier = tierUnchanged ? survivorBefore : survivorNow;
  return {
    points: Math.max(0, survivorNow.points - victimBefore.points),
    tier: tier.tier,
    tierRank: tier.tierRank,
    tierProgress: Math.max(0, survivorNow.tierProgress - victimBefore.tierProgress),
  };
}

/** The survivor's loyalty after a merge of several victims: each added in turn (the first of equal tiers named). */
export function mergeLoyalties(survivor: Loyalty, victims: Loyalty[]): Loyalty {
  return victims.reduce(mergeLoyalty, survivor);
}

/**
 * `loyaltyAfterUndo` for a merge of several victims, all taking theirs back at once: what they brought together
 * leaves the survivor, as if one victim had brought it (their points and progress summed, the highest tier).
 */
export function loyaltyAfterUndoOfAll(
  survivorNow: Loyalty,
  survivorBefore: Loyalty,
  victimsBefore: Loyalty[],
): Loyalty {
  return loyaltyAfterUndo(survivorNow, survivorBefore, mergeLoyalties(NO_LOYALTY, victimsBefore));
}
