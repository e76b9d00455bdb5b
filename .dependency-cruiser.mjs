// dependency-cruiser, run by `npm run lint`: no import cycle between libraries (or apps). Which library may import
// which is eslint.config.js's part; this checks the whole graph, import() and inline-disabled lines included.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-cycle-between-libraries',
      comment:
        'The arrows between libraries go one way: a cycle between two of them (libs/<name>, or an app) is refused ' +
        'even when no single file closes it. Move what both sides need into a library both may import (often ' +
        '@app/domain). Folder scope: each folder counts the imports of the files beneath it, so libs/<name>/src ' +
        'stands for the whole library; cycles inside one library are its own business.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(libs|apps)/([^/]+)' },
      to: { circular: true, pathNot: '^$1/$2(/|$)' },
    },
  ],
  options: {
    // Folder-scope rules are checked on the folder metrics.
    metrics: true,
    // `import type` is an arrow too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    // Specs are imported by nothing, so they close no cycle.
    exclude: { path: ['\\.(spec|int-spec)\\.tsx?$', '^dist/'] },
  },
};
