import { Module } from '@nestjs/common';
import { InboundIngestionModule } from '@app/identity';
import { InboundProcessor } from './inbound.processor.js';

@Module({
  imports: [InboundIngestionModule],
  providers: [InboundProcessor],
})
export class InboundModule {}
