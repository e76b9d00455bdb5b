import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { auditActorKey, type AuditActor, type AuditRecordType, type AuditTrigger } from '@app/domain';
import { afterKey, toPage, type Page, type PageRequest } from '../pagination.js';
import { escapeRegExp } from '../regex.js';
import { TenantScopedCollection, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { AuditRecord } from './audit-record.schema.js';

export interface NewAuditRecord extends TenantScope {
  type: AuditRecordType;
  /** Names the operation recorded: a second record of the same type and key is refused. */
  key: string;
  actor: AuditActor;
  trigger: AuditTrigger;
  customerIds: Types.ObjectId[];
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  at?: Date;
}

export interface AuditFilter {
  customerId?: Types.ObjectId;
  type?: AuditRecordType;
  /** `auditActorKey` of one actor, or a kind alone (`system`) for every actor of that kind. */
  actor?: string;
  since?: Date;
}

/** The audit trail: records are appended and read, never changed (the repository has no update nor delete). */
@Injectable()
export class AuditRepository extends TenantScopedCollection<AuditRecord> {
  constructor(@InjectModel(AuditRecord.name) model: Model<AuditRecord>) {
    super(model);
  }

  private readonly inserts = this.coalescedInsert<Omit<AuditRecord, '_id' | 'tenantId'> & TenantScope>('record');

  /** Appends the record; false when one of the same type and key was recorded before (a step run again). */
  async record(entry: NewAuditRecord): Promise<boolean> {
    const { actor, before, after, at, ...rest } = entry;
    const inserted = await this.inserts.call({
      ...rest,
      actor,
      actorKey: auditActorKey(actor),
      before: before ?? {},
      after: after ?? {},
      at: at ?? new Date(),
    });
    return inserted !== undefined;
  }

  /** Newest first, then by id, so that pages neither repeat nor skip records of the same time. */
  async page(tenantId: TenantId, filter: AuditFilter, page: PageRequest): Promise<Page<Stored<AuditRecord>>> {
    const conditions: Record<string, unknown>[] = [];
    if (filter.since) conditions.push({ at: { $gte: filter.since } });
    if (page.after) conditions.push(afterKey(page.after, -1, 'at'));
    const rows = await this.find(
      {
        tenantId,
        ...(filter.customerId ? { customerIds: filter.customerId } : {}),
        ...(filter.type ? { type: filter.type } : {}),
        ...(filter.actor ? { actorKey: actorCondition(filter.actor) } : {}),
        ...(conditions.length ? { $and: conditions } : {}),
      },
      { sort: { at: -1, _id: -1 }, limit: page.limit + 1 },
    );
    return toPage(rows, page.limit, (record) => ({ at: record.at, id: record._id }));
  }
}

/** One actor's key is an equality; a kind alone is a prefix, which the actor index serves as well. */
function actorCondition(actor: string): string | RegExp {
  return actor.includes(':') ? actor : new RegExp(`^${escapeRegExp(actor)}:`);
}
