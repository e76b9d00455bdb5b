import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditRecord, AuditRecordSchema } from './audit-record.schema.js';
import { AuditRepository } from './audit.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: AuditRecord.name, schema: AuditRecordSchema }])],
  providers: [AuditRepository],
  exports: [AuditRepository],
})
export class AuditRepositoryModule {}
