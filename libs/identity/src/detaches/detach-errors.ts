import type { DetachRefusal } from '@app/domain';

/** Why a detach cannot start; the api maps each to a problem with a stable code. */
export class DetachRefusedError extends Error {
  constructor(
    readonly code: DetachRefusal | 'customer_not_found' | 'customer_merged' | 'customer_busy',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DetachRefusedError';
  }
}
