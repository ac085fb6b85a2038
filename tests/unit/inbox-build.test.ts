import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReason } from '../../local/http/inbox-build.ts';

function repo(): { root: string; touch(path: string, secondsAgo: number): void } {
  const root = mkdtempSync(join(tmpdir(), 'inbox-build-'));
  return {
    root,
    touch(path, secondsAgo) {
      const full = join(root, path);
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, 'x');
      const at = new Date(Date.now() - secondsAgo * 1000);
      utimesSync(full, at, at);
    },
  };
}

describe('prestart: build the inbox page only when needed', () => {
  it('builds when web/dist is missing (a fresh clone)', () => {
    const r = repo();
    r.touch('web/src/main.tsx', 60);
    expect(buildReason(r.root)).toBe('web/dist/index.html is missing');
  });

  it('rebuilds when a source, or the API contract it imports, is newer than the build', () => {
    const r = repo();
    r.touch('web/src/pages/case.tsx', 60);
    r.touch('web/dist/index.html', 30);
    expect(buildReason(r.root)).toBeUndefined();
    r.touch('functions/core/inbox/views.ts', 10);
    expect(buildReason(r.root)).toBe('functions/core/inbox changed since the last build');
  });
});
