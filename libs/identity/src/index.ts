export { normalizeEmail, type NormalizedEmail } from './normalize-email.js';
export { normalizePhone, writtenWithCountryCode, type NormalizedPhone } from './normalize-phone.js';
export { identityKeyFor, UnusableSenderError, type IdentityKey, type SenderAddress } from './identity-key.js';
export type {
  ContactDatum,
  ContactType,
  CustomerFacts,
  CustomerKind,
  IdentifierType,
  IdentityFact,
  IdentityKind,
  IdentitySettings,
  IsShared,
  UniqueIdentifier,
} from './rules/customer-facts.js';
export { defaultSurvivor } from './rules/default-survivor.js';
export { editDistance } from './rules/edit-distance.js';
export { emailSimilarity, type EmailSimilarity } from './rules/email-similarity.js';
export { EVIDENCE_SCORE, type Evidence, type EvidenceRule } from './rules/evidence.js';
export { matchEvidence } from './rules/match-evidence.js';
export { mergeBlocks, mergeBlocksForMany, type AccessContact, type MergeBlock } from './rules/merge-blocks.js';
export {
  InvalidMergePickError,
  mergeCustomerFields,
  type MergeConflict,
  type MergedFields,
  type MergeField,
  type MergePicks,
} from './rules/merge-fields.js';
export { mergeWarnings, RECENT_ACTIVITY_DAYS, type MergeWarning } from './rules/merge-warnings.js';
export { hasNewKindOfEvidence } from './rules/new-kind-of-evidence.js';
export { pairKey } from './rules/pair-key.js';
export { isBlocklisted, isSharedValue } from './rules/shared-value.js';
export { suggestionScore } from './rules/suggestion-score.js';
export { CustomerFactsService, toCustomerFacts } from './services/customer-facts.service.js';
/** The defaults the identity rules apply, defined once with the tenant schema that stores them. */
export { DEFAULT_IDENTITY_SETTINGS } from '@app/persistence';
export { IdentityModule } from './services/identity.module.js';
export { findInvariantViolations, type InvariantViolation } from './services/invariants.js';
export { mergeBlocked, MergeRefusedError } from './services/merge-errors.js';
export { MergeExecutorService } from './services/merge-executor.service.js';
export { MergePlannerService, type MergePlan } from './services/merge-planner.service.js';
export { MergeStarterService, type MergeRequest } from './services/merge-starter.service.js';
export { SuggestionBackfillService, type BackfillProgress } from './services/suggestion-backfill.service.js';
export { SuggestionDecisionError, SuggestionDecisionsService } from './services/suggestion-decisions.service.js';
export { SuggestionFinderService, type CheckOutcome } from './services/suggestion-finder.service.js';
export { suggestionView } from './services/suggestion-view.js';
