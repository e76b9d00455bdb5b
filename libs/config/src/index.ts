export { AppConfigModule, type AppConfigService } from './config.module.js';
export { ConfigurationError, Environment, validateEnvironment } from './environment.js';
export { publicUrl } from './public-url.js';
export { exitOnStartupFailure } from './startup-failure.js';
