import type { MovedAway } from '@app/persistence';

/** Where a document an undo would take back is now, and the journal that moved it last: one obstacle's details. */
export function whereNow(away: MovedAway): { customerId: string; movedBy: Record<string, string> } {
  return {
    customerId: away.customerId.toHexString(),
    movedBy: Object.fromEntries(Object.entries(away.movedBy).map(([key, id]) => [key, id.toHexString()])),
  };
}
