import { Injectable } from '@nestjs/common';
import { identityKeyFor, pairKey, type ChannelKind } from '@app/domain';
import {
  InboundIngestionService,
  MergeExecutorService,
  SuggestionDecisionsService,
  SuggestionFinderService,
} from '@app/identity';
import {
  CustomerRepository,
  IdentityRepository,
  MergeRepository,
  SuggestionRepository,
  UserRepository,
  type CustomerChanges,
} from '@app/persistence';
import { demoInboundMessage, type DemoChannelAddresses } from './demo-deliveries.js';
import { DEMO_ACCEPTED_MERGE, DEMO_DELIVERIES, DEMO_EDITS, type DemoEdit, type DemoSender } from './demo-story.js';

/** The demo channels the story writes to: their ids by kind, and our addresses on them. */
export interface DemoChannels extends DemoChannelAddresses {
  ids: Record<'whatsapp' | 'sms' | 'email', string>;
}

export interface DemoStoryOutcome {
  /** Deliveries stored by this run; a later run finds them all there already. */
  deliveriesStored: number;
  deliveriesAlreadyThere: number;
  /** Daniel Okafor's merge, made by the first run and found by later ones. */
  mergeId: string;
}

/**
 * Plays the demo story (demo-story.ts) through the product's own code: each delivery read by its provider's parser
 * and filed by the worker's inbound ingestion; the agents' edits applied as the customers api applies them; every
 * customer of the story checked by the suggestion finder; the accepted suggestion merged by the merge journal.
 * Each step is idempotent (provider message ids, pair keys, the merge looked up first), so a second run adds nothing.
 */
@Injectable()
export class DemoStoryService {
  constructor(
    private readonly ingestion: InboundIngestionService,
    private readonly identities: IdentityRepository,
    private readonly customers: CustomerRepository,
    private readonly users: UserRepository,
    private readonly finder: SuggestionFinderService,
    private readonly suggestions: SuggestionRepository,
    private readonly decisions: SuggestionDecisionsService,
    private readonly merges: MergeRepository,
    private readonly mergeExecutor: MergeExecutorService,
  ) {}

  async play(tenantId: string, channels: DemoChannels, agentEmail: string): Promise<DemoStoryOutcome> {
    const now = new Date();
    let deliveriesStored = 0;
    const senders: DemoSender[] = [];
    for (const delivery of DEMO_DELIVERIES) {
      const event = await demoInboundMessage(delivery, channels, now);
      const channelId = channels.ids[delivery.channel];
      const outcome = await this.ingestion.ingest({ tenantId, channelId, event, receivedAt: event.sentAt });
      if (outcome.outcome === 'stored') deliveriesStored += 1;
      senders.push({ channel: delivery.channel, address: event.from.address ?? '' });
    }
    for (const edit of DEMO_EDITS) {
      const customerId = await this.customerOf(tenantId, channels, edit.customer);
      await this.customers.applyChanges(tenantId, customerId, changesOf(edit));
    }
    // The checks the worker runs after each new identity and each edit, here in this process: the CLI needs no worker.
    const storyCustomers = new Set<string>();
    for (const sender of senders) storyCustomers.add((await this.customerOf(tenantId, channels, sender)).toHexString());
    for (const customerId of storyCustomers) await this.finder.check(tenantId, customerId);
    const mergeId = await this.acceptedMerge(tenantId, channels, agentEmail);
    return { deliveriesStored, deliveriesAlreadyThere: DEMO_DELIVERIES.length - deliveriesStored, mergeId };
  }

  /** Accepts Daniel's suggestion once; a later run finds the merge it made (and finishes it, were it interrupted). */
  private async acceptedMerge(tenantId: string, channels: DemoChannels, agentEmail: string): Promise<string> {
    const survivorId = await this.customerOf(tenantId, channels, DEMO_ACCEPTED_MERGE.survivor);
    const victimId = await this.customerOf(tenantId, channels, DEMO_ACCEPTED_MERGE.victim);
    let mergeId: string;
    if (survivorId.equals(victimId)) {
      const merge = await this.merges.findOne({ tenantId, survivorId, trigger: 'suggestion' });
      if (!merge) throw new Error('the demo merge is missing: its customers are one without it');
      mergeId = merge._id.toHexString();
    } else {
      const key = pairKey(survivorId.toHexString(), victimId.toHexString());
      const suggestion = await this.suggestions.findByPair(tenantId, key);
      if (!suggestion) throw new Error(`the demo suggestion ${key} was not found`);
      const agent = await this.users.findOne({ tenantId, email: agentEmail });
      if (!agent) throw new Error(`the demo agent ${agentEmail} is missing`);
      const accepted = suggestion.mergeId
        ? undefined
        : await this.decisions.accept(tenantId, agent._id.toHexString(), suggestion._id.toHexString(), {
            survivorId: survivorId.toHexString(),
          });
      mergeId = (accepted?.merge._id ?? suggestion.mergeId)!.toHexString();
    }
    // Without a worker, the journal the starter queued is run here; with one, it is done already or this is harmless.
    await this.mergeExecutor.execute(tenantId, mergeId);
    return mergeId;
  }

  private async customerOf(tenantId: string, channels: DemoChannels, sender: DemoSender) {
    const kind: ChannelKind = sender.channel;
    const { key } = identityKeyFor(kind, channels.ids[sender.channel], { address: sender.address });
    const identity = await this.identities.findByKey(tenantId, key);
    if (!identity) throw new Error(`the demo identity ${key} is missing`);
    return identity.customerId;
  }
}

function changesOf(edit: DemoEdit): CustomerChanges {
  return {
    ...(edit.name ? { name: edit.name } : {}),
    ...(edit.kind ? { kind: edit.kind } : {}),
    // Typed by an agent: they identify the person, they do not sign anyone in.
    addContactData: [
      ...(edit.phones ?? []).map(({ value, display }) => ({
        type: 'phone' as const,
        value,
        display,
        grantsAccess: false,
      })),
      ...(edit.emails ?? []).map((value) => ({ type: 'email' as const, value, display: value, grantsAccess: false })),
    ],
    ...(edit.loyaltyCard ? { setUniqueIdentifiers: [{ type: 'loyaltyCard', value: edit.loyaltyCard }] } : {}),
  };
}
