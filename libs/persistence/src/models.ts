import { ApiKey, ApiKeySchema } from './api-keys/api-key.schema.js';
import { CustomerAsset, CustomerAssetSchema } from './assets/customer-asset.schema.js';
import { AuditRecord, AuditRecordSchema } from './audit/audit-record.schema.js';
import { BulkMerge, BulkMergeSchema } from './bulk-merges/bulk-merge.schema.js';
import { Channel, ChannelSchema } from './channels/channel.schema.js';
import { Conversation, ConversationSchema } from './conversations/conversation.schema.js';
import { Customer, CustomerSchema } from './customers/customer.schema.js';
import { Delivery, DeliverySchema } from './deliveries/delivery.schema.js';
import { Detach, DetachSchema } from './detaches/detach.schema.js';
import { IdentifierClaim, IdentifierClaimSchema } from './identify-requests/identifier-claim.schema.js';
import { IdentifyRequest, IdentifyRequestSchema } from './identify-requests/identify-request.schema.js';
import { IdentifierOwner, IdentifierOwnerSchema, Identity, IdentitySchema } from './identities/identity.schema.js';
import { MergeUndo, MergeUndoSchema } from './merge-undos/merge-undo.schema.js';
import { Merge, MergeLock, MergeLockSchema, MergeSchema } from './merges/merge.schema.js';
import { Message, MessageSchema, MessageStatus, MessageStatusSchema } from './messages/message.schema.js';
import { Move, MoveSchema } from './moves/move.schema.js';
import { Suggestion, SuggestionSchema } from './suggestions/suggestion.schema.js';
import { Tenant, TenantSchema } from './tenants/tenant.schema.js';
import { UniquenessRun, UniquenessRunSchema } from './uniqueness-runs/uniqueness-run.schema.js';
import { User, UserSchema } from './users/user.schema.js';
import { WebhookEvent, WebhookEventSchema, WebhookFeed, WebhookFeedSchema } from './webhooks/webhook-event.schema.js';
import { WebhookSubscription, WebhookSubscriptionSchema } from './webhooks/webhook-subscription.schema.js';

/** Every collection of the product, by model name (each registered by its repository module). */
export const MODEL_DEFINITIONS = [
  { name: Tenant.name, schema: TenantSchema },
  { name: User.name, schema: UserSchema },
  { name: Channel.name, schema: ChannelSchema },
  { name: ApiKey.name, schema: ApiKeySchema },
  { name: Customer.name, schema: CustomerSchema },
  { name: Identity.name, schema: IdentitySchema },
  { name: IdentifierOwner.name, schema: IdentifierOwnerSchema },
  { name: Conversation.name, schema: ConversationSchema },
  { name: Message.name, schema: MessageSchema },
  { name: MessageStatus.name, schema: MessageStatusSchema },
  { name: Suggestion.name, schema: SuggestionSchema },
  { name: Merge.name, schema: MergeSchema },
  { name: MergeLock.name, schema: MergeLockSchema },
  { name: Detach.name, schema: DetachSchema },
  { name: MergeUndo.name, schema: MergeUndoSchema },
  { name: Move.name, schema: MoveSchema },
  { name: AuditRecord.name, schema: AuditRecordSchema },
  { name: BulkMerge.name, schema: BulkMergeSchema },
  { name: IdentifyRequest.name, schema: IdentifyRequestSchema },
  { name: IdentifierClaim.name, schema: IdentifierClaimSchema },
  { name: CustomerAsset.name, schema: CustomerAssetSchema },
  { name: UniquenessRun.name, schema: UniquenessRunSchema },
  { name: Delivery.name, schema: DeliverySchema },
  { name: WebhookSubscription.name, schema: WebhookSubscriptionSchema },
  { name: WebhookEvent.name, schema: WebhookEventSchema },
  { name: WebhookFeed.name, schema: WebhookFeedSchema },
];
