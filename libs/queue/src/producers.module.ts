import { Module } from '@nestjs/common';
import { MergesProducer } from './merges.producer.js';
import { QueueModule } from './queue.module.js';
import { SuggestionsProducer } from './suggestions.producer.js';

/** Asks for suggestion checks (customers changed, settings changed). */
@Module({ imports: [QueueModule], providers: [SuggestionsProducer], exports: [SuggestionsProducer] })
export class SuggestionsProducerModule {}

/** Starts merge journals; it holds a QueueEvents connection of its own, so one per process. */
@Module({ imports: [QueueModule], providers: [MergesProducer], exports: [MergesProducer] })
export class MergesProducerModule {}
