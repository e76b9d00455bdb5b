import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { MergesController } from './merges.controller.js';
import { MergesService } from './merges.service.js';

/** Manual merges: the preview agents confirm, the merge itself and its progress. */
@Module({ imports: [IdentityModule], controllers: [MergesController], providers: [MergesService] })
export class MergesModule {}
