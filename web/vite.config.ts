import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * The inbox is static files (web/dist) served by the local stack or S3 + CloudFront, talking to /api on
 * the same origin. `npm run build:web` builds it; the browser tests build it once before they start.
 */
export default defineConfig({
  root: webRoot,
  // Relative asset URLs: the same build works at any path the hosting puts it under.
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    rollupOptions: {
      onwarn(warning, warn) {
        // zod's sources carry /*#__PURE__*/ comments in places Rollup ignores: harmless, and not ours to fix.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  // The API's types and the outcome schema live in functions/core, outside web/.
  server: { fs: { allow: [repoRoot] } },
});
