import { setUpMachine } from '@app/launcher';

/** `node dist/scripts/setup.js [--browser]`: installs what npm cannot (Redis, the Mongo-wire server, Chromium). */
try {
  await setUpMachine({ browser: process.argv.includes('--browser') });
} catch (error) {
  process.stderr.write(`setup failed: ${(error as Error).message}\n`);
  process.exit(1);
}
