import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { AppConfigService } from '@app/config';
import { ConfigService } from '@nestjs/config';
import { ApiKeyRepository } from './api-keys/api-key.repository.js';
import { ApiKey, ApiKeySchema } from './api-keys/api-key.schema.js';
import { ChannelRepository } from './channels/channel.repository.js';
import { ConversationRepository } from './conversations/conversation.repository.js';
import { Conversation, ConversationSchema } from './conversations/conversation.schema.js';
import { CustomerRepository } from './customers/customer.repository.js';
import { Customer, CustomerSchema } from './customers/customer.schema.js';
import { IdentifierOwnerRepository, IdentityRepository } from './identities/identity.repository.js';
import { IdentifierOwner, IdentifierOwnerSchema, Identity, IdentitySchema } from './identities/identity.schema.js';
import { CustomerOwnershipRepository } from './customer-ownership.repository.js';
import { MergeLockRepository, MergeRepository } from './merges/merge.repository.js';
import { Merge, MergeLock, MergeLockSchema, MergeSchema } from './merges/merge.schema.js';
import { MessageRepository, MessageStatusRepository } from './messages/message.repository.js';
import { Message, MessageSchema, MessageStatus, MessageStatusSchema } from './messages/message.schema.js';
import { Channel, ChannelSchema } from './channels/channel.schema.js';
import { SuggestionRepository } from './suggestions/suggestion.repository.js';
import { Suggestion, SuggestionSchema } from './suggestions/suggestion.schema.js';
import { TenantRepository } from './tenants/tenant.repository.js';
import { Tenant, TenantSchema } from './tenants/tenant.schema.js';
import { UserRepository } from './users/user.repository.js';
import { User, UserSchema } from './users/user.schema.js';

export const DEFAULT_DATABASE = 'contact_center';

/** Every collection of the product, by model name. */
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
];
const features = MongooseModule.forFeature(MODEL_DEFINITIONS);
const repositories = [
  TenantRepository,
  UserRepository,
  ChannelRepository,
  ApiKeyRepository,
  CustomerRepository,
  IdentityRepository,
  IdentifierOwnerRepository,
  ConversationRepository,
  MessageRepository,
  MessageStatusRepository,
  SuggestionRepository,
  MergeRepository,
  MergeLockRepository,
  CustomerOwnershipRepository,
];

/** The database connection and the repositories; each collection is reached only through its repository. */
@Global()
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: AppConfigService) => ({
        uri: config.get('MONGODB_URI', { infer: true }),
        dbName: config.get('MONGODB_DB', { infer: true }) ?? DEFAULT_DATABASE,
        autoIndex: true,
        serverSelectionTimeoutMS: 10_000,
      }),
    }),
    features,
  ],
  providers: repositories,
  exports: repositories,
})
export class PersistenceModule implements OnModuleInit {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** Uniqueness rests on unique indexes: they must exist before the first write is accepted. */
  async onModuleInit(): Promise<void> {
    await Promise.all(Object.values(this.connection.models).map((model) => model.init()));
  }
}
