import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import type { UserPrincipal } from '@app/auth';
import { changedFields, DEFAULT_IDENTITY_SETTINGS, type IdentitySettings } from '@app/domain';
import { notFound } from '@app/http';
import { CustomerFactsService } from '@app/identity';
import { AuditRepository, TenantRepository, type IdentitySettingsDocument } from '@app/persistence';
import { SuggestionsProducer } from '@app/queue';
import { toAuditRecordView } from '../audit/audit-view.js';
import { normalizeBlocklist } from './blocklist.js';
import type {
  IdentitySettingsAudit,
  IdentitySettingsBackfill,
  IdentitySettingsDto,
  IdentitySettingsSummary,
  IdentitySettingsView,
} from './settings.dto.js';

/** The settings changes the settings audit shows; older ones are in `GET /api/v1/audit?type=…`. */
const RECENT_CHANGES = 20;

function toSettingsView(settings: IdentitySettingsDocument | IdentitySettings): IdentitySettingsView {
  return {
    uniqueIdentifierTypes: settings.uniqueIdentifierTypes.map(({ type, doNotMergeDifferent }) => ({
      type,
      doNotMergeDifferent,
    })),
    accessGrantingContactTypes: [...settings.accessGrantingContactTypes],
    primaryIdentifier: settings.primaryIdentifier,
    skipSecondary: settings.skipSecondary,
    identifyMergeVictim: settings.identifyMergeVictim,
    survivorPreference: settings.survivorPreference,
    enforceUniqueBy: settings.enforceUniqueBy,
    sharedContactThreshold: settings.sharedContactThreshold,
    blocklist: [...settings.blocklist],
    suggestionThreshold: settings.suggestionThreshold ?? DEFAULT_IDENTITY_SETTINGS.suggestionThreshold,
    trustUnauthenticatedEmail:
      settings.trustUnauthenticatedEmail ?? DEFAULT_IDENTITY_SETTINGS.trustUnauthenticatedEmail,
  };
}

/** What supervisors may see of the settings: the guards and limits, the blocklist by its size only. */
function toSettingsSummary(settings: IdentitySettings): IdentitySettingsSummary {
  const { blocklist, ...view } = toSettingsView(settings);
  return {
    uniqueIdentifierTypes: view.uniqueIdentifierTypes,
    accessGrantingContactTypes: view.accessGrantingContactTypes,
    sharedContactThreshold: view.sharedContactThreshold,
    blocklistSize: blocklist.length,
    suggestionThreshold: view.suggestionThreshold,
    primaryIdentifier: view.primaryIdentifier,
    skipSecondary: view.skipSecondary,
    identifyMergeVictim: view.identifyMergeVictim,
    survivorPreference: view.survivorPreference,
    enforceUniqueBy: view.enforceUniqueBy,
    trustUnauthenticatedEmail: view.trustUnauthenticatedEmail,
  };
}

const SUMMARY_FIELDS = [
  'uniqueIdentifierTypes',
  'accessGrantingContactTypes',
  'sharedContactThreshold',
  'blocklistSize',
  'suggestionThreshold',
  'primaryIdentifier',
  'skipSecondary',
  'identifyMergeVictim',
  'survivorPreference',
  'enforceUniqueBy',
  'trustUnauthenticatedEmail',
] as const;

@Injectable()
export class SettingsService {
  constructor(
    private readonly facts: CustomerFactsService,
    private readonly tenants: TenantRepository,
    private readonly suggestions: SuggestionsProducer,
    private readonly audit: AuditRepository,
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
    const before = await this.facts.settings(actor.tenantId);
    const saved = await this.tenants.updateIdentitySettings(actor.tenantId, {
      uniqueIdentifierTypes: dto.uniqueIdentifierTypes.map(({ type, doNotMergeDifferent }) => ({
        type,
        doNotMergeDifferent,
      })),
      accessGrantingContactTypes: dto.accessGrantingContactTypes,
      primaryIdentifier: dto.primaryIdentifier,
      skipSecondary: dto.skipSecondary,
      identifyMergeVictim: dto.identifyMergeVictim ?? DEFAULT_IDENTITY_SETTINGS.identifyMergeVictim,
      survivorPreference: dto.survivorPreference ?? DEFAULT_IDENTITY_SETTINGS.survivorPreference,
      enforceUniqueBy: dto.enforceUniqueBy,
      sharedContactThreshold: dto.sharedContactThreshold,
      blocklist: normalizeBlocklist(dto.blocklist),
      suggestionThreshold: dto.suggestionThreshold ?? DEFAULT_IDENTITY_SETTINGS.suggestionThreshold,
      trustUnauthenticatedEmail: dto.trustUnauthenticatedEmail ?? DEFAULT_IDENTITY_SETTINGS.trustUnauthenticatedEmail,
    });
    if (!saved) throw notFound('tenant');
    await this.recordChange(actor, before, saved.settings);
    await this.suggestions.backfill({
      tenantId: actor.tenantId,
      reason: 'settings.changed',
      settingsVersion: saved.version,
    });
    return toSettingsView(saved.settings);
  }

  /** How far the check of every customer with the settings in force has come. */
  async backfillOf(actor: UserPrincipal): Promise<IdentitySettingsBackfill> {
    const { version } = await this.facts.versionedSettings(actor.tenantId);
    const status = version > 0 ? await this.suggestions.backfillStatus(actor.tenantId, version) : undefined;
    return {
      settingsVersion: version,
      state: status?.state ?? 'none',
      checked: status?.progress.checked ?? 0,
      total: status?.progress.total ?? null,
      created: status?.progress.created ?? 0,
      updated: status?.progress.updated ?? 0,
    };
  }

  /** The settings as supervisors may see them, and their latest changes from the audit trail. */
  async auditOf(actor: UserPrincipal): Promise<IdentitySettingsAudit> {
    const [settings, changes] = await Promise.all([
      this.facts.settings(actor.tenantId),
      this.audit.page(actor.tenantId, { type: 'settings.identity.updated' }, { limit: RECENT_CHANGES }),
    ]);
    return { ...toSettingsSummary(settings), changes: changes.items.map(toAuditRecordView) };
  }

  /** A change in the audit trail, as supervisors may see the settings (the blocked values stay with admins). */
  private async recordChange(
    actor: UserPrincipal,
    before: IdentitySettings,
    after: IdentitySettingsDocument,
  ): Promise<void> {
    const changes = changedFields(toSettingsSummary(before), toSettingsSummary(after), SUMMARY_FIELDS);
    if (!changes) return;
    await this.audit.record({
      tenantId: actor.tenantId,
      type: 'settings.identity.updated',
      key: new Types.ObjectId().toHexString(),
      actor: { kind: 'user', id: actor.userId, role: actor.role },
      trigger: { kind: 'request' },
      customerIds: [],
      ...changes,
    });
  }
}
