import { Module } from '@nestjs/common';
import {
  AuditRepositoryModule,
  CustomerRepositoryModule,
  IdentifyRequestRepositoryModule,
  MergeRepositoryModule,
  TenantRepositoryModule,
} from '@app/persistence';
import { IdentityModule } from '@app/identity';
import { SuggestionsProducerModule } from '@app/queue';
import { RealtimeEmitterModule } from '@app/realtime';
import { IdentifyController } from './identify.controller.js';
import { IdentifyService } from './identify.service.js';

/** `POST /api/v1/customers/identify`: integrations tell who did something (DOMAIN §7). */
@Module({
  imports: [
    AuditRepositoryModule,
    CustomerRepositoryModule,
    IdentifyRequestRepositoryModule,
    MergeRepositoryModule,
    TenantRepositoryModule,
    SuggestionsProducerModule,
    RealtimeEmitterModule,
    IdentityModule,
  ],
  controllers: [IdentifyController],
  providers: [IdentifyService],
})
export class IdentifyModule {}
