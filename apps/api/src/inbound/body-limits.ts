import { MAX_EMAIL_BYTES } from '@app/channels';
import { webhookPathPrefix } from './webhook-routes.js';

/** Routes whose bodies may exceed the api's BODY_LIMIT, with their own limit in bytes. */
export const LARGE_BODY_ROUTES: readonly { pathPrefix: string; limitBytes: number }[] = [
  // The raw MIME plus Mailgun's few other form fields.
  { pathPrefix: webhookPathPrefix('mailgun'), limitBytes: MAX_EMAIL_BYTES + 1024 * 1024 },
];
