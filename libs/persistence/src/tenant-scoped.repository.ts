import type { Model, QueryFilter, Types, UpdateQuery } from 'mongoose';
import { parseObjectId } from './mongo-errors.js';

export type TenantId = string | Types.ObjectId;

/** Every query of a tenant-owned collection must name its tenant: the compiler refuses one without it. */
export interface TenantScope {
  tenantId: TenantId;
}

export type TenantQuery<T> = QueryFilter<T> & TenantScope;

export interface TenantOwned {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
}

/** A document as it is read: a plain object (lean), never a live mongoose document. */
export type Stored<T> = T & { _id: Types.ObjectId };

export class MissingTenantError extends Error {
  constructor(model: string) {
    super(`query on ${model} without tenantId`);
  }
}

/**
 * Base of the repositories of tenant-owned collections. The `tenantId` is required by the types and checked again
 * at run time, so a cast cannot smuggle an unscoped query through.
 */
export abstract class TenantScopedRepository<T extends TenantOwned> {
  protected constructor(protected readonly model: Model<T>) {}

  protected scoped(query: TenantQuery<T>): QueryFilter<T> {
    if (!query.tenantId) throw new MissingTenantError(this.model.modelName);
    return query as QueryFilter<T>;
  }

  async findById(tenantId: TenantId, id: string): Promise<Stored<T> | null> {
    const _id = parseObjectId(id);
    return _id ? this.findOne({ tenantId, _id } as TenantQuery<T>) : null;
  }

  async findOne(query: TenantQuery<T>): Promise<Stored<T> | null> {
    return (await this.model.findOne(this.scoped(query)).lean<Stored<T>>().exec()) ?? null;
  }

  async find(
    query: TenantQuery<T>,
    options: { limit?: number; sort?: Record<string, 1 | -1> } = {},
  ): Promise<Stored<T>[]> {
    let cursor = this.model.find(this.scoped(query)).sort(options.sort ?? { _id: 1 });
    if (options.limit) cursor = cursor.limit(options.limit);
    return cursor.lean<Stored<T>[]>().exec();
  }

  async updateOne(query: TenantQuery<T>, update: UpdateQuery<T>): Promise<boolean> {
    const result = await this.model.updateOne(this.scoped(query), update).exec();
    return result.matchedCount > 0;
  }

  async count(query: TenantQuery<T>): Promise<number> {
    return this.model.countDocuments(this.scoped(query)).exec();
  }
}
