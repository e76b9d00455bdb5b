import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import {
  AuditRepositoryModule,
  CustomerRepositoryModule,
  IdentifyRequestRepositoryModule,
  MergeRepositoryModule,
  TenantRepositoryModule,
} from '@app/persistence';
import { SuggestionsProducerModule } from '@app/queue';
import { RealtimeEmitterModule } from '@app/realtime';
import { IdentifyController } from './identify.controller.js';
import { CreateClaimsService } from './create-claims.service.js';
import { IdentifyMergeService } from './identify-merge.service.js';
import { IdentifyService } from './identify.service.js';

/** `POST /api/v1/customers/identify`: integrations tell who did something (DOMAIN §7). */
@Module({
  imports: [
    IdentityModule,
    AuditRepositoryModule,
    CustomerRepositoryModule,
    IdentifyRequestRepositoryModule,
    MergeRepositoryModule,
    TenantRepositoryModule,
    SuggestionsProducerModule,
    RealtimeEmitterModule,
  ],
  controllers: [IdentifyController],
  providers: [IdentifyService, CreateClaimsService, IdentifyMergeService],
})
export class IdentifyModule {}
