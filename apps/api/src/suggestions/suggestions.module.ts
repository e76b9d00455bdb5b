import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { SuggestionRepositoryModule } from '@app/persistence';
import { SuggestionsController } from './suggestions.controller.js';
import { SuggestionsService } from './suggestions.service.js';

/** Merge suggestions waiting for agents, and their decisions. */
@Module({
  imports: [IdentityModule, SuggestionRepositoryModule],
  controllers: [SuggestionsController],
  providers: [SuggestionsService],
})
export class SuggestionsModule {}
