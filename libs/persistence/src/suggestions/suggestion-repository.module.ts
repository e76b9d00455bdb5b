import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SuggestionRepository } from './suggestion.repository.js';
import { Suggestion, SuggestionSchema } from './suggestion.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Suggestion.name, schema: SuggestionSchema }])],
  providers: [SuggestionRepository],
  exports: [SuggestionRepository],
})
export class SuggestionRepositoryModule {}
