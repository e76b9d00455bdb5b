import { Module } from '@nestjs/common';
import { QueueModule } from '@app/queue';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';

@Module({ imports: [QueueModule], controllers: [JobsController], providers: [JobsService] })
export class JobsModule {}
