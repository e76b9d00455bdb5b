import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { CustomerRepositoryModule } from '@app/persistence';
import { RealtimeGateway } from './realtime.gateway.js';

@Module({ imports: [AuthModule, CustomerRepositoryModule], providers: [RealtimeGateway] })
export class RealtimeModule {}
