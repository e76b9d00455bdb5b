import { getConnectionToken } from '@nestjs/mongoose';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Connection } from 'mongoose';
import type { AddressInfo } from 'node:net';
import { PasswordService } from '@app/auth';
import { TenantRepository, UserRepository, type Role } from '@app/persistence';
import { testEnvironment, type TestEnvironment } from './test-env.js';

export interface InProcessApi {
  app: NestExpressApplication;
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
  if (!process.env.DEBUG_API) app.useLogger(false);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    env,
    close: async () => {
      await app.get<Connection>(getConnectionToken()).dropDatabase();
      await app.close();
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

/** A tenant with one user of each role, written straight through the repositories. */
export async function createTenantWithUsers(
  app: NestExpressApplication,
  name: string,
): Promise<Record<Role, TestUser>> {
  const tenant = await app.get(TenantRepository).create({ name, slug: `${name}-${Date.now().toString(36)}` });
  const tenantId = tenant._id.toHexString();
  const passwords = app.get(PasswordService);
  const users = app.get(UserRepository);
  const result = {} as Record<Role, TestUser>;
  for (const role of ['agent', 'supervisor', 'admin'] as const) {
    const email = `${role}@${name.toLowerCase()}.example`;
    const password = `${role}-password-123`;
    const user = await users.create({
      tenantId,
      email,
      name: `${name} ${role}`,
      role,
      passwordHash: await passwords.hash(password),
    });
    result[role] = { id: user._id.toHexString(), tenantId, email, password, role };
  }
  return result;
}
