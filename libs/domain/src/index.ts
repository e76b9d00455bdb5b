export {
  CHANNEL_KINDS,
  CONTACT_TYPES,
  CUSTOMER_KINDS,
  IDENTIFIER_TYPES,
  MERGE_TRIGGERS,
  SUGGESTION_STATUSES,
  type AccessContact,
  type ChannelKind,
  type ContactType,
  type CustomerKind,
  type IdentifierType,
  type MergeBlock,
  type MergeTrigger,
  type SuggestionStatus,
} from './vocabulary.js';
export {
  DEFAULT_IDENTITY_SETTINGS,
  ENFORCE_UNIQUE_BY,
  IDENTIFY_MERGE_VICTIMS,
  SURVIVOR_PREFERENCES,
  type EnforceUniqueBy,
  type IdentifyMergeVictim,
  type IdentitySettings,
  type SurvivorPreference,
  type MatchingSettings,
  type UniqueIdentifierTypeSetting,
} from './identity-settings.js';
export { normalizeEmail, type NormalizedEmail } from './normalize-email.js';
export { normalizePhone, writtenWithCountryCode, type NormalizedPhone } from './normalize-phone.js';
export {
  identityKeyFor,
  unverifiedIdentityKey,
  UnusableSenderError,
  type IdentityKey,
  type SenderAddress,
} from './identity-key.js';
export {
  claimedAddresses,
  identityAddresses,
  uniqueIdentifierValues,
  type ContactDatum,
  type CustomerFacts,
  type IdentityFact,
  type IdentityKind,
  type IsShared,
  type TypedValue,
  type UniqueIdentifier,
} from './rules/customer-facts.js';
export { defaultSurvivor, type SurvivorCandidate } from './rules/default-survivor.js';
export { detachRefusal, evidenceLeft, planDetach, type DetachPlan, type DetachRefusal } from './rules/detach.js';
export { editDistance } from './rules/edit-distance.js';
export {
  decideIdentify,
  IDENTIFY_CONFLICTS,
  type IdentifierChanges,
  type IdentifyConflict,
  type IdentifyDecision,
  type IdentifyRequest,
  type IdentifySettings,
} from './rules/identify.js';
export {
  canonicalMailbox,
  changesNumber,
  emailSimilarity,
  sameMailboxDomains,
  type EmailSimilarity,
} from './rules/email-similarity.js';
export {
  EVIDENCE_RULES,
  EVIDENCE_SCORE,
  frequencyWeight,
  NAME_ADJUSTMENT,
  type Evidence,
  type EvidenceRule,
} from './rules/evidence.js';
export { matchEvidence, type HolderCount } from './rules/match-evidence.js';
export {
  customerMatchKeys,
  exactValueKeys,
  identityMatchKeys,
  lookupKeys,
  MATCH_KEY_KINDS,
  neighbourhoodKeys,
  uniqueIdentifierKey,
} from './rules/match-keys.js';
export { nameAgreement, nameWords, type NameAgreement } from './rules/name-agreement.js';
export {
  emailSenderAuthenticated,
  mailgunSenderAuthenticated,
  senderMayJoin,
  type DkimSignatureVerdict,
  type EmailAuthentication,
  type MailgunAuthentication,
} from './rules/sender-verification.js';
export { mergeBlocks, mergeBlocksForMany } from './rules/merge-blocks.js';
export {
  InvalidMergePickError,
  mergeCustomerFields,
  type MergeConflict,
  type MergedFields,
  type MergeField,
  type MergePicks,
} from './rules/merge-fields.js';
export {
  loyaltyAfterUndo,
  loyaltyAfterUndoOfAll,
  mergeLoyalties,
  mergeLoyalty,
  NO_LOYALTY,
  type Loyalty,
} from './rules/loyalty.js';
export { mergeWarnings, RECENT_ACTIVITY_DAYS, type MergeWarning } from './rules/merge-warnings.js';
export { hasNewKindOfEvidence } from './rules/new-kind-of-evidence.js';
export { pairKey } from './rules/pair-key.js';
export { isBlocklisted, isSharedValue } from './rules/shared-value.js';
export { meetsSuggestionThreshold, suggestionScore } from './rules/suggestion-score.js';
export {
  AUDIT_ACTOR_KINDS,
  AUDIT_RECORD_TYPES,
  AUDIT_TRIGGER_KINDS,
  auditActorKey,
  changedFields,
  SYSTEM_RULES,
  type AuditActor,
  type AuditActorKind,
  type AuditRecordType,
  type AuditTrigger,
  type AuditTriggerKind,
  type FieldChanges,
  type SystemRule,
} from './audit.js';
export { reopenedStatus, type SupersededPair } from './rules/reopen-superseded.js';
export { undoMergeFields, type UndoneFields } from './rules/undo-merge-fields.js';
export {
  stuckOperationAction,
  type OperationProgress,
  type OperationStatus,
  type StuckOperationAction,
} from './rules/stuck-operation.js';
export {
  BULK_PAIR_OUTCOMES,
  bulkMergeWaves,
  decideBulkPair,
  type BulkPair,
  type BulkPairCustomer,
  type BulkPairDecision,
  type BulkPairOutcome,
} from './rules/bulk-merge.js';
export {
  separatedPairsOf,
  uniquenessGroupPairs,
  uniquenessGroups,
  uniquenessMerge,
  uniqueValuesOf,
  type UniquenessGroup,
  type UniquenessHolder,
  type UniquenessSettings,
} from './rules/uniqueness.js';
export {
  decideDelivery,
  retryAfterMs,
  type DeliveryAttemptContext,
  type DeliveryDecision,
  type DeliveryOutcome,
  type DeliveryRetryPolicy,
} from './rules/delivery-retry.js';
export {
  shouldPauseSubscription,
  WEBHOOK_AUDITED_TYPES,
  WEBHOOK_EVENT_TYPES,
  webhookEventOfAudit,
  webhookEventOfNewCustomer,
  type AuditedChange,
  type WebhookEventDraft,
  type WebhookEventType,
} from './rules/webhook-events.js';
export { replyRefusal, type ReplyRefusal, type ReplyRequest, type ReplyTarget } from './rules/reply-refusal.js';
export {
  foldName,
  NAME_PREFIX_LIMIT,
  namePrefixes,
  namePrefixKey,
  nameSearchFields,
  nameTokens,
} from './rules/name-tokens.js';
