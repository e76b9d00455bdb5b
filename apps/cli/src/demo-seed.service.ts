import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { type ChannelKind, DEFAULT_IDENTITY_SETTINGS } from '@app/domain';
import { AccountsService, connectorKeyHint, formatConnectorKey, hashConnectorSecret } from '@app/auth';
import {
  ApiKeyRepository,
  ChannelRepository,
  TenantRepository,
  type Channel,
  type ChannelSecrets,
  type ChannelSettings,
  type IdentitySettingsDocument,
  type Role,
  type Stored,
} from '@app/persistence';
import { DemoStoryService, type DemoChannels, type DemoStoryOutcome } from './demo/demo-story.service.js';

export const DEMO_SLUG = 'demo';

/** Well-known demo credentials: the demo tenant is for trying the product locally, never for production. */
const DEMO_USERS: { email: string; password: string; name: string; role: Role }[] = [
  { email: 'admin@demo.example', password: 'demo-admin-password', name: 'Ada Admin', role: 'admin' },
  {
    email: 'supervisor@demo.example',
    password: 'demo-supervisor-password',
    name: 'Sam Supervisor',
    role: 'supervisor',
  },
  { email: 'agent@demo.example', password: 'demo-agent-password', name: 'Alex Agent', role: 'agent' },
];

const DEMO_CHANNELS: { kind: ChannelKind; name: string; settings: ChannelSettings; secrets: ChannelSecrets }[] = [
  {
    kind: 'whatsapp',
    name: 'Demo WhatsApp',
    settings: { phoneNumberId: '106540352242922' },
    secrets: { appSecret: 'demo-whatsapp-app-secret', verifyToken: 'demo-whatsapp-verify-token' },
  },
  {
    kind: 'sms',
    name: 'Demo SMS',
    settings: { accountSid: `AC${'0'.repeat(31)}1`, phoneNumber: '+15550100000' },
    secrets: { authToken: 'demo-twilio-auth-token' },
  },
  {
    kind: 'email',
    name: 'Demo email',
    settings: { addresses: ['support@demo.example'] },
    secrets: { mailgunSigningKey: 'demo-mailgun-signing-key' },
  },
  { kind: 'api', name: 'Demo custom connector', settings: {}, secrets: {} },
  { kind: 'webchat', name: 'Demo webchat', settings: {}, secrets: {} },
];

const DEMO_CONNECTOR_KEY_ID = '64d0c0ffee00000000000001';
const DEMO_CONNECTOR_SECRET = 'demo_connector_secret'.padEnd(43, 'x');

export interface DemoTenant {
  tenantId: string;
  created: boolean;
  users: { email: string; password: string; role: Role; name: string }[];
  channels: { id: string; kind: ChannelKind; name: string; settings: ChannelSettings; secrets: ChannelSecrets }[];
  connectorKeys: { channelId: string; key: string }[];
  /** What playing the demo story did this time (demo-story.ts): nothing new after the first run. */
  story: DemoStoryOutcome;
}

/** DOMAIN §4's demo defaults: loyalty cards are unique and must not merge; phones, emails and cards grant access. */
const DEMO_IDENTITY_SETTINGS: IdentitySettingsDocument = {
  ...DEFAULT_IDENTITY_SETTINGS,
  uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: true }],
  accessGrantingContactTypes: ['phone', 'email', 'card'],
};

@Injectable()
export class DemoSeedService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly channels: ChannelRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly accounts: AccountsService,
    private readonly story: DemoStoryService,
  ) {}

  /** Creates the demo tenant once and plays its story, which adds nothing on later calls; prints the tenant. */
  async seed(): Promise<DemoTenant> {
    const existing = await this.tenants.findBySlug(DEMO_SLUG);
    const created = !existing;
    const tenantId = existing ? existing._id.toHexString() : await this.createTenant();
    const channels = await this.channels.find({ tenantId });
    const apiChannel = channels.find((channel) => channel.kind === 'api');
    const agent = DEMO_USERS.find((user) => user.role === 'agent')!;
    const story = await this.story.play(tenantId, storyChannels(channels), agent.email);
    return {
      tenantId,
      created,
      users: DEMO_USERS.map(({ email, password, role, name }) => ({ email, password, role, name })),
      channels: channels.map((channel) => ({
        id: channel._id.toHexString(),
        kind: channel.kind,
        name: channel.name,
        settings: channel.settings,
        secrets: DEMO_CHANNELS.find((demo) => demo.kind === channel.kind)?.secrets ?? {},
      })),
      connectorKeys: apiChannel
        ? [
            {
              channelId: apiChannel._id.toHexString(),
              key: formatConnectorKey({ keyId: DEMO_CONNECTOR_KEY_ID, secret: DEMO_CONNECTOR_SECRET }),
            },
          ]
        : [],
      story,
    };
  }

  private async createTenant(): Promise<string> {
    const [admin, ...others] = DEMO_USERS;
    const { tenantId } = await this.accounts.createTenant({
      name: 'Demo Contact Center',
      slug: DEMO_SLUG,
      admin: { email: admin.email, password: admin.password, name: admin.name },
    });
    for (const user of others) await this.accounts.createUser(tenantId, user);
    await this.tenants.updateIdentitySettings(tenantId, DEMO_IDENTITY_SETTINGS);
    for (const channel of DEMO_CHANNELS) {
      const stored = await this.channels.create({ tenantId, ...channel });
      if (channel.kind === 'api') {
        await this.apiKeys.create({
          _id: new Types.ObjectId(DEMO_CONNECTOR_KEY_ID),
          tenantId,
          channelId: stored._id,
          name: 'Demo connector key',
          secretHash: hashConnectorSecret(DEMO_CONNECTOR_SECRET),
          hint: connectorKeyHint(DEMO_CONNECTOR_KEY_ID),
        });
      }
    }
    return tenantId;
  }
}

function storyChannels(channels: Stored<Channel>[]): DemoChannels {
  const of = (kind: ChannelKind) => {
    const channel = channels.find((candidate) => candidate.kind === kind);
    if (!channel) throw new Error(`the demo tenant has no ${kind} channel`);
    return channel;
  };
  const [whatsapp, sms, email] = [of('whatsapp'), of('sms'), of('email')];
  return {
    ids: { whatsapp: whatsapp._id.toHexString(), sms: sms._id.toHexString(), email: email._id.toHexString() },
    whatsappPhoneNumberId: whatsapp.settings.phoneNumberId ?? '',
    smsNumber: sms.settings.phoneNumber ?? '',
    supportEmail: email.settings.addresses?.[0] ?? '',
  };
}
