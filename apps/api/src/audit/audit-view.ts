import type { AuditRecord, Stored } from '@app/persistence';
import type { AuditActorView, AuditRecordView } from './audit.dto.js';

function actorView({ kind, id, role, keyId, rule }: AuditRecord['actor']): AuditActorView {
  return {
    kind,
    ...(id !== undefined ? { id } : {}),
    ...(role !== undefined ? { role } : {}),
    ...(keyId !== undefined ? { keyId } : {}),
    ...(rule !== undefined ? { rule } : {}),
  };
}

export function toAuditRecordView(record: Stored<AuditRecord>): AuditRecordView {
  return {
    id: record._id.toHexString(),
    type: record.type,
    actor: actorView(record.actor),
    trigger: { kind: record.trigger.kind, ...(record.trigger.id !== undefined ? { id: record.trigger.id } : {}) },
    customerIds: record.customerIds.map((id) => id.toHexString()),
    before: record.before,
    after: record.after,
    at: record.at.toISOString(),
  };
}
