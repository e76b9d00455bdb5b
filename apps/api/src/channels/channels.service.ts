import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Types } from 'mongoose';
import { connectorKeyHint, generateConnectorKey, hashConnectorSecret, type UserPrincipal } from '@app/auth';
import { CONNECTOR_KINDS } from '@app/channels';
import { publicUrl, type AppConfigService } from '@app/config';
import { changedFields } from '@app/domain';
import { notFound, ProblemException } from '@app/http';
import {
  ApiKeyRepository,
  AuditRepository,
  ChannelRepository,
  type ApiKey,
  type Channel,
  type ChannelChange,
  type Stored,
} from '@app/persistence';
import { parseChannelConfig, type SplitConfig } from './channel-config.js';
import type {
  ApiKeyList,
  ApiKeyView,
  ChannelList,
  ChannelView,
  CreateApiKeyDto,
  CreateChannelDto,
  CreatedApiKey,
  UpdateApiKeyDto,
  UpdateChannelDto,
} from './channels.dto.js';
import { webhookUrl } from './webhook-url.js';

@Injectable()
export class ChannelsService {
  private readonly publicUrl: string;

  constructor(
    private readonly channels: ChannelRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly audit: AuditRepository,
    @Inject(ConfigService) config: AppConfigService,
  ) {
    this.publicUrl = publicUrl(config);
  }

  async create(actor: UserPrincipal, dto: CreateChannelDto): Promise<ChannelView> {
    const parsed = validConfig(dto.kind, dto.config ?? {});
    if (dto.kind === 'email') await this.refuseTakenAddresses(parsed.settings.addresses ?? []);
    const channel = await this.channels.create({ tenantId: actor.tenantId, kind: dto.kind, name: dto.name, ...parsed });
    return this.toView(channel);
  }

  /**
   * Renames a channel or changes its config: the fields given replace the stored ones (a secret is rotated by giving
   * only it), and the whole is validated again by the rules of its kind. Secrets stay write-only.
   */
  async update(actor: UserPrincipal, id: string, dto: UpdateChannelDto): Promise<ChannelView> {
    const channel = await this.channels.findWithSecrets(actor.tenantId, id);
    if (!channel) throw notFound('channel');
    const change: ChannelChange = {};
    if (dto.name !== undefined) change.name = dto.name;
    if (dto.config !== undefined) {
      const parsed = validConfig(channel.kind, { ...channel.settings, ...channel.secrets, ...dto.config });
      if (channel.kind === 'email') await this.refuseTakenAddresses(parsed.settings.addresses ?? [], channel._id);
      Object.assign(change, parsed);
    }
    const updated = await this.channels.update(actor.tenantId, channel._id, change);
    if (!updated) throw notFound('channel');
    return this.toView(updated);
  }

  /**
   * Inbound SMTP is routed by recipient address alone, so an address belongs to one email channel of one tenant:
   * otherwise a tenant could list another's address and read its mail. Which tenant holds it is not said.
   */
  private async refuseTakenAddresses(addresses: string[], except?: Types.ObjectId): Promise<void> {
    const holders = await this.channels.findEmailChannelsByAddress(addresses);
    const taken = [...holders].filter(([, holder]) => !except?.equals(holder._id)).map(([address]) => address);
    if (taken.length > 0) {
      throw new ProblemException(409, 'address_taken', 'An email channel already receives these addresses', { taken });
    }
  }

  async list(actor: UserPrincipal): Promise<ChannelList> {
    const channels = await this.channels.find({ tenantId: actor.tenantId }, { limit: 1000 });
    return { items: channels.map((channel) => this.toView(channel)), nextCursor: null };
  }

  async get(actor: UserPrincipal, id: string): Promise<ChannelView> {
    return this.toView(await this.require(actor, id));
  }

  async createApiKey(actor: UserPrincipal, channelId: string, dto: CreateApiKeyDto): Promise<CreatedApiKey> {
    const channel = await this.require(actor, channelId);
    if (!CONNECTOR_KINDS.has(channel.kind)) {
      throw new ProblemException(
        409,
        'channel_kind_mismatch',
        'Connector keys exist only for api and webchat channels',
      );
    }
    const generated = generateConnectorKey();
    const stored = await this.apiKeys.create({
      _id: new Types.ObjectId(generated.keyId),
      tenantId: actor.tenantId,
      channelId: channel._id,
      name: dto.name ?? `${channel.name} key`,
      secretHash: hashConnectorSecret(generated.secret),
      hint: connectorKeyHint(generated.keyId),
      trusted: dto.trusted ?? false,
    });
    return { ...toApiKeyView(stored), key: generated.key };
  }

  async listApiKeys(actor: UserPrincipal, channelId: string): Promise<ApiKeyList> {
    const channel = await this.require(actor, channelId);
    const keys = await this.apiKeys.find({ tenantId: actor.tenantId, channelId: channel._id });
    return { items: keys.map(toApiKeyView) };
  }

  async revokeApiKey(actor: UserPrincipal, channelId: string, keyId: string): Promise<void> {
    const channel = await this.require(actor, channelId);
    const key = await this.apiKeys.findById(actor.tenantId, keyId);
    if (!key || !key.channelId.equals(channel._id)) throw notFound('api key');
    await this.apiKeys.updateOne(
      { tenantId: actor.tenantId, _id: key._id, revokedAt: null },
      { revokedAt: new Date() },
    );
  }

  /**
   * Renames a key or changes whether it is trusted. Keys are read from the database on every request (no cache), so
   * the next request of the key is judged by the change; the change is in the audit trail with its admin.
   */
  async updateApiKey(actor: UserPrincipal, keyId: string, dto: UpdateApiKeyDto): Promise<ApiKeyView> {
    const change = {
      ...(dto.name !== undefined ? { name: dto.name } : {}),
      ...(dto.trusted !== undefined ? { trusted: dto.trusted } : {}),
    };
    const before = await this.apiKeys.updateActive(actor.tenantId, keyId, change);
    if (!before) {
      const key = await this.apiKeys.findById(actor.tenantId, keyId);
      if (!key) throw notFound('connector key');
      throw new ProblemException(409, 'key_revoked', 'A revoked connector key cannot be changed');
    }
    const after = { ...before, ...change };
    const changes = changedFields(
      { name: before.name, trusted: before.trusted === true },
      { name: after.name, trusted: after.trusted === true },
      ['name', 'trusted'],
    );
    if (changes) {
      await this.audit.record({
        tenantId: actor.tenantId,
        type: 'connector-key.updated',
        key: new Types.ObjectId().toHexString(),
        actor: { kind: 'user', id: actor.userId, role: actor.role },
        trigger: { kind: 'request' },
        customerIds: [],
        before: { keyId, channelId: before.channelId.toHexString(), ...changes.before },
        after: { keyId, channelId: before.channelId.toHexString(), ...changes.after },
      });
    }
    return toApiKeyView(after);
  }

  private async require(actor: UserPrincipal, id: string): Promise<Stored<Channel>> {
    const channel = await this.channels.findById(actor.tenantId, id);
    if (!channel) throw notFound('channel');
    return channel;
  }

  private toView(channel: Stored<Channel>): ChannelView {
    const id = channel._id.toHexString();
    return {
      id,
      kind: channel.kind,
      name: channel.name,
      config: { ...channel.settings },
      webhookUrl: webhookUrl(this.publicUrl, channel.kind, id),
      createdAt: channel.createdAt.toISOString(),
    };
  }
}

function validConfig(kind: Channel['kind'], config: Record<string, unknown>): SplitConfig {
  const parsed = parseChannelConfig(kind, config);
  if (Array.isArray(parsed)) {
    throw new ProblemException(400, 'validation_failed', `Invalid config for a ${kind} channel`, { errors: parsed });
  }
  return parsed;
}

function toApiKeyView(key: Stored<ApiKey>): ApiKeyView {
  return {
    id: key._id.toHexString(),
    channelId: key.channelId.toHexString(),
    name: key.name,
    hint: key.hint,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt ? key.revokedAt.toISOString() : null,
    trusted: key.trusted === true,
  };
}
