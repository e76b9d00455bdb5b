import { Module } from '@nestjs/common';
import { AuditRepositoryModule, CustomerRepositoryModule } from '@app/persistence';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

/** Supervisors read the audit trail: the whole tenant's, or one customer's. */
@Module({
  imports: [AuditRepositoryModule, CustomerRepositoryModule],
  controllers: [AuditController],
  providers: [AuditService],
})
export class AuditModule {}
