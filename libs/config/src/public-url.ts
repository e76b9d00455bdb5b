import type { AppConfigService } from './config.module.js';

/**
 * The address providers call, without a trailing slash: webhook URLs are shown with it and Twilio signs over it.
 * Behind a proxy the request's own Host is not what the provider saw, so it comes from configuration.
 */
export function publicUrl(config: AppConfigService): string {
  const configured =
    config.get('PUBLIC_URL', { infer: true }) ?? `http://localhost:${config.get('PORT', { infer: true })}`;
  return configured.replace(/\/+$/, '');
}
