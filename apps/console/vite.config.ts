import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/** The api this dev server proxies to (`npx vite --config apps/console/vite.config.ts`). */
const apiTarget = process.env.CONSOLE_API_URL ?? 'http://localhost:3000';

/**
 * The agent console: a static single-page app built into `dist/console` (repository root), which the api serves at `/`.
 * Build from the repository root with `npx vite build --config apps/console/vite.config.ts`.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  resolve: {
    alias: {
      '@app/domain': here('../../libs/domain/src/index.ts'),
      '@app/realtime': here('../../libs/realtime/src/events.ts'),
    },
  },
  oxc: {
    jsx: { runtime: 'automatic' },
  },
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    rolldownOptions: {
      // react-router marks its modules "use client" for server components; in a browser-only bundle it means nothing.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/socket.io': { target: apiTarget, ws: true, changeOrigin: true },
    },
  },
});
