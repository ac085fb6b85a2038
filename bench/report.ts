/** Turns the bench figures into BENCHMARKS.md and the PASS/FAIL budget lines. */

import type { CapacityFigures } from '../functions/core/cost/measured.ts';
import {
  COST_GROUPS,
  COST_MODES,
  type CostMode,
  defaultInputs,
  estimateCost,
} from '../functions/core/cost/model.ts';
import { PRICES } from '../functions/core/cost/prices.ts';
import { USAGE } from '../functions/core/cost/usage.ts';
import type { BundlesReport } from './bundles.ts';
import { bundleBudgets, bundleFindings, bundlesSection } from './bundles-report.ts';
import { type CapacityRun, capacityFinding, capacitySection } from './capacity.ts';
import type { HandlerChildResult } from './handler-child.ts';
import type { MachineInfo } from './lib/machine.ts';
import { kb, markdownTable, num, usd } from './lib/stats.ts';
import type { PhaseFigures, PipelineFigures } from './pipeline.ts';
import { type TextModelBench, textModelBudgets } from './text-model.ts';
import type { CoreFigures } from './triage-core.ts';

export const CORE_BUDGET_PER_SECOND = 20_000;
export const PIPELINE_BUDGET_PER_SECOND = 500;

export interface BenchResults {
  readonly machine: MachineInfo;
  readonly loadAtEnd: number;
  readonly startedAt: string;
  readonly seconds: number;
  readonly command: string;
  readonly textModel: {
    readonly first: TextModelBench;
    readonly runs: number;
    readonly median: TextModelBench;
  };
  readonly core: CoreFigures;
  readonly handlers: { readonly triage: HandlerChildResult; readonly intake: HandlerChildResult };
  readonly bundles: BundlesReport;
  readonly pipeline: PipelineFigures;
  readonly capacity: CapacityRun;
}

export interface Budget {
  readonly pass: boolean;
  readonly line: string;
}

const ms = (n: number) => `${num(n, n < 10 ? 2 : 0)} ms`;
const us = (n: number) => `${num(n, n < 10 ? 2 : 1)} µs`;

export function budgets(r: BenchResults): Budget[] {
  // issue #3's text model budgets from the first run: its load is already a median over fresh processes
  const out: Budget[] = [...bundleBudgets(r.bundles), ...textModelBudgets(r.textModel.first)];
  const s = r.core.short;
  out.push({
    pass: s.messagesPerCpuSecond >= CORE_BUDGET_PER_SECOND,
    line:
      `triage core: ${num(s.messagesPerCpuSecond)} short messages per CPU-second on one core ` +
      `(${num(s.messagesPerSecond)}/s wall clock on this shared machine; budget ≥ ${num(CORE_BUDGET_PER_SECOND)})`,
  });
  const p = r.pipeline.burst;
  out.push({
    pass: p.messagesPerSecond >= PIPELINE_BUDGET_PER_SECOND && p.routed === p.messages,
    line:
      `local end-to-end: ${num(p.messagesPerSecond, 1)} messages/s, ${p.routed} of ${p.messages} routed ` +
      `(budget ≥ ${PIPELINE_BUDGET_PER_SECOND})`,
  });
  return out;
}

export function budgetLines(r: BenchResults): string[] {
  return budgets(r).map((b) => `${b.pass ? 'PASS' : 'FAIL'}  ${b.line}`);
}

function phaseRow(name: string, p: PhaseFigures): string[] {
  return [
    name,
    `${p.routed}/${p.messages}`,
    num(p.messagesPerSecond, 1),
    ms(p.latencyMs.p50),
    ms(p.latencyMs.p95),
    ms(p.latencyMs.p99),
    `${num(p.cpuMsPerMessage.node, 1)} + ${num(p.cpuMsPerMessage.dynamodbLocal, 1)}`,
  ];
}

/**
 * The cost model's per-message inputs as this run measured them, next to the constants in usage.ts.
 * (DynamoDB's come from capacity.json, which this run writes itself.)
 */
export function usageComparison(r: BenchResults): string[][] {
  const h = r.pipeline.handlers;
  const row = (name: string, constant: number, measured: number, digits = 1) => [
    name,
    num(constant, digits),
    num(measured, digits),
  ];
  const u = USAGE;
  return [
    row('intake ms per invocation', u.lambda.intakeMs.perInvocation, h.intake.perInvocationMs),
    row('intake ms per record', u.lambda.intakeMs.perMessage, h.intake.perMessageMs),
    row(
      `triage ms per record, ~${num(h.triageShort.chars)} characters`,
      u.lambda.triageMsShort.perMessage,
      h.triageShort.perMessageMs,
    ),
    row(
      `triage ms per record, ~${num(h.triageMail.chars)} characters`,
      u.lambda.triageMsMail.perMessage,
      h.triageMail.perMessageMs,
    ),
    row('intake log bytes per record', u.logs.intake.perMessage, r.handlers.intake.logBytes.perMessage, 0),
    row(
      'intake log bytes per invocation',
      u.logs.intake.perInvocation,
      r.handlers.intake.logBytes.perInvocation,
      0,
    ),
    row('triage log bytes per record', u.logs.triage.perMessage, r.handlers.triage.logBytes.perMessage, 0),
    row(
      'triage log bytes per invocation',
      u.logs.triage.perInvocation,
      r.handlers.triage.logBytes.perInvocation,
      0,
    ),
  ];
}

/** Short conclusions computed from this run's figures, so they stay true when the figures change. */
export function findings(r: BenchResults): string[] {
  const out: string[] = [...bundleFindings(r.bundles)];
  const c = r.core.short;
  out.push(
    `- **Triage core.** ${num(c.messagesPerCpuSecond)} short messages per CPU-second (p50 ${us(c.usP50)}) against ` +
      `${num(CORE_BUDGET_PER_SECOND)}: the time is spread over the channel adapter (${num(c.stagesUs.adapter, 0)} µs mean: ` +
      `zod parse, language detection, cleaning), the text model (${num(c.stagesUs.model, 0)} µs) and decide() ` +
      `(${num(c.stagesUs.decide, 0)} µs: cue regexes, brief, ids)` +
      (Math.max(c.stagesUs.adapter, c.stagesUs.model, c.stagesUs.decide) <
      0.5 * (c.stagesUs.adapter + c.stagesUs.model + c.stagesUs.decide)
        ? ' — no single hot spot.'
        : '.'),
  );
  const p = r.pipeline;
  const cpu = p.burst.cpuMsPerMessage.node + p.burst.cpuMsPerMessage.dynamodbLocal;
  out.push(
    `- **Local pipeline.** Each message costs ${num(cpu, 0)} ms of CPU across Node (fauxqs, pollers, handlers, ` +
      `SDK) and DynamoDB Local's JVM, so ${r.machine.cores} idle cores top out near ` +
      `${num((r.machine.cores * 1000) / cpu)} messages/s; ${PIPELINE_BUDGET_PER_SECOND}/s would need ~` +
      `${num((PIPELINE_BUDGET_PER_SECOND * cpu) / 1000)} cores. DynamoDB Local is the slower half ` +
      `(TransactWriteItems ${ms(r.capacity.bench.phases.mix.capacity.byCommand.TransactWriteItemsCommand?.msPerCall ?? Number.NaN)} per call, one triage at a time).`,
  );
  out.push(capacityFinding(r.capacity.bench));
  return out;
}

/** Priced with this run's capacity figures (capacity.json as loaded at start may be the previous run's). */
export function costTable(messages: number, measured: CapacityFigures): string {
  const reports = COST_MODES.map((mode: CostMode) =>
    estimateCost(defaultInputs(messages, { mode }), PRICES, USAGE, measured),
  );
  const rows: string[][] = [];
  for (const group of COST_GROUPS) {
    for (const service of reports[0]?.services.filter((s) => s.group === group) ?? []) {
      rows.push([
        service.service,
        ...reports.map((r) => usd(r.services.find((s) => s.service === service.service)?.usd ?? 0)),
      ]);
    }
    rows.push([`*${group} subtotal*`, ...reports.map((r) => `*${usd(r.subtotals[group])}*`)]);
  }
  rows.push(['**total**', ...reports.map((r) => `**${usd(r.total)}**`)]);
  rows.push(['fixed monthly (not in total)', ...reports.map((r) => usd(r.fixedTotal))]);
  return markdownTable(['service', ...COST_MODES], rows);
}

/**
 * The model's two load figures: a cold start's (fresh `node`, import + build, timed like the bundles'
 * cold init), and the in-process build.
 */
function modelLoadText(t: TextModelBench): string {
  const cpu = (n: number | undefined) => (n === undefined ? '' : ` (CPU ${ms(n)})`);
  const cold = t.load
    ? `Load at a cold start: ${ms(t.loadMs)}${cpu(t.loadCpuMs)}, a fresh \`node\` importing the model bundled ` +
      `as the Lambda bundles it (zod and the weights inlined) and building it, median of ${t.load.runs}: ` +
      `${ms(t.load.importMs)} import, ${ms(t.load.buildMs)} build. Timed like the bundles' cold init: node's ` +
      `boot (${ms(t.load.bootMs)}) is not counted and nothing is subtracted; a first import of an empty ` +
      `module takes ${ms(t.load.emptyImportMs)}.`
    : `Load at a cold start: ${ms(t.loadMs)}${cpu(t.loadCpuMs)}.`;
  const warm =
    t.decodeMs === undefined
      ? ''
      : ` In process (header and payload already imported), validating and decoding them the first time: ` +
        `${ms(t.decodeMs)}${cpu(t.decodeCpuMs)}.`;
  return cold + warm;
}

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const tm = r.textModel.median;
  const core = r.core;
  const p = r.pipeline;
  const h = p.handlers;
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);

  push(
    '# Benchmarks',
    '',
    `Generated by \`${r.command}\` on ${r.startedAt} (${num(r.seconds)} s). Re-run it to refresh every figure below.`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node} (${m.platform}), commit ${m.commit}.`,
    `**Shared machine:** other jobs ran at the same time (1-minute load average ${m.loadAtStart} at the start, ` +
      `${r.loadAtEnd} at the end, on ${m.cores} cores), so wall-clock figures are inflated and noisy. Every timing is a ` +
      'median of repeated runs; CPU-time figures (CPU time of our own process) are given next to wall clock ' +
      'because they are less sensitive to the neighbours.',
    '',
    '## Budgets',
    '',
    '```',
    ...budgetLines(r),
    '```',
    '',
    '## What the numbers say',
    '',
    ...findings(r),
    '',
    '## Text model (bench/text-model.ts)',
    '',
    `Weights files ${kb(tm.weightsBytes)}. ${modelLoadText(r.textModel.first)} Median of ${r.textModel.runs} runs:`,
    '',
    markdownTable(
      ['texts', 'µs/message p50', 'p99', 'mean', 'messages/s (1/mean)'],
      [
        [
          'short (~100 characters)',
          us(tm.usPerShort.p50),
          us(tm.usPerShort.p99),
          us(tm.usPerShort.mean),
          num(1e6 / tm.usPerShort.mean),
        ],
        [
          'mail-sized (~1,000)',
          us(tm.usPerMail.p50),
          us(tm.usPerMail.p99),
          us(tm.usPerMail.mean),
          num(1e6 / tm.usPerMail.mean),
        ],
      ],
    ),
    '',
    '## Triage core in process (bench/triage-core.ts)',
    '',
    'Channel adapter (zod parse + normalise: language, cleaning) → embedded text model → `decide()` (scores, tier, ' +
      'owner, brief, routing message) with an empty history and an empty roster; no I/O. One thread, so one core. ' +
      `Median of ${core.rounds} rounds (${num(core.short.messages)} short and ${num(core.mail.messages)} mail-sized ` +
      `messages each, after a warm-up); ${num(core.seniorShare * 100, 1)} % of the short ones went to senior (brief rendered).`,
    '',
    markdownTable(
      [
        'messages',
        'per CPU-second',
        'per second (wall)',
        'µs p50',
        'µs p99',
        'µs mean',
        'adapter / model / decide (µs, mean)',
      ],
      [core.short, core.mail].map((c) => [
        `${c.channel}, ~${num(c.chars)} characters`,
        num(c.messagesPerCpuSecond),
        num(c.messagesPerSecond),
        us(c.usP50),
        us(c.usP99),
        us(c.usMean),
        `${num(c.stagesUs.adapter, 1)} / ${num(c.stagesUs.model, 1)} / ${num(c.stagesUs.decide, 1)}`,
      ]),
    ),
    '',
    '## Local pipeline end to end (bench/pipeline.ts)',
    '',
    `\`startLocalStack\` on free ports (DynamoDB Local + fauxqs, real handlers behind the local event-source poller), ` +
      `concurrency ${p.concurrency} receive loops per queue, visibility timeout = function timeout. Stack start ` +
      `${num(p.startupSeconds, 1)} s; ${p.warmupMessages} warm-up messages first. A message counts as done when its ` +
      'contact item has `routedAt` (written by triage after publishing to the senior or normal queue); latency = ' +
      '`routedAt` − the moment the bench handed it to SendMessage(Batch). Mix: chat 40 % and social 30 % (~100 ' +
      'characters), e-mail 30 % (~1,000).',
    '',
    markdownTable(
      ['phase', 'routed', 'messages/s', 'p50', 'p95', 'p99', 'CPU ms/message (Node + DynamoDB Local)'],
      [
        phaseRow('burst: all sent at once (first contacts)', p.burst),
        phaseRow(
          `paced at ${p.paced.targetRate}/s (${num(p.paced.repeatShare * 100)} % repeat contacts)`,
          p.paced,
        ),
      ],
    ),
    '',
    `Burst latencies are queueing: everything is sent in the first seconds. CPU-bound ceiling on ${m.cores} idle cores ` +
      `≈ ${num((m.cores * 1000) / (p.burst.cpuMsPerMessage.node + p.burst.cpuMsPerMessage.dynamodbLocal))} messages/s ` +
      '(cores ÷ CPU per message, both processes).',
    '',
    '### Handler invocations against the local servers (the durations the cost model bills)',
    '',
    markdownTable(
      ['handler', `${10}-record invocation`, '1-record invocation', 'per record', 'per invocation'],
      [
        ['intake (chat; records in parallel)', h.intake],
        [`triage, ~${num(h.triageShort.chars)} characters (records in sequence)`, h.triageShort],
        [`triage, ~${num(h.triageMail.chars)} characters`, h.triageMail],
      ].map(([name, t]) => {
        const timing = t as typeof h.intake;
        return [
          String(name),
          ms(timing.fullBatchMs),
          ms(timing.singleMs),
          ms(timing.perMessageMs),
          ms(timing.perInvocationMs),
        ];
      }),
    ),
    '',
    `Median of ${h.intake.invocations} invocations each, one at a time; per record = (10-record − 1-record) ÷ 9.`,
    '',
    ...capacitySection(r.capacity.bench),
    ...bundlesSection(r.bundles),
    '## Memory and log volume of the handlers (bench/handler-child.ts)',
    '',
    'Each handler in a fresh process (run through tsx, which adds its own tens of MB of RSS) over ' +
      `${num(r.handlers.triage.messages)} records (triage; 30 % repeat customers, in-memory store and queues, the real ` +
      'Powertools logger and metrics), in 10-record and 1-record SQS events. The in-memory store keeps every contact, ' +
      'so heap growth includes what DynamoDB would hold.',
    '',
    markdownTable(
      [
        'handler',
        'records',
        'RSS: start → peak',
        'heapUsed: start → peak',
        'CPU/record (no I/O)',
        'log bytes/record',
        'log bytes/invocation',
      ],
      [r.handlers.triage, r.handlers.intake].map((x) => [
        x.handler,
        num(x.messages),
        `${x.baseline.rssMb} → ${x.peak.rssMb} MB`,
        `${x.baseline.heapUsedMb} → ${x.peak.heapUsedMb} MB`,
        ms(x.cpuMsPerMessage),
        num(x.logBytes.perMessage),
        num(x.logBytes.perInvocation),
      ]),
    ),
    '',
    '## Cost per month (functions/core/cost, `flashpoint cost`)',
    '',
    `List prices ${PRICES.region} as known on ${PRICES.date} — **check them before quoting**; no free tier. Defaults: ` +
      `${defaultInputs(1).avgChars} characters per message, e-mail ${num(defaultInputs(1).emailShare * 100)} % (SES), ` +
      `the rest through the REST API, cascade sends ${num(USAGE.cascadeShare * 100)} % to Comprehend. Prices in ` +
      'functions/core/cost/prices.ts; durations and log bytes in usage.ts ' +
      `(${USAGE.measured}); DynamoDB units in capacity.json (${r.capacity.figures.measured}, this run's capacity part).`,
    '',
    'The per-message inputs, as recorded in usage.ts and as measured by this run (update usage.ts when they drift):',
    '',
    markdownTable(['input', 'usage.ts', 'this run'], usageComparison(r)),
    '',
    '### 1 million messages a month',
    '',
    costTable(1e6, r.capacity.figures),
    '',
    '### 100 million messages a month',
    '',
    costTable(1e8, r.capacity.figures),
    '',
    '*pipeline*: SQS, Lambda, DynamoDB, logs and Comprehend, what Flashpoint runs per message; *ingress*: the fee of ' +
      'the door a message comes in by — SES receiving ($0.19 per thousand mails: receipt + one 256 KB chunk) and ' +
      'the raw mail in S3, API Gateway for chat and social tools — paid whatever the pipeline does; *tracing*: X-Ray. ' +
      `Without the doors (\`--email-share 0 --api-share 0\`), 1 M messages in embedded mode cost ` +
      `${usd(estimateCost(defaultInputs(1e6, { emailShare: 0, apiShare: 0 }), PRICES, USAGE, r.capacity.figures).total)}.`,
    '',
    'Volume changes the shape: at 1 M a month messages arrive ~0.4/s, so Lambda batches hold ~1 record and every ' +
      'invocation pays its own receive, delete and trace; at 100 M they are full (10). Comprehend gets cheaper per ' +
      'unit above 10 M and 50 M units a month.',
    '',
  );
  return `${lines.join('\n')}\n`;
}
