export {
  AccountsService,
  EmailTakenError,
  TenantExistsError,
  type NewAccount,
  type NewTenant,
} from './accounts.service.js';
export {
  changedStanding,
  changesAccess,
  keepsAnActiveAdmin,
  sessionStanding,
  type AccessStanding,
  type SessionStanding,
} from './access-rules.js';
export type { AccessTokenClaims, ConnectorPrincipal, Principal, UserPrincipal, VerifiedToken } from './auth-context.js';
export { AuthGuard } from './auth.guard.js';
export { AccountsModule, AuthModule } from './auth.module.js';
export { bearerToken } from './bearer.js';
export {
  connectorKeyHint,
  connectorSecretMatches,
  formatConnectorKey,
  generateConnectorKey,
  hashConnectorSecret,
  isConnectorKeyShaped,
  parseConnectorKey,
} from './connector-key.js';
export { ConnectorKeyService } from './connector-key.service.js';
export {
  ACCESS_KEY,
  ConnectorKey,
  CurrentPrincipal,
  CurrentUser,
  MinRole,
  MinRoleOrConnectorKey,
  Public,
  type Access,
} from './decorators.js';
export {
  loginStanding,
  LOGIN_LOCKOUT_POLICY,
  type FailedSignIns,
  type LoginLockoutPolicy,
  type LoginStanding,
} from './login-lockout.js';
export { PasswordService } from './password.service.js';
export { hasRole } from './roles.js';
export { TokenService } from './token.service.js';
export { UserSessionService, type UserSession } from './user-session.service.js';
