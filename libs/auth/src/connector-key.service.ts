import { Injectable } from '@nestjs/common';
import { ApiKeyRepository } from '@app/persistence';
import type { ConnectorPrincipal } from './auth-context.js';
import { connectorSecretMatches, parseConnectorKey } from './connector-key.js';

@Injectable()
export class ConnectorKeyService {
  constructor(private readonly apiKeys: ApiKeyRepository) {}

  /** The connector a key authenticates, or undefined when it is malformed, unknown, revoked or wrong. */
  async authenticate(key: string): Promise<ConnectorPrincipal | undefined> {
    const parts = parseConnectorKey(key);
    if (!parts) return undefined;
    const stored = await this.apiKeys.findActiveForAuthentication(parts.keyId);
    if (!stored || !connectorSecretMatches(parts.secret, stored.secretHash)) return undefined;
    return {
      kind: 'connector',
      keyId: parts.keyId,
      tenantId: stored.tenantId.toHexString(),
      channelId: stored.channelId.toHexString(),
      trusted: stored.trusted === true,
    };
  }
}
