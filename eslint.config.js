import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * The architecture's arrows: which of our libraries (`libs/<name>/src`, imported as `@app/<name>`) each library may
 * import; npm packages are always fine. Checked per folder below with @typescript-eslint/no-restricted-imports
 * (imports and re-exports, `import type` included) and no-restricted-syntax (`import()` in product code);
 * `npm run lint` then runs dependency-cruiser (.dependency-cruiser.mjs), which refuses import cycles between libraries.
 */
const libraries = {
  domain: { may: [], why: 'domain is the vocabulary and pure rules that all share; what needs more belongs elsewhere' },
  config: { may: [], why: 'config only reads and validates the environment' },
  http: { may: ['domain'], why: 'move the shared word to @app/domain' },
  channels: {
    may: ['domain'],
    why: 'channels check and parse provider payloads; storing, queueing and pushing them is for their callers',
  },
  persistence: {
    may: ['domain', 'config', 'channels'],
    why: 'move the shared word to @app/domain; a service that needs more belongs in identity or auth',
  },
  redis: { may: ['config'], why: 'redis only opens the connections that config describes' },
  storage: { may: ['config'], why: 'storage only keeps bytes by key, where config says' },
  queue: {
    may: ['domain', 'config', 'channels', 'redis'],
    why: 'queues carry jobs; what a job does belongs in identity and the worker',
  },
  realtime: {
    may: ['domain', 'redis', 'config'],
    why: 'take the Redis connection from @app/redis; realtime only carries events (the console shares its types)',
  },
  auth: { may: ['domain', 'config', 'http', 'persistence'], why: 'move the shared word to @app/domain' },
  identity: {
    may: ['domain', 'config', 'channels', 'persistence', 'queue', 'realtime', 'storage'],
    why: 'move the shared word to @app/domain; HTTP and sign-in stay in the apps and auth',
  },
  outbound: {
    may: ['domain', 'config', 'channels', 'persistence', 'queue', 'realtime'],
    why: 'outbound hands replies and webhooks to the outside world; HTTP routes and sign-in stay in the apps and auth',
  },
  launcher: {
    may: [],
    why: 'the launcher starts local services for npm start, tests and benches, and never loads the application',
  },
  // Test builders and harness: for specs, test/, bench/ and scripts/; product code never imports it.
  testing: { may: 'everything' },
};
// Apps never import each other. api, worker and cli may import every library but @app/testing, and @app/launcher
// only apps/cli (through import()); the browser console only the types of @app/domain and @app/realtime.
const apps = ['api', 'worker', 'cli', 'console'];
// The one known exception, in specs only: the api's int-specs start the worker's IdentityJobsModule in their own
// process. Drop it once libs/testing loads that module for them (as in-process-api.ts loads the api).
const specReachExceptions = { api: String.raw`(\.\./)+worker/src/identity-jobs\.module\.js$` };

for (const [kind, known] of [
  ['libs', Object.keys(libraries)],
  ['apps', apps],
]) {
  for (const entry of readdirSync(new URL(`./${kind}/`, import.meta.url), { withFileTypes: true })) {
    if (entry.isDirectory() && !known.includes(entry.name)) {
      throw new Error(`${kind}/${entry.name} has no arrows in eslint.config.js: add what it may import`);
    }
  }
}

const testFiles = ['**/*.spec.{ts,tsx}', '**/*.int-spec.ts'];
const alias = (lib) => `^@app/${lib}(/|$)`;
/** Relative specifiers that climb out of a library or app into libs/ or apps/, or into a sibling's src/. */
const reachOut = [String.raw`(\./)?(\.\./)+(libs|apps)/`, String.raw`(\./)?(\.\./)+[^./][^/]*/src(/|$)`];
const reach = (except) => reachOut.map((regex) => (except ? `^(?!${except})${regex}` : `^${regex}`));
const message = {
  reach: (who) =>
    `${who} must not reach into another library's or app's folder by a relative path: import a library as ` +
    '@app/<name>, and apps never import each other (move what they share into a library)',
  testing: (who) =>
    `${who} must not import @app/testing: test builders and harness are for specs, test/, bench/ and scripts/ only`,
  launcher: (who) =>
    `${who} must not import @app/launcher: it starts local services for npm start, tests and benches, ` +
    'not for a deployed app',
  cliLauncher:
    'apps/cli must load @app/launcher only with import() in the command that needs local services, ' +
    'so the deployed CLI never loads it',
  consoleTypes:
    'apps/console may import @app/domain and @app/realtime only with `import type`: the browser bundle shares ' +
    'their types, not their code',
  console: (lib) =>
    `apps/console must not import @app/${lib}: the browser console may import only @app/domain and ` +
    '@app/realtime, and only with `import type`',
};

/**
 * The rules of one folder: `forbidden` ({ lib, message } each) for imports, re-exports and, unless `dynamic` is null,
 * for import() (`dynamic` defaults to `forbidden`).
 */
function arrows(who, forbidden, { dynamic = forbidden, extra = [], except } = {}) {
  const rules = {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          ...reach(except).map((regex) => ({ regex, message: message.reach(who) })),
          ...extra,
          ...forbidden.map(({ lib, message }) => ({ regex: alias(lib), message })),
        ],
      },
    ],
  };
  if (dynamic) {
    const selector = (regex) => `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`;
    rules['no-restricted-syntax'] = [
      'error',
      ...reach().map((regex) => ({ selector: selector(regex), message: message.reach(who) })),
      ...dynamic.map(({ lib, message }) => ({ selector: selector(alias(lib)), message })),
    ];
  }
  return rules;
}

const inTests = (folder) => testFiles.map((glob) => folder + glob);
const architecture = [];
for (const [lib, { may, why }] of Object.entries(libraries)) {
  const folder = `libs/${lib}/`;
  if (may === 'everything') {
    architecture.push({ files: [`${folder}**`], rules: arrows(lib, [], { dynamic: null }) });
    continue;
  }
  const allowed = may.length ? may.map((used) => `@app/${used}`).join(', ') : 'nothing of ours';
  const forbidden = Object.keys(libraries)
    .filter((other) => other !== lib && !may.includes(other))
    .map((other) => ({
      lib: other,
      message:
        other === 'testing'
          ? message.testing(lib)
          : `${lib} must not depend on @app/${other}: ${lib} may import only ${allowed} (${why})`,
    }));
  architecture.push(
    { files: [`${folder}**`], ignores: testFiles, rules: arrows(lib, forbidden) },
    {
      // Specs keep their library's arrows and may use the test harness and local services.
      files: inTests(folder),
      rules: arrows(
        lib,
        forbidden.filter((entry) => entry.lib !== 'testing' && entry.lib !== 'launcher'),
        { dynamic: null },
      ),
    },
  );
}
for (const app of ['api', 'worker', 'cli']) {
  const who = `apps/${app}`;
  const testing = { lib: 'testing', message: message.testing(who) };
  const launcher = { lib: 'launcher', message: app === 'cli' ? message.cliLauncher : message.launcher(who) };
  architecture.push(
    {
      files: [`${who}/**`],
      ignores: testFiles,
      rules: arrows(who, [testing, launcher], { dynamic: app === 'cli' ? [testing] : [testing, launcher] }),
    },
    { files: inTests(`${who}/`), rules: arrows(who, [], { dynamic: null, except: specReachExceptions[app] }) },
  );
}
architecture.push({
  files: ['apps/console/**'],
  rules: arrows(
    'apps/console',
    Object.keys(libraries)
      .filter((lib) => lib !== 'domain' && lib !== 'realtime')
      .map((lib) => ({ lib, message: message.console(lib) })),
    {
      extra: [{ regex: '^@app/(domain|realtime)$', allowTypeImports: true, message: message.consoleTypes }],
      dynamic: Object.keys(libraries).map((lib) => ({ lib, message: message.console(lib) })),
    },
  ),
});

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '.local/', 'node_modules/', 'tools/mongo-server/target/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    // No consistent-type-imports: Nest reads constructor parameter types at run time (decorator metadata).
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { files: ['apps/console/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  ...architecture,
  prettier,
);
