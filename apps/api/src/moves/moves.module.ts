import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { MoveRepositoryModule } from '@app/persistence';
import { MovesController } from './moves.controller.js';
import { MovesService } from './moves.service.js';

/** Supervisors move a conversation filed on the wrong customer, and undo moves: journals started here, run by the worker. */
@Module({
  imports: [IdentityModule, MoveRepositoryModule],
  controllers: [MovesController],
  providers: [MovesService],
})
export class MovesModule {}
