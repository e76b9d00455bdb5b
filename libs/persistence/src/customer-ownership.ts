/**
 * Every collection whose documents belong to a customer, and how a merge treats them. Merges move `move`
 * collections from victims to the survivor generically; `settle` collections are resolved by their own step;
 * `journal` collections record merges themselves; `history` collections keep the ids as they were when written
 * (the audit trail: a merged-away customer's records still name it); `follow` collections are moved by a step of their
 * own (customer assets: `move-assets` re-points them and combines loyalty standings) and what no merge moved (a
 * detach's undo tombstones a customer without moving its assets) is read through its survivor. A test fails when a schema refers to a customer and is missing
 * here, so a new customer-owned collection cannot be forgotten by merges (and leave orphans behind).
 */
export const CUSTOMER_OWNED = [
  { model: 'Identity', collection: 'identities', field: 'customerId', treatment: 'move' },
  { model: 'Conversation', collection: 'conversations', field: 'customerId', treatment: 'move' },
  { model: 'IdentifierOwner', collection: 'identifier_owners', field: 'customerId', treatment: 'move' },
  { model: 'Suggestion', collection: 'suggestions', field: 'customerIds', treatment: 'settle' },
  { model: 'Suggestion', collection: 'suggestions', field: 'openedFrom', treatment: 'settle' },
  { model: 'Customer', collection: 'customers', field: 'mergedInto', treatment: 'journal' },
  { model: 'Merge', collection: 'merges', field: 'survivorId', treatment: 'journal' },
  { model: 'Merge', collection: 'merges', field: 'victimIds', treatment: 'journal' },
  { model: 'MergeLock', collection: 'merge_locks', field: 'customerId', treatment: 'journal' },
  { model: 'Detach', collection: 'detaches', field: 'fromCustomerId', treatment: 'journal' },
  { model: 'Detach', collection: 'detaches', field: 'toCustomerId', treatment: 'journal' },
  { model: 'MergeUndo', collection: 'merge_undos', field: 'survivorId', treatment: 'journal' },
  { model: 'IdentifyRequest', collection: 'identify_requests', field: 'survivorId', treatment: 'journal' },
  { model: 'IdentifyRequest', collection: 'identify_requests', field: 'victimIds', treatment: 'journal' },
  { model: 'MergeUndo', collection: 'merge_undos', field: 'victimIds', treatment: 'journal' },
  { model: 'Move', collection: 'moves', field: 'fromCustomerId', treatment: 'journal' },
  { model: 'Move', collection: 'moves', field: 'toCustomerId', treatment: 'journal' },
  { model: 'CustomerAsset', collection: 'customer_assets', field: 'customerId', treatment: 'follow' },
  { model: 'AuditRecord', collection: 'audit_records', field: 'customerIds', treatment: 'history' },
  // Identify's claims of the values it created customers with: taken over once their customer lost the value.
  { model: 'IdentifierClaim', collection: 'identifier_claims', field: 'customerId', treatment: 'history' },
  // Events already told to integrations name the customers as they were, like the audit records they come from.
  { model: 'WebhookEvent', collection: 'webhook_events', field: 'customerIds', treatment: 'history' },
] as const;

export type CustomerOwned = (typeof CUSTOMER_OWNED)[number];
export type MovedCollection = Extract<CustomerOwned, { treatment: 'move' }>['collection'];

export const MOVED_COLLECTIONS: readonly MovedCollection[] = CUSTOMER_OWNED.flatMap((owned) =>
  owned.treatment === 'move' ? [owned.collection] : [],
);

/** Path names that refer to a customer: what the registry test looks for in every schema. */
export const CUSTOMER_REFERENCE = /(^|\.)(customerIds?|[a-z]+CustomerIds?|survivorId|victimIds|mergedInto|openedFrom)$/;
