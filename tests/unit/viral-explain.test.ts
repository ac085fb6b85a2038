import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { socialPayload } from '../helpers/factories.ts';

const run = promisify(execFile);

describe('flashpoint explain --channel social', () => {
  it('prints the viral-risk reasons of a mention, each with its weight and a sentence', async () => {
    const child = run(process.execPath, ['bin/flashpoint.mjs', 'explain', '--channel', 'social', '-'], {
      encoding: 'utf8',
    });
    child.child.stdin?.end(socialPayload());
    const out = JSON.parse((await child).stdout) as {
      viralRisk: { score: number; reasons: { signal: string; weight: number; detail: string }[] };
    };
    expect(out.viralRisk.score).toBeGreaterThanOrEqual(75);
    expect(out.viralRisk.reasons.map((r) => r.signal)).toEqual(
      expect.arrayContaining([
        'public_channel',
        'author_reach',
        'engagement_velocity',
        'threat_to_go_public',
      ]),
    );
    for (const r of out.viralRisk.reasons) {
      expect(r).toEqual({
        signal: expect.any(String),
        weight: expect.any(Number),
        detail: expect.any(String),
      });
    }
  });
});
