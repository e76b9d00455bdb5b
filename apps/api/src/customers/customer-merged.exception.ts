import { ProblemException } from '@app/http';

/**
 * A merged-away customer: its id stays a tombstone and the request is redirected (`308`, so a PATCH is repeated as
 * a PATCH) to the same path of the survivor.
 */
export class CustomerMergedException extends ProblemException {
  constructor(customerId: string, survivorId: string, subPath = '') {
    super(
      308,
      'customer_merged',
      'This customer was merged into another; the survivor is at Location',
      { customerId, survivorId },
      { Location: `/api/v1/customers/${survivorId}${subPath}` },
    );
  }
}
