import { Module } from '@nestjs/common';
import { CustomerFactsService } from './customer-facts.service.js';
import { MergeExecutorService } from './merge-executor.service.js';
import { MergePlannerService } from './merge-planner.service.js';
import { MergeStarterService } from './merge-starter.service.js';
import { SuggestionBackfillService } from './suggestion-backfill.service.js';
import { SuggestionDecisionsService } from './suggestion-decisions.service.js';
import { SuggestionFinderService } from './suggestion-finder.service.js';

const services = [
  CustomerFactsService,
  SuggestionFinderService,
  SuggestionBackfillService,
  SuggestionDecisionsService,
  MergePlannerService,
  MergeStarterService,
  MergeExecutorService,
];

/** The services that apply the identity rules to stored customers; needs persistence, queues and the emitter. */
@Module({ providers: services, exports: services })
export class IdentityModule {}
