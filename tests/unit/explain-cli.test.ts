import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

async function explain(text: string, ...args: string[]) {
  const child = run(process.execPath, ['bin/flashpoint.mjs', 'explain', ...args, '-'], { encoding: 'utf8' });
  child.child.stdin?.end(text);
  return JSON.parse((await child).stdout) as {
    contact: { text: string };
    frustration: { score: number; reasons: { signal: string; weight: number; detail: string }[] };
    viralRisk: { score: number; reasons: unknown[] };
    tier: string;
    brief: { suggestedOpening: string };
  };
}

describe('flashpoint explain', () => {
  it('puts a repeat, broken-promise, churn message in the hot range with those reasons', async () => {
    const out = await explain(
      "This is the third time I'm writing. Nobody called me back as promised and I'm cancelling.",
    );
    expect(out.frustration.score).toBeGreaterThanOrEqual(60);
    expect(out.tier).toMatch(/hot|critical/);
    expect(out.frustration.reasons.map((r) => r.signal)).toEqual(
      expect.arrayContaining(['repeat_contact', 'broken_promise', 'churn_threat']),
    );
    for (const r of out.frustration.reasons) {
      expect(r).toEqual({
        signal: expect.any(String),
        weight: expect.any(Number),
        detail: expect.any(String),
      });
    }
    expect(out.brief.suggestedOpening).toContain('I am sorry we did not do what we told you we would');
  });

  it('keeps a thank-you calm', async () => {
    const out = await explain('Thanks, all sorted now!');
    expect(out.tier).toBe('calm');
    expect(out.frustration.score).toBeLessThan(30);
  });

  it('refuses an empty message with a clear error', async () => {
    const error = await explain('   ').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 1, stderr: expect.stringContaining('rejected (empty_text)') });
  });
});

describe('flashpoint score', () => {
  it('writes one line per input, in order, with the model probability, frustration and tier; bad lines get an error', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: "Third time writing. Nobody called me back and I'm cancelling." }),
      'not json',
      JSON.stringify({ id: 'c', text: 'Thanks, all sorted now!' }),
    ].join('\n');
    const child = run(process.execPath, ['bin/flashpoint.mjs', 'score', '-'], { encoding: 'utf8' });
    child.child.stdin?.end(input);
    const lines = (await child).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', 2, 'c']);
    expect(lines[0]).toMatchObject({ tier: expect.stringMatching(/hot|critical/) });
    expect(lines[0].textModel).toBeGreaterThan(lines[2].textModel);
    expect(lines[1]).toEqual({ id: 2, error: { code: 'malformed_json', reason: 'line is not valid JSON' } });
    expect(lines[2]).toMatchObject({ tier: 'calm', frustration: expect.any(Number) });
  });
});
