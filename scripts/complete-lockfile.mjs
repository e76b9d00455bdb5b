// Run after `npm install` changes package-lock.json: `npm run lock:complete`.
//
// The registry these machines reach serves only this platform's native binaries, so npm leaves the other
// platforms' optional packages (e.g. @swc/core-darwin-arm64) out of the lock file — and `npm ci` then refuses the
// lock as out of sync. This adds an entry for every missing optional dependency; `npm ci` skips them here (they
// are optional and fail to resolve) and installs them on machines whose registry has them.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = key === '' ? `node_modules/${name}` : `${key}/node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    packages[`node_modules/${name}`] = { version, dev: entry.dev, optional: true };
    added++;
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`package-lock.json: added ${added} optional platform entries\n`);
