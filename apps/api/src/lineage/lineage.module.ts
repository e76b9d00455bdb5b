import { Module } from '@nestjs/common';
import {
  ChannelRepositoryModule,
  CustomerRepositoryModule,
  DetachRepositoryModule,
  IdentityRepositoryModule,
  MergeRepositoryModule,
  UserRepositoryModule,
} from '@app/persistence';
import { LineageController } from './lineage.controller.js';
import { LineageService } from './lineage.service.js';

/** A customer's lineage (merged-in and detached profiles) for the console's identity graph. */
@Module({
  imports: [
    CustomerRepositoryModule,
    MergeRepositoryModule,
    DetachRepositoryModule,
    IdentityRepositoryModule,
    UserRepositoryModule,
    ChannelRepositoryModule,
  ],
  controllers: [LineageController],
  providers: [LineageService],
})
export class LineageModule {}
