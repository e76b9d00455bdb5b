// Native ESM: NestJS 12 ships ES modules only, so Jest runs with --experimental-vm-modules (see package.json).
const swcOptions = {
  swcrc: false,
  sourceMaps: 'inline',
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  module: { type: 'es6' },
};

const shared = {
  testEnvironment: 'node',
  // Decorator metadata needs the Reflect API, which the apps' entry points load first.
  setupFiles: ['reflect-metadata'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swcOptions] },
  moduleNameMapper: {
    // CommonJS packages of the fastify stack that require ES-module-only dependencies, which Jest's module
    // runtime cannot do before Node 24.9 (Node itself can): see libs/testing/src/jest/content-disposition.cjs.
    '^content-disposition$': '<rootDir>/libs/testing/src/jest/content-disposition.cjs',
    // @fastify/middie's path-to-regexp 9 is 8 (the CommonJS one Nest uses) made an ES module.
    '^path-to-regexp$': '<rootDir>/node_modules/path-to-regexp/dist/index.js',
    '^@app/testing/fixtures$': '<rootDir>/libs/testing/src/fixtures/index.ts',
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    // Strip `.js` from relative imports (sources are .ts), but not from JSON modules such as metadata.max.json.js.
    '^(\\.{1,2}/(?!.*\\.json\\.js$).*)\\.js$': '$1',
  },
};

/** @type {import('jest').Config} */
export default {
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.mjs',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.mjs',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/integration-timeout.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/e2e-timeout.ts'],
    },
  ],
};
