import { Injectable } from '@nestjs/common';
import type { UserPrincipal } from '@app/auth';
import { notFound } from '@app/http';
import { CustomerFactsService } from '@app/identity';
import { TenantRepository, type IdentitySettingsDocument } from '@app/persistence';
import { SuggestionsProducer } from '@app/queue';
import { normalizeBlocklist } from './blocklist.js';
import type { IdentitySettingsAudit, IdentitySettingsDto, IdentitySettingsView } from './settings.dto.js';

function toSettingsView(settings: IdentitySettingsDocument): IdentitySettingsView {
  return {
    uniqueIdentifierTypes: settings.uniqueIdentifierTypes.map(({ type, doNotMergeDifferent }) => ({
      type,
      doNotMergeDifferent,
    })),
    accessGrantingContactTypes: [...settings.accessGrantingContactTypes],
    primaryIdentifier: settings.primaryIdentifier,
    skipSecondary: settings.skipSecondary,
    enforceUniqueBy: settings.enforceUniqueBy,
    sharedContactThreshold: settings.sharedContactThreshold,
    blocklist: [...settings.blocklist],
  };
}

@Injectable()
export class SettingsService {
  constructor(
    private readonly facts: CustomerFactsService,
    private readonly tenants: TenantRepository,
    private readonly suggestions: SuggestionsProducer,
  ) {}

  /** The settings matching uses: the tenant's, with the defaults for what it never saved. */
  async identity(actor: UserPrincipal): Promise<IdentitySettingsView> {
    return toSettingsView(await this.facts.settings(actor.tenantId));
  }

  /**
   * Replaces the settings, then re-checks every customer: a guard switched off re-opens the suggestions it blocked,
   * a new blocklist value or threshold changes what matches.
   */
  async replaceIdentity(actor: UserPrincipal, dto: IdentitySettingsDto): Promise<IdentitySettingsView> {
    const saved = await this.tenants.updateIdentitySettings(actor.tenantId, {
      uniqueIdentifierTypes: dto.uniqueIdentifierTypes.map(({ type, doNotMergeDifferent }) => ({
        type,
        doNotMergeDifferent,
      })),
      accessGrantingContactTypes: dto.accessGrantingContactTypes,
      primaryIdentifier: dto.primaryIdentifier,
      skipSecondary: dto.skipSecondary,
      enforceUniqueBy: dto.enforceUniqueBy,
      sharedContactThreshold: dto.sharedContactThreshold,
      blocklist: normalizeBlocklist(dto.blocklist),
    });
    if (!saved) throw notFound('tenant');
    await this.suggestions.backfill({ tenantId: actor.tenantId, reason: 'settings.changed' });
    return toSettingsView(saved);
  }

  async audit(actor: UserPrincipal): Promise<IdentitySettingsAudit> {
    const { blocklist, ...settings } = await this.identity(actor);
    return {
      uniqueIdentifierTypes: settings.uniqueIdentifierTypes,
      accessGrantingContactTypes: settings.accessGrantingContactTypes,
      sharedContactThreshold: settings.sharedContactThreshold,
      blocklistSize: blocklist.length,
      primaryIdentifier: settings.primaryIdentifier,
      skipSecondary: settings.skipSecondary,
      enforceUniqueBy: settings.enforceUniqueBy,
    };
  }
}
