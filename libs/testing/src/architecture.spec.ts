import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';

// The architecture's arrows in eslint.config.js, checked on sample imports: a rule that stopped matching would
// otherwise let `npm run lint` pass in silence. One ESLint process lints every sample (it takes a few seconds).
const root = fileURLToPath(new URL('../../..', import.meta.url));
const lintSamples = `
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
const eslint = new ESLint();
const found = [];
for (const [filePath, code] of JSON.parse(readFileSync(0, 'utf8'))) {
  const [result] = await eslint.lintText(code, { filePath });
  found.push(result.messages.filter((m) => /no-restricted-(imports|syntax)$/.test(m.ruleId ?? '')).map((m) => m.message));
}
process.stdout.write(JSON.stringify(found));
`;

/** [file, source, what the lint says: a part of the message, or null for nothing]. */
const samples: [string, string, string | null][] = [
  [
    'libs/persistence/src/x.ts',
    "import { IdentityModule } from '@app/identity';",
    'persistence must not depend on @app/identity',
  ],
  ['libs/persistence/src/x.ts', "import { CHANNEL_KINDS } from '@app/domain';", null],
  ['libs/channels/src/x.ts', "import type { ChannelRepository } from '@app/persistence';", 'channels must not depend'],
  ['libs/realtime/src/x.ts', "export { REDIS } from '@app/queue';", 'realtime must not depend on @app/queue'],
  ['libs/realtime/src/x.ts', "import { REDIS } from '@app/redis';", null],
  ['libs/identity/src/x.ts', "await import('@app/auth');", 'identity must not depend on @app/auth'],
  ['libs/domain/src/x.ts', "import { contact } from '@app/testing/fixtures';", 'domain must not import @app/testing'],
  ['libs/domain/src/x.spec.ts', "import { contact } from '@app/testing/fixtures';", null],
  ['libs/domain/src/x.spec.ts', "import { ChannelRepository } from '@app/persistence';", 'domain must not depend'],
  ['libs/launcher/src/x.ts', "import { CHANNEL_KINDS } from '@app/domain';", 'launcher must not depend on @app/domain'],
  ['apps/api/src/x.ts', "import { projectRoot } from '@app/launcher';", 'apps/api must not import @app/launcher'],
  ['apps/worker/src/x.ts', "await import('@app/launcher');", 'apps/worker must not import @app/launcher'],
  ['apps/api/src/x.int-spec.ts', "import { startRedis } from '@app/launcher';", null],
  ['apps/worker/src/x.ts', "import { e2e } from '@app/testing';", 'apps/worker must not import @app/testing'],
  ['apps/cli/src/main.ts', "import { readLocalState } from '@app/launcher';", 'only with import()'],
  ['apps/cli/src/main.ts', "await import('@app/launcher');", null],
  ['apps/api/src/a/x.int-spec.ts', "import { M } from '../../../worker/src/m.js';", 'apps never import each other'],
  ['apps/api/src/x.ts', "await import('../../worker/src/m.js');", 'apps never import each other'],
  // The known exception (eslint.config.js, specReachExceptions): api specs start the worker's identity jobs.
  ['apps/api/src/a/x.int-spec.ts', "import { J } from '../../../worker/src/identity-jobs.module.js';", null],
  ['apps/api/src/a/x.ts', "import { J } from '../../../worker/src/identity-jobs.module.js';", 'apps never import'],
  ['libs/identity/src/a/x.ts', "import { R } from '../../../persistence/src/r.js';", "another library's or app's"],
  ['libs/testing/src/x.ts', "import { B } from '../../../apps/api/src/bootstrap.js';", "another library's or app's"],
  ['libs/identity/src/merges/x.ts', "import { S } from '../suggestions/s.js';", null],
  ['apps/api/src/inbound/x.ts', "import { A } from '../realtime/redis-io.adapter.js';", null],
  ['bench/x.ts', "import { createApi } from '../apps/api/src/bootstrap.js';", null],
  ['apps/console/src/x.ts', "import type { ChannelKind } from '@app/domain';", null],
  ['apps/console/src/x.ts', "import { type RealtimeEvent } from '@app/realtime';", null],
  ['apps/console/src/x.ts', "import { CHANNEL_KINDS } from '@app/domain';", 'only with `import type`'],
  [
    'apps/console/src/x.ts',
    "import type { ChannelRepository } from '@app/persistence';",
    'apps/console must not import',
  ],
  ['apps/console/src/x.ts', "await import('@app/domain');", 'apps/console must not import @app/domain'],
];

describe('architecture arrows (eslint.config.js)', () => {
  let found: string[][];
  beforeAll(() => {
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', lintSamples], {
      cwd: root,
      input: JSON.stringify(samples.map(([file, source]) => [file, source])),
      encoding: 'utf8',
    });
    found = JSON.parse(output) as string[][];
  }, 60_000);

  it.each(samples.map((sample, index) => [...sample, index] as const))('%s: %s', (_file, _source, expected, index) => {
    if (expected === null) expect(found[index]).toEqual([]);
    else expect(found[index]).toEqual([expect.stringContaining(expected)]);
  });
});
