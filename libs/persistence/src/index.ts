export { ApiKeyRepository, type ApiKeyChange, type NewApiKey } from './api-keys/api-key.repository.js';
export { ApiKey } from './api-keys/api-key.schema.js';
export {
  ChannelRepository,
  type ChannelChange,
  type ChannelWithSecrets,
  type NewChannel,
} from './channels/channel.repository.js';
export { Channel, type ChannelSecrets, type ChannelSettings } from './channels/channel.schema.js';
export { isDatabaseUnreachableError, isDuplicateKeyError, parseObjectId } from './mongo-errors.js';
export {
  afterKey,
  decodeCursor,
  encodeCursor,
  decodeScoreCursor,
  InvalidCursorError,
  mapPage,
  toPage,
  type Page,
  type PageKey,
  type PageRequest,
  type ScoreKey,
  type SortDirection,
} from './pagination.js';
export { DatabaseModule } from './database.module.js';
export { AuditRepositoryModule } from './audit/audit-repository.module.js';
export { BulkMergeRepositoryModule } from './bulk-merges/bulk-merge-repository.module.js';
export { UniquenessRunRepositoryModule } from './uniqueness-runs/uniqueness-run-repository.module.js';
export {
  CustomerAssetRepository,
  type AssetHoldingSummary,
  type LoyaltyFields,
  type NumberedFields,
  type RecordedTransaction,
  type TransactionFields,
} from './assets/customer-asset.repository.js';
export {
  ASSET_KINDS,
  ASSET_STATUSES,
  CustomerAsset,
  NUMBERED_ASSET_KINDS,
  type AssetKind,
  type AssetStatus,
  type NumberedAssetKind,
} from './assets/customer-asset.schema.js';
export { CustomerAssetRepositoryModule } from './assets/customer-asset-repository.module.js';
export { ApiKeyRepositoryModule } from './api-keys/api-key-repository.module.js';
export { ChannelRepositoryModule } from './channels/channel-repository.module.js';
export { ConversationRepositoryModule } from './conversations/conversation-repository.module.js';
export { CustomerOwnershipModule } from './customer-ownership.module.js';
export { CustomerRepositoryModule } from './customers/customer-repository.module.js';
export { JournalRepository, type OperationJournal } from './journal.repository.js';
export { DetachRepositoryModule } from './detaches/detach-repository.module.js';
export { MoveRepositoryModule } from './moves/move-repository.module.js';
export { IdentityRepositoryModule } from './identities/identity-repository.module.js';
export { IdentifyRequestRepositoryModule } from './identify-requests/identify-request-repository.module.js';
export { IdentifyRequestRepository, mergePlanOf } from './identify-requests/identify-request.repository.js';
export { IdentifyRequest, type IdentifyMergePlan } from './identify-requests/identify-request.schema.js';
export { IdentifierClaimRepository, type ClaimedValue } from './identify-requests/identifier-claim.repository.js';
export { IdentifierClaim } from './identify-requests/identifier-claim.schema.js';
export { MergeRepositoryModule } from './merges/merge-repository.module.js';
export { MergeUndoRepositoryModule } from './merge-undos/merge-undo-repository.module.js';
export { MessageRepositoryModule } from './messages/message-repository.module.js';
export { SuggestionRepositoryModule } from './suggestions/suggestion-repository.module.js';
export { TenantRepositoryModule } from './tenants/tenant-repository.module.js';
export { UserRepositoryModule } from './users/user-repository.module.js';
export {
  MissingTenantError,
  TenantScopedCollection,
  TenantScopedRepository,
  type Stored,
  type TenantId,
  type TenantQuery,
  type TenantScope,
} from './tenant-scoped.repository.js';
export { TenantRepository, type VersionedIdentitySettings } from './tenants/tenant.repository.js';
export { IdentitySettingsDocument, Tenant } from './tenants/tenant.schema.js';
export { UserRepository, type AccessChange, type NewUser } from './users/user.repository.js';
export { ROLES, User, type Role } from './users/user.schema.js';
export { ConversationRepository, type ConversationActivity } from './conversations/conversation.repository.js';
export { Conversation } from './conversations/conversation.schema.js';
export {
  CustomerRepository,
  type CustomerChanges,
  type CustomerMatch,
  type CustomerSeed,
  type RecordedActivity,
} from './customers/customer.repository.js';
export { ContactDatum, Customer, UniqueIdentifier } from './customers/customer.schema.js';
export { IdentifierOwnerRepository, IdentityRepository, type NewIdentity } from './identities/identity.repository.js';
export { IdentifierOwner, Identity } from './identities/identity.schema.js';
export {
  MessageRepository,
  MessageStatusRepository,
  type MessageListing,
  type NewMessage,
} from './messages/message.repository.js';
export {
  Message,
  MessageStatus,
  REPLY_STATUSES,
  STATUS_RANK,
  type ReplyError,
  type ReplyStatus,
  type ReplyTemplate,
} from './messages/message.schema.js';
export { CustomerOwnershipRepository, type MovedAway } from './customer-ownership.repository.js';
export {
  CUSTOMER_OWNED,
  CUSTOMER_REFERENCE,
  MOVED_COLLECTIONS,
  type CustomerOwned,
  type MovedCollection,
} from './customer-ownership.js';
export { MergeLockRepository, MergeRepository, type NewMerge } from './merges/merge.repository.js';
export {
  LOCKING_JOURNALS,
  MERGE_STATUSES,
  MERGE_STEPS,
  Merge,
  MergeLock,
  type AssetMovePlan,
  type LockingJournal,
  type MergeStatus,
  type MergeStep,
} from './merges/merge.schema.js';
export { DetachRepository, type NewDetach } from './detaches/detach.repository.js';
export { MoveRepository, type NewMove } from './moves/move.repository.js';
export { Move, MOVE_STATUSES, MOVE_STEPS, type MoveStatus, type MoveStep } from './moves/move.schema.js';
export {
  DETACH_STATUSES,
  DETACH_STEPS,
  DETACH_UNDO_STEPS,
  Detach,
  DetachedContactDatum,
  DetachIntent,
  type DetachStatus,
  type DetachStep,
} from './detaches/detach.schema.js';
export {
  SuggestionRepository,
  type NewSuggestion,
  type SuggestionChange,
  type SuggestionFilter,
} from './suggestions/suggestion.repository.js';
export { Suggestion, type SuggestionEvidenceDocument } from './suggestions/suggestion.schema.js';
export { AuditRepository, type AuditFilter, type NewAuditRecord } from './audit/audit.repository.js';
export { AuditActorDocument, AuditRecord, AuditTriggerDocument } from './audit/audit-record.schema.js';
export { MergeUndoRepository, type NewMergeUndo } from './merge-undos/merge-undo.repository.js';
export {
  MERGE_UNDO_STATUSES,
  MERGE_UNDO_STEPS,
  MergeUndo,
  MergeUndoIntent,
  VictimIdentifier,
  type MergeUndoStatus,
  type MergeUndoStep,
} from './merge-undos/merge-undo.schema.js';
export { BulkMergeRepository, type NewBulkMerge } from './bulk-merges/bulk-merge.repository.js';
export {
  BULK_MERGE_STATUSES,
  BulkMerge,
  type BulkMergeStatus,
  type BulkPairResult,
} from './bulk-merges/bulk-merge.schema.js';
export { UniquenessRunRepository, type NewUniquenessRun } from './uniqueness-runs/uniqueness-run.repository.js';
export {
  UNIQUENESS_GROUP_OUTCOMES,
  UNIQUENESS_RUN_STATUSES,
  UniquenessRun,
  type UniquenessGroupOutcome,
  type UniquenessGroupResult,
  type UniquenessRunGroup,
  type UniquenessRunStatus,
} from './uniqueness-runs/uniqueness-run.schema.js';
export { DeliveryRepositoryModule } from './deliveries/delivery-repository.module.js';
export { DeliveryRepository, type AttemptVerdict, type NewDelivery } from './deliveries/delivery.repository.js';
export {
  DELIVERY_KINDS,
  DELIVERY_STATUSES,
  Delivery,
  DeliveryAttempt,
  type DeliveryKind,
  type DeliveryRecordStatus,
} from './deliveries/delivery.schema.js';
export { WebhookRepositoriesModule } from './webhooks/webhooks.module.js';
export {
  WebhookSubscriptionRepository,
  type NewWebhookSubscription,
  type PublicSubscription,
} from './webhooks/webhook-subscription.repository.js';
export {
  WEBHOOK_SUBSCRIPTION_STATUSES,
  WebhookSubscription,
  type WebhookSubscriptionStatus,
} from './webhooks/webhook-subscription.schema.js';
export { WebhookEventRepository } from './webhooks/webhook-event.repository.js';
export { WebhookEvent, WebhookFeed } from './webhooks/webhook-event.schema.js';
export { WebhookDeliveryRepository } from './webhooks/webhook-delivery.repository.js';
