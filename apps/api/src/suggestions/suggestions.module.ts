import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { SuggestionsController } from './suggestions.controller.js';
import { SuggestionsService } from './suggestions.service.js';

/** Merge suggestions waiting for agents, and their decisions. */
@Module({ imports: [IdentityModule], controllers: [SuggestionsController], providers: [SuggestionsService] })
export class SuggestionsModule {}
