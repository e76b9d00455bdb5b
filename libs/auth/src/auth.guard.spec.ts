import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '@app/http';
import type { ConnectorPrincipal, UserPrincipal } from './auth-context.js';
import { AuthGuard } from './auth.guard.js';
import type { ConnectorKeyService } from './connector-key.service.js';
import type { Access, RequestWithPrincipal } from './decorators.js';
import type { UserSessionService } from './user-session.service.js';

const agent: UserPrincipal = { kind: 'user', userId: 'u1', tenantId: 't1', role: 'agent' };
const admin: UserPrincipal = { ...agent, role: 'admin' };
const connector: ConnectorPrincipal = {
  kind: 'connector',
  keyId: 'k1',
  tenantId: 't1',
  channelId: 'c1',
  trusted: false,
};

const principals: Record<string, UserPrincipal> = { 'agent-jwt': agent, 'admin-jwt': admin };
const sessions = {
  authenticate: async (token: string) => (principals[token] ? { principal: principals[token] } : undefined),
};
const connectorKeys = {
  authenticate: async (key: string) => (key === 'cck_good' ? connector : undefined),
};

function guardFor(access: Access | undefined): AuthGuard {
  const reflector = { getAllAndOverride: () => access } as unknown as Reflector;
  return new AuthGuard(
    reflector,
    sessions as unknown as UserSessionService,
    connectorKeys as unknown as ConnectorKeyService,
  );
}

function contextFor(authorization: string | undefined, params: Record<string, string> = {}) {
  const request: RequestWithPrincipal & { headers: Record<string, string>; params: Record<string, string> } = {
    headers: authorization ? { authorization } : {},
    params,
  };
  const context = {
    getType: () => 'http',
    getHandler: () => undefined,
    getClass: () => undefined,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

async function outcome(access: Access | undefined, authorization?: string, params?: Record<string, string>) {
  const { context, request } = contextFor(authorization, params);
  try {
    await guardFor(access).canActivate(context);
    return { allowed: true, principal: request.principal };
  } catch (error) {
    if (error instanceof ProblemException)
      return { allowed: false, code: (error.getResponse() as { code: string }).code };
    throw error;
  }
}

describe('AuthGuard', () => {
  it.each([
    ['public route, no token', { kind: 'public' }, undefined, undefined, { allowed: true }],
    [
      'undeclared route defaults to agents: no token',
      undefined,
      undefined,
      undefined,
      { allowed: false, code: 'unauthenticated' },
    ],
    [
      'undeclared route defaults to agents: agent',
      undefined,
      'Bearer agent-jwt',
      undefined,
      { allowed: true, principal: agent },
    ],
    [
      'admin route, agent',
      { kind: 'user', minRole: 'admin' },
      'Bearer agent-jwt',
      undefined,
      { allowed: false, code: 'forbidden' },
    ],
    [
      'admin route, admin',
      { kind: 'user', minRole: 'admin' },
      'Bearer admin-jwt',
      undefined,
      { allowed: true, principal: admin },
    ],
    [
      'user route, unknown token',
      { kind: 'user', minRole: 'agent' },
      'Bearer forged',
      undefined,
      { allowed: false, code: 'unauthenticated' },
    ],
    [
      'user route, connector key',
      { kind: 'user', minRole: 'agent' },
      'Bearer cck_good',
      undefined,
      { allowed: false, code: 'unauthenticated' },
    ],
    [
      'connector route, its key',
      { kind: 'connector', channelParam: 'channelId' },
      'Bearer cck_good',
      { channelId: 'c1' },
      { allowed: true, principal: connector },
    ],
    [
      'connector route, key of another channel',
      { kind: 'connector', channelParam: 'channelId' },
      'Bearer cck_good',
      { channelId: 'c2' },
      { allowed: false, code: 'wrong_channel' },
    ],
    [
      'connector route, user token',
      { kind: 'connector', channelParam: 'channelId' },
      'Bearer admin-jwt',
      { channelId: 'c1' },
      { allowed: false, code: 'unauthenticated' },
    ],
    [
      'connector route, bad key',
      { kind: 'connector', channelParam: 'channelId' },
      'Bearer cck_bad',
      { channelId: 'c1' },
      { allowed: false, code: 'unauthenticated' },
    ],
    [
      'user-or-connector route, a key of any channel',
      { kind: 'userOrConnector', minRole: 'admin' },
      'Bearer cck_good',
      undefined,
      { allowed: true, principal: connector },
    ],
    [
      'user-or-connector route, bad key',
      { kind: 'userOrConnector', minRole: 'admin' },
      'Bearer cck_bad',
      undefined,
      { allowed: false, code: 'unauthenticated' },
    ],
    [
      'user-or-connector route, admin',
      { kind: 'userOrConnector', minRole: 'admin' },
      'Bearer admin-jwt',
      undefined,
      { allowed: true, principal: admin },
    ],
    [
      'user-or-connector route, agent',
      { kind: 'userOrConnector', minRole: 'admin' },
      'Bearer agent-jwt',
      undefined,
      { allowed: false, code: 'forbidden' },
    ],
    [
      'user-or-connector route, no token',
      { kind: 'userOrConnector', minRole: 'admin' },
      undefined,
      undefined,
      { allowed: false, code: 'unauthenticated' },
    ],
  ] as const)('%s', async (_name, access, authorization, params, expected) => {
    expect(
      await outcome(access as Access | undefined, authorization, params as Record<string, string> | undefined),
    ).toEqual(expected);
  });
});
