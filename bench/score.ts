/**
 * `flashpoint score` end to end: generated JSON lines piped through the real CLI process
 * (bin/flashpoint.mjs, tsx and all), the output read back and checked — one line per input, in input
 * order, no errors — timed from spawn to exit, start-up included.
 *
 *   node --import tsx bench/score.ts [lines]        (or: npm run bench -- --only score)
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ADAPTERS } from '../functions/core/channels/index.ts';
import { loadNow } from './lib/machine.ts';
import { MAIL_CHARS, payloadFor, SHORT_CHARS } from './lib/messages.ts';
import { median, num } from './lib/stats.ts';
import { syntheticTexts } from './text-model.ts';

export const SCORE_BUDGET_LINES_PER_SECOND = 10_000;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AT = '2026-11-20T12:00:00.000Z';

export interface ScoreRun {
  readonly mode: string;
  readonly lines: number;
  readonly wallSeconds: number;
  /** CPU time (user + system) of the CLI process and its threads; undefined where /proc is missing. */
  readonly cpuSeconds: number | undefined;
  /** Lines per second of wall clock, start-up included: what someone piping a file sees. */
  readonly linesPerSecond: number;
  /** Lines per CPU-second of the CLI process: less sensitive to other jobs on a shared machine. */
  readonly linesPerCpuSecond: number | undefined;
}

export interface ScoreFigures {
  /** Runs of `plain` (median); `chat` and `mail` are one run each. */
  readonly rounds: number;
  /** Wall clock of a one-line run (median): node + tsx + loading the model, before the first line. */
  readonly startupMs: number;
  readonly startupCpuMs: number | undefined;
  /** `{"id","text"}` lines of ~100 characters of text. */
  readonly plain: ScoreRun;
  /** Chat payloads through the channel adapter (`--channel chat`), ~100 characters of text. */
  readonly chat: ScoreRun;
  /** `{"id","text"}` lines of ~1,000 characters of text. */
  readonly mail: ScoreRun;
  readonly loadAtStart: number;
  readonly loadAtEnd: number;
}

/** Clock ticks per second of /proc's CPU counters. */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds of this process's waited-for children (cutime + cstime of /proc/self/stat), Linux only. */
function childrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesised command name, which may itself hold spaces: state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / TICKS;
  } catch {
    return undefined;
  }
}

interface Piped {
  readonly stdout: string;
  readonly wallSeconds: number;
  readonly cpuSeconds: number | undefined;
}

/** Runs `flashpoint score ...args -` with `input` on its standard input; resolves with its output. */
function pipeThroughCli(args: readonly string[], input: string): Promise<Piped> {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuSeconds();
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['bin/flashpoint.mjs', 'score', ...args, '-'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpuAfter = childrenCpuSeconds();
      if (code !== 0) {
        reject(
          new Error(`flashpoint score exited ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 500)}`),
        );
        return;
      }
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        wallSeconds,
        cpuSeconds: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
      });
    });
    child.stdin.end(input);
  });
}

/** One output line per input, ids in input order, none an error: else the figure would mean nothing. */
function check(stdout: string, ids: readonly (string | number)[], mode: string): void {
  const lines = stdout.trimEnd().split('\n');
  if (lines.length !== ids.length) throw new Error(`${mode}: ${lines.length} lines out for ${ids.length} in`);
  lines.forEach((line, i) => {
    const row = JSON.parse(line) as { id?: unknown; error?: unknown; tier?: unknown };
    if (row.error !== undefined)
      throw new Error(`${mode}: line ${i + 1} failed: ${JSON.stringify(row.error)}`);
    if (row.id !== ids[i] || typeof row.tier !== 'string')
      throw new Error(`${mode}: line ${i + 1} out of order`);
  });
}

async function oneRun(
  mode: string,
  args: readonly string[],
  input: string,
  ids: readonly (string | number)[],
) {
  const piped = await pipeThroughCli(args, input);
  check(piped.stdout, ids, mode);
  return {
    mode,
    lines: ids.length,
    wallSeconds: piped.wallSeconds,
    cpuSeconds: piped.cpuSeconds,
    linesPerSecond: ids.length / piped.wallSeconds,
    linesPerCpuSecond: piped.cpuSeconds ? ids.length / piped.cpuSeconds : undefined,
  };
}

function medianRun(runs: readonly ScoreRun[]): ScoreRun {
  const first = runs[0];
  if (!first) throw new Error('no runs');
  const cpu = runs.every((r) => r.cpuSeconds !== undefined)
    ? median(runs.map((r) => r.cpuSeconds ?? 0))
    : undefined;
  const wallSeconds = median(runs.map((r) => r.wallSeconds));
  return {
    mode: first.mode,
    lines: first.lines,
    wallSeconds,
    cpuSeconds: cpu,
    linesPerSecond: first.lines / wallSeconds,
    linesPerCpuSecond: cpu ? first.lines / cpu : undefined,
  };
}

/**
 * `lines` short `{"id","text"}` lines, median of `rounds` runs (the budget figure); one run each of chat
 * payloads and of mail-sized texts (a fifth as many lines); start-up from `rounds` one-line runs.
 */
export async function benchScore(lines = 50_000, rounds = 3): Promise<ScoreFigures> {
  const loadAtStart = loadNow();
  const short = syntheticTexts(lines, SHORT_CHARS, 21);
  const plainInput = `${short.map((text, i) => JSON.stringify({ id: i, text })).join('\n')}\n`;
  const plainIds = short.map((_, i) => i);
  const chatBodies = short.map((text, i) => payloadFor('chat', text, i, `score-${i}`, AT));
  const mailTexts = syntheticTexts(Math.round(lines / 5), MAIL_CHARS, 22);
  const mailInput = `${mailTexts.map((text, i) => JSON.stringify({ id: `m${i}`, text })).join('\n')}\n`;
  const mailIds = mailTexts.map((_, i) => `m${i}`);

  const startups: Piped[] = [];
  for (let r = 0; r < rounds; r++)
    startups.push(await pipeThroughCli([], `${JSON.stringify({ id: 0, text: 'ok' })}\n`));
  const chatInput = `${chatBodies.join('\n')}\n`;
  const chatIds = await contactIdsOf(chatBodies);

  const plain: ScoreRun[] = [];
  for (let r = 0; r < rounds; r++) plain.push(await oneRun('plain', [], plainInput, plainIds));
  // One run each of the other two: they show how the figure moves with the input, the budget is on `plain`.
  const chat = await oneRun('chat', ['--channel', 'chat'], chatInput, chatIds);
  const mail = await oneRun('mail', [], mailInput, mailIds);
  const cpuStartups = startups.map((s) => s.cpuSeconds);
  return {
    rounds,
    startupMs: median(startups.map((s) => s.wallSeconds * 1000)),
    startupCpuMs: cpuStartups.every((c) => c !== undefined)
      ? median(cpuStartups.map((c) => (c ?? 0) * 1000))
      : undefined,
    plain: medianRun(plain),
    chat,
    mail,
    loadAtStart,
    loadAtEnd: loadNow(),
  };
}

/** The ids `--channel chat` prints for these payloads (their contact ids), in order, computed in process. */
async function contactIdsOf(bodies: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const body of bodies) ids.push((await ADAPTERS.chat.toContact(body, { receivedAt: AT })).id);
  return ids;
}

export function scoreBudget(f: ScoreFigures): { readonly pass: boolean; readonly line: string } {
  const p = f.plain;
  const perCpu = p.linesPerCpuSecond;
  const figure = perCpu ?? p.linesPerSecond;
  return {
    pass: figure >= SCORE_BUDGET_LINES_PER_SECOND,
    line:
      perCpu === undefined
        ? `flashpoint score: ${num(p.linesPerSecond)} lines/s wall clock, ${num(p.lines)} lines through the CLI process, start-up included (budget ≥ ${num(SCORE_BUDGET_LINES_PER_SECOND)})`
        : `flashpoint score: ${num(perCpu)} lines/s per CPU-second of the CLI process, ${num(p.lines)} lines, start-up included (${num(p.linesPerSecond)}/s wall clock on this shared machine; budget ≥ ${num(SCORE_BUDGET_LINES_PER_SECOND)})`,
  };
}

export function scoreBudgetLine(f: ScoreFigures): string {
  const b = scoreBudget(f);
  return `${b.pass ? 'PASS' : 'FAIL'}  ${b.line}`;
}

/** The BENCHMARKS.md section. */
export function scoreSection(f: ScoreFigures): string[] {
  const row = (what: string, r: ScoreRun) =>
    `| ${what} | ${num(r.lines)} | ${num(r.wallSeconds, 2)} s | ${num(r.linesPerSecond)} | ${r.cpuSeconds === undefined ? 'n/a' : `${num(r.cpuSeconds, 2)} s`} | ${r.linesPerCpuSecond === undefined ? 'n/a' : num(r.linesPerCpuSecond)} |`;
  const steady = Math.max(0.001, f.plain.wallSeconds - f.startupMs / 1000);
  return [
    '## flashpoint score through the CLI (bench/score.ts)',
    '',
    'Generated JSON lines piped into `node bin/flashpoint.mjs score -` (a fresh process: Node, tsx compiling ' +
      'the TypeScript, loading the model) and the output read back and checked: one line per input, in input ' +
      `order, no errors. Timed from spawn to exit, start-up included; median of ${f.rounds} runs for the first row, ` +
      'one run each for the other two. CPU is ' +
      'the CLI process with all its threads (tsx compiles on a worker thread). A one-line run takes ' +
      `${num(f.startupMs)} ms${f.startupCpuMs === undefined ? '' : ` (CPU ${num(f.startupCpuMs)} ms)`}: that is the start-up in every figure below. ` +
      `Load average ${f.loadAtStart} at the start, ${f.loadAtEnd} at the end.`,
    '',
    '| input | lines | wall | lines/s (wall) | CPU | lines per CPU-second |',
    '| --- | --- | --- | --- | --- | --- |',
    row('`{"id","text"}`, ~100 characters', f.plain),
    row('`--channel chat` payloads, ~100 characters', f.chat),
    row('`{"id","text"}`, ~1,000 characters', f.mail),
    '',
    `Less the one-line run's time, the ${num(f.plain.lines)} short lines take ${num(steady, 2)} s: ` +
      `≈ ${num(f.plain.lines / steady)} lines/s once started (an estimate: two medians subtracted).`,
    '',
    '```',
    scoreBudgetLine(f),
    '```',
    '',
  ];
}

/**
 * BENCHMARKS.md with the score figures: the budget line joins the others in the Budgets block
 * (bench/report.ts renders that block; the score bench is wired in from run.ts), the section goes last.
 */
export function withScoreFigures(markdown: string, f: ScoreFigures): string {
  const budgets = /(## Budgets\n\n```\n[\s\S]*?)```/;
  const withBudget = budgets.test(markdown)
    ? markdown.replace(budgets, (_m, block: string) => `${block}${scoreBudgetLine(f)}\n\`\`\``)
    : markdown;
  return `${withBudget.trimEnd()}\n\n${scoreSection(f).join('\n')}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchScore(Number(process.argv[2] ?? 50_000)).then((f) => {
    process.stdout.write(`${JSON.stringify(f, null, 2)}\n\n${scoreSection(f).join('\n')}\n`);
  });
}
