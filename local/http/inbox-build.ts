/**
 * `npm start`'s prestart step: builds the inbox page (`npm run build:web`) when web/dist is missing or
 * older than its sources, so a fresh clone's `npm ci && npm start` serves the page. A build that is up
 * to date costs one directory walk, not a Vite run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** What the page is built from: the web app and the API contract it imports. */
export const PAGE_SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'functions/core/inbox'];
export const BUILT_PAGE = 'web/dist/index.html';

function newestMtime(path: string): number {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), 0);
}

/** Why the page needs building, or undefined when web/dist is newer than every source. */
export function buildReason(repo: string = REPO): string | undefined {
  const built = newestMtime(join(repo, BUILT_PAGE));
  if (built === 0) return `${BUILT_PAGE} is missing`;
  const changed = PAGE_SOURCES.find((source) => newestMtime(join(repo, source)) > built);
  return changed ? `${changed} changed since the last build` : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const reason = buildReason();
  if (reason) {
    process.stdout.write(`Building the inbox page (${reason})…\n`);
    const run = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: REPO, stdio: 'inherit' });
    // The API and the pipeline still run without the page: the server explains how to build it.
    if (run.status !== 0) process.stderr.write('inbox page build failed; `npm run build:web` shows why\n');
  }
}
