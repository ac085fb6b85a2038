import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createScorer, type InputLine, jsonLines, MAX_LINE_CHARS } from '../../cli/commands/score.ts';
import { loadEmbeddedModel } from '../../functions/core/text-model/embedded-model.ts';

async function linesOf(chunks: readonly string[]): Promise<InputLine[]> {
  const out: InputLine[] = [];
  for await (const batch of jsonLines(Readable.from(chunks))) out.push(...batch);
  return out;
}

describe('jsonLines', () => {
  it('joins lines split across chunks, ends lines at \\n or \\r\\n, skips blank ones but counts them', async () => {
    const lines = await linesOf(['\uFEFF{"id":1}\r\n{"i', 'd":2}\n\n   \n{"id"', ':3}\n{"id":4}']);
    expect(lines).toEqual([
      { n: 1, text: '{"id":1}' },
      { n: 2, text: '{"id":2}' },
      { n: 5, text: '{"id":3}' },
      { n: 6, text: '{"id":4}' },
    ]);
  });

  it('refuses a line over the limit as one entry without holding it, and reads on', async () => {
    const big = 'x'.repeat(MAX_LINE_CHARS / 4);
    const lines = await linesOf([
      '{"id":1}\n',
      big,
      big,
      big,
      big,
      big,
      '\n{"id":3}\n',
      'y'.repeat(MAX_LINE_CHARS + 1),
    ]);
    expect(lines).toEqual([
      { n: 1, text: '{"id":1}' },
      { n: 2, tooLong: true },
      { n: 3, text: '{"id":3}' },
      { n: 4, tooLong: true },
    ]);
  });
});

describe('createScorer', () => {
  const model = loadEmbeddedModel();

  it('scores {"id","text"} lines and reports each bad line with its id or line number', () => {
    const score = createScorer(model, undefined);
    const angry = score({
      n: 1,
      text: JSON.stringify({ id: 'a', text: 'Third time asking, I am cancelling!!!' }),
    });
    expect(angry).toMatchObject({
      id: 'a',
      tier: expect.stringMatching(/warm|hot|critical/),
      language: 'en',
    });
    expect(score({ n: 7, text: '{"id":' })).toEqual({
      id: 7,
      error: { code: 'malformed_json', reason: 'line is not valid JSON' },
    });
    expect(score({ n: 8, text: '{"id":"b","text":"  "}' })).toEqual({
      id: 'b',
      error: { code: 'empty_text', reason: 'chat message has no text to score' },
    });
    expect(score({ n: 9, tooLong: true })).toEqual({
      id: 9,
      error: { code: 'too_large', reason: `line is over ${MAX_LINE_CHARS} characters` },
    });
  });

  it('runs a channel payload through its adapter, and names the refused field', async () => {
    const score = createScorer(model, 'social');
    const post = {
      platform: 'x',
      postId: '1',
      author: { handle: '@ann', followers: 120_000, verified: true },
      visibility: 'post',
      text: "Third week without internet. I'll post this everywhere.",
      postedAt: '2026-11-20T12:00:00Z',
    };
    expect(await score({ n: 1, text: JSON.stringify(post) })).toMatchObject({
      id: expect.stringMatching(/^c_[0-9a-f]{32}$/),
      viralRisk: expect.any(Number),
    });
    expect(await score({ n: 2, text: JSON.stringify({ ...post, postedAt: 'now' }) })).toEqual({
      id: 2,
      error: { code: 'invalid_field', reason: expect.stringContaining("field 'postedAt'") },
    });
  });
});

/** Runs `flashpoint score -`; `onStdout` may stop reading early. */
function cli(input: string, onStdout?: (chunk: string, stop: () => void) => void) {
  const child = spawn(process.execPath, ['bin/flashpoint.mjs', 'score', '-'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    onStdout?.(chunk, () => child.stdout.destroy());
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin.on('error', () => undefined); // the child may stop reading first
  child.stdin.end(input);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('flashpoint score (process)', () => {
  it('writes one line per input line in input order, across many output chunks', async () => {
    const input = Array.from({ length: 3_000 }, (_, i) =>
      i % 500 === 7 ? 'not json' : JSON.stringify({ id: i, text: `message ${i}: my order is late again` }),
    ).join('\n');
    const { code, stdout } = await cli(input);
    expect(code).toBe(0);
    const rows = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; error?: unknown });
    expect(rows.map((r) => r.id)).toEqual(
      Array.from({ length: 3_000 }, (_, i) => (i % 500 === 7 ? i + 1 : i)),
    );
    expect(rows.filter((r) => r.error !== undefined)).toHaveLength(6);
  });

  it('stops quietly when the reader goes away', async () => {
    const input = Array.from({ length: 50_000 }, (_, i) =>
      JSON.stringify({ id: i, text: 'where is my parcel' }),
    ).join('\n');
    const { code, stdout, stderr } = await cli(input, (_chunk, stop) => stop());
    expect(stdout.length).toBeGreaterThan(0);
    expect(stdout.length).toBeLessThan(50_000 * 40);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
