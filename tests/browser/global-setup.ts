import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { assertChromium } from './chromium.ts';

/**
 * Once per run, before any browser test: fail with a clear message when Chromium is missing (never skip),
 * then build web/dist, the page the local stack serves.
 */
export default async function setup(): Promise<void> {
  assertChromium();
  await build({
    configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)),
    logLevel: 'error',
  });
}
