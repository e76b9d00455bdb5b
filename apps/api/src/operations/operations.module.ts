import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { OperationsController } from './operations.controller.js';

/** Supervisors see the operations in flight. */
@Module({ imports: [IdentityModule], controllers: [OperationsController] })
export class OperationsModule {}
