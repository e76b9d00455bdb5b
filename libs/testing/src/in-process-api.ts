import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { AccountsService } from '@app/auth';
import type { Role } from '@app/persistence';
import { dropTestDatabase, testEnvironment, type TestEnvironment } from './test-env.js';

export interface InProcessApi {
  app: NestFastifyApplication;
  url: string;
  env: TestEnvironment;
  close(): Promise<void>;
}

/**
 * The real api module in this process, listening on a free port, on a database of its own. Configuration is read
 * when the module is imported, so the environment is set first and the api imported after.
 */
export async function startApiInProcess(overrides: Record<string, string> = {}): Promise<InProcessApi> {
  const env = testEnvironment(overrides);
  Object.assign(process.env, env);
  const { createApi } = await import('../../../apps/api/src/bootstrap.js');
  const app = await createApi();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    env,
    close: async () => {
      await app.close();
      await dropTestDatabase(env);
    },
  };
}

export interface TestUser {
  id: string;
  tenantId: string;
  email: string;
  password: string;
  role: Role;
}

/** A tenant with one user of each role. */
export async function createTenantWithUsers(
  app: NestFastifyApplication,
  name: string,
): Promise<Record<Role, TestUser>> {
  const accounts = app.get(AccountsService);
  const password = (role: Role): string => `${role}-password-123`;
  const email = (role: Role): string => `${role}@${name.toLowerCase()}.example`;
  const { tenantId, adminUserId } = await accounts.createTenant({
    name,
    slug: `${name}-${Date.now().toString(36)}`,
    admin: { email: email('admin'), password: password('admin'), name: `${name} admin` },
  });
  const user = (role: Role, id: string): TestUser => ({
    id,
    tenantId,
    email: email(role),
    password: password(role),
    role,
  });
  const others = await Promise.all(
    (['agent', 'supervisor'] as const).map(async (role) => {
      const created = await accounts.createUser(tenantId, {
        email: email(role),
        password: password(role),
        name: `${name} ${role}`,
        role,
      });
      return user(role, created._id.toHexString());
    }),
  );
  return { admin: user('admin', adminUserId), agent: others[0], supervisor: others[1] };
}
