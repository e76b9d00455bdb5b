export { normalizeEmail, type NormalizedEmail } from './normalize-email.js';
export { normalizePhone, type NormalizedPhone } from './normalize-phone.js';
export {
  identityKeyFor,
  UnusableSenderError,
  type IdentifierType,
  type IdentityKey,
  type SenderAddress,
} from './identity-key.js';
