import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { DetachRepositoryModule } from '@app/persistence';
import { DetachesController } from './detaches.controller.js';
import { DetachesService } from './detaches.service.js';

/** Supervisors detach an identity that is not its customer's: the journal starts here, the worker runs it. */
@Module({
  imports: [IdentityModule, DetachRepositoryModule],
  controllers: [DetachesController],
  providers: [DetachesService],
})
export class DetachesModule {}
