/**
 * `npm run bench`: every figure of BENCHMARKS.md — text model, triage core, handler memory and log volume,
 * Lambda bundles and cold init, the local pipeline end to end — then the PASS/FAIL line of each budget.
 * Writes BENCHMARKS.md at the repository root. Exit code 0 even when a budget fails: the file says which.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchBundles } from './bundles.ts';
import { bundleBudgets, bundleFindings, bundlesSection } from './bundles-report.ts';
import { CAPACITY_COMMAND, capacityFinding, capacitySection, runCapacity } from './capacity.ts';
import { benchHandlers } from './handlers.ts';
import { loadNow, machineInfo } from './lib/machine.ts';
import { median, num } from './lib/stats.ts';
import { benchPipeline } from './pipeline.ts';
import { type BenchResults, budgetLines, CORE_BUDGET_PER_SECOND, renderMarkdown } from './report.ts';
import { benchScore, scoreBudgetLine, scoreSection, withScoreFigures } from './score.ts';
import { benchTextModel, type TextModelBench } from './text-model.ts';
import { benchTriageCore, coreSummary } from './triage-core.ts';

const OUT = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
const RAW = fileURLToPath(new URL('../.local/bench-results.json', import.meta.url));

// The Lambda runtime is Node 22; the SDK's warning about Node 20 support is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The local stack points `console` at its log file while it runs: the bench writes to stdout itself. */
const say = (text: string) => process.stdout.write(`${text}\n`);

async function timed<T>(title: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  say(`… ${title}`);
  const result = await run();
  say(`  done in ${num((Date.now() - started) / 1000, 1)} s (load average ${loadNow()})`);
  return result;
}

function medianTextModel(runs: readonly TextModelBench[]): TextModelBench {
  const pick = (f: (r: TextModelBench) => number) => median(runs.map(f));
  const first = runs[0];
  if (!first) throw new Error('no text model runs');
  return {
    weightsBytes: first.weightsBytes,
    loadMs: pick((r) => r.loadMs),
    usPerShort: {
      p50: pick((r) => r.usPerShort.p50),
      p99: pick((r) => r.usPerShort.p99),
      mean: pick((r) => r.usPerShort.mean),
    },
    usPerMail: {
      p50: pick((r) => r.usPerMail.p50),
      p99: pick((r) => r.usPerMail.p99),
      mean: pick((r) => r.usPerMail.mean),
    },
  };
}

/**
 * `npm run bench -- --only bundles`: the Lambda bundles and cold init alone (~1–2 min), printed, raw
 * figures in .local/bench-bundles.json; BENCHMARKS.md is left as it is (it holds a whole run).
 */
async function onlyBundles(): Promise<void> {
  const machine = machineInfo();
  say(
    `Flashpoint bench, bundles only — ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAtStart}`,
  );
  const bundles = await timed('Lambda bundles: CDK build, esbuild builds, cold init', () =>
    benchBundles(15, 5),
  );
  const raw = fileURLToPath(new URL('../.local/bench-bundles.json', import.meta.url));
  mkdirSync(dirname(raw), { recursive: true });
  writeFileSync(
    raw,
    `${JSON.stringify({ machine, when: new Date().toISOString(), loadAtEnd: loadNow(), bundles }, null, 2)}\n`,
  );
  say('');
  for (const line of [...bundleFindings(bundles), '', ...bundlesSection(bundles)]) say(line);
  for (const b of bundleBudgets(bundles)) say(`${b.pass ? 'PASS' : 'FAIL'}  ${b.line}`);
  say(`(load average at the end ${loadNow()}; raw figures: ${raw})`);
}

/** `npm run bench -- --only core`: the triage core in process alone (~5 s when idle), printed; BENCHMARKS.md untouched. */
async function onlyCore(): Promise<void> {
  say(`Flashpoint bench, triage core only — load average ${loadNow()}`);
  const core = await timed('triage core in process (3 rounds)', () => benchTriageCore(3));
  for (const line of coreSummary(core, CORE_BUDGET_PER_SECOND)) say(line);
  say(`(load average at the end ${loadNow()})`);
}

/** `npm run bench -- --only score`: `flashpoint score` through the CLI alone (~20 s when idle), printed; BENCHMARKS.md untouched. */
async function onlyScore(): Promise<void> {
  say(`Flashpoint bench, flashpoint score only — load average ${loadNow()}`);
  const score = await timed('flashpoint score through the CLI', () => benchScore());
  for (const line of scoreSection(score)) say(line);
}

/**
 * `npm run bench -- --only capacity` (= `node --import tsx bench/capacity.ts`, ~1–2 min): DynamoDB units per
 * message alone, printed; writes functions/core/cost/capacity.json, which the cost model reads.
 */
async function onlyCapacity(): Promise<void> {
  say(`Flashpoint bench, DynamoDB capacity only (${CAPACITY_COMMAND}) — load average ${loadNow()}`);
  const { bench } = await timed('DynamoDB capacity per message', () => runCapacity());
  for (const line of [capacityFinding(bench), '', ...capacitySection(bench)]) say(line);
}

const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

async function main(): Promise<void> {
  if (ONLY === 'bundles') return onlyBundles();
  if (ONLY === 'core') return onlyCore();
  if (ONLY === 'score') return onlyScore();
  if (ONLY === 'capacity') return onlyCapacity();
  if (ONLY !== undefined)
    throw new Error(`--only ${ONLY}: only 'bundles', 'core', 'score' or 'capacity' run on their own`);
  const started = Date.now();
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  say(
    `Flashpoint bench — ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ` +
      `load average ${machine.loadAtStart}`,
  );

  const textRuns = await timed('text model (3 runs)', async () => {
    const runs: TextModelBench[] = [];
    for (let i = 0; i < 3; i++) runs.push(await benchTextModel());
    return runs;
  });
  const core = await timed('triage core in process (3 rounds)', () => benchTriageCore(3));
  const score = await timed('flashpoint score through the CLI', () => benchScore());
  const handlers = await timed('handler memory and log volume (fresh processes)', () => benchHandlers());
  const bundles = await timed('Lambda bundles: CDK build, esbuild builds, cold init', () =>
    benchBundles(15, 5),
  );
  const pipeline = await timed('local pipeline end to end', () =>
    benchPipeline({
      concurrency: 4,
      warmupMessages: 200,
      burstMessages: 1_000,
      pacedMessages: 200,
      pacedRate: 50,
      handlerInvocations: 15,
    }),
  );
  // Writes functions/core/cost/capacity.json before the cost tables below are rendered from it.
  const capacity = await timed('DynamoDB capacity per message', () => runCapacity());

  const first = textRuns[0];
  if (!first) throw new Error('no text model runs');
  const results: BenchResults = {
    machine,
    loadAtEnd: loadNow(),
    startedAt,
    seconds: (Date.now() - started) / 1000,
    command: 'npm run bench',
    textModel: { first, runs: textRuns.length, median: medianTextModel(textRuns) },
    core,
    handlers,
    bundles,
    pipeline,
    capacity,
  };
  // The raw figures, for anyone who wants more than the markdown shows (.local/ is not committed).
  mkdirSync(dirname(RAW), { recursive: true });
  writeFileSync(RAW, `${JSON.stringify({ ...results, score }, null, 2)}\n`);
  const markdown = withScoreFigures(renderMarkdown(results), score);
  writeFileSync(OUT, markdown);
  say('');
  say(markdown);
  say(`Wrote ${OUT} (raw figures: ${RAW}) in ${num(results.seconds)} s.`);
  say('');
  for (const line of budgetLines(results)) say(line);
  say(scoreBudgetLine(score));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
