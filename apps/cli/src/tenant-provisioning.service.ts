import { Injectable } from '@nestjs/common';
import { PasswordService } from '@app/auth';
import { TenantRepository, UserRepository, type Role } from '@app/persistence';
import { slugify } from './slugify.js';

export interface NewTenant {
  name: string;
  slug?: string;
  adminEmail: string;
  adminPassword: string;
  adminName?: string;
}

export class TenantExistsError extends Error {
  constructor(slug: string) {
    super(`a tenant with slug "${slug}" already exists`);
  }
}

@Injectable()
export class TenantProvisioningService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
  ) {}

  async createTenant(input: NewTenant): Promise<{ tenantId: string; adminUserId: string }> {
    const slug = input.slug ?? slugify(input.name);
    if (await this.tenants.findBySlug(slug)) throw new TenantExistsError(slug);
    const tenant = await this.tenants.create({ name: input.name, slug });
    const admin = await this.addUser(tenant._id.toHexString(), {
      email: input.adminEmail,
      password: input.adminPassword,
      name: input.adminName ?? 'Administrator',
      role: 'admin',
    });
    return { tenantId: tenant._id.toHexString(), adminUserId: admin };
  }

  async addUser(
    tenantId: string,
    user: { email: string; password: string; name: string; role: Role },
  ): Promise<string> {
    const created = await this.users.create({
      tenantId,
      email: user.email,
      name: user.name,
      role: user.role,
      passwordHash: await this.passwords.hash(user.password),
    });
    return created._id.toHexString();
  }
}
