export { normalizeEmail, type NormalizedEmail } from './normalize-email.js';
export { normalizePhone, type NormalizedPhone } from './normalize-phone.js';
