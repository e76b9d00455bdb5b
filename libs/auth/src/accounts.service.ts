import { Injectable } from '@nestjs/common';
import {
  isDuplicateKeyError,
  TenantRepository,
  UserRepository,
  type Role,
  type Stored,
  type User,
} from '@app/persistence';
import { PasswordService } from './password.service.js';
import { slugify } from './slugify.js';

export class EmailTakenError extends Error {
  constructor(email: string) {
    super(`a user with email ${email} already exists`);
    this.name = 'EmailTakenError';
  }
}

export class TenantExistsError extends Error {
  constructor(slug: string) {
    super(`a tenant with slug "${slug}" already exists`);
    this.name = 'TenantExistsError';
  }
}

export interface NewAccount {
  email: string;
  password: string;
  name: string;
  role: Role;
}

export interface NewTenant {
  name: string;
  slug?: string;
  admin: Omit<NewAccount, 'role'>;
}

/** Tenants and their users: the one place passwords are hashed and email uniqueness is reported. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
  ) {}

  async createUser(tenantId: string, account: NewAccount): Promise<Stored<User>> {
    const passwordHash = await this.passwords.hash(account.password);
    const email = account.email.trim().toLowerCase();
    try {
      return await this.users.create({ tenantId, email, name: account.name, role: account.role, passwordHash });
    } catch (error) {
      throw isDuplicateKeyError(error) ? new EmailTakenError(email) : error;
    }
  }

  /** A tenant with its first admin; when the admin cannot be created, the tenant is removed again. */
  async createTenant(input: NewTenant): Promise<{ tenantId: string; adminUserId: string }> {
    const slug = input.slug ?? slugify(input.name);
    // The unique index on the slug decides, for a taken slug and for two tenants created at once alike.
    const tenant = await this.tenants.create({ name: input.name, slug }).catch((error: unknown) => {
      throw isDuplicateKeyError(error) ? new TenantExistsError(slug) : error;
    });
    const tenantId = tenant._id.toHexString();
    try {
      const admin = await this.createUser(tenantId, { ...input.admin, role: 'admin' });
      return { tenantId, adminUserId: admin._id.toHexString() };
    } catch (error) {
      await this.tenants.deleteEmpty(tenant._id);
      throw error;
    }
  }
}
