import { Module } from '@nestjs/common';
import { CustomerOwnershipRepository } from './customer-ownership.repository.js';

/** Moves what customers own between them, over the collections by name (no models of its own). */
@Module({ providers: [CustomerOwnershipRepository], exports: [CustomerOwnershipRepository] })
export class CustomerOwnershipModule {}
