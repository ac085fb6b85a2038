/** Turns the bench figures into BENCHMARKS.md and the PASS/FAIL budget lines. */
import { COST_MODES, type CostMode, defaultInputs, estimateCost } from '../functions/core/cost/model.ts';
import { PRICES, USAGE } from '../functions/core/cost/prices.ts';
import type { BundlesReport, ColdInit, VariantFigures, VariantName } from './bundles.ts';
import { BUNDLE_BUDGET_BYTES, COLD_INIT_BUDGET_MS } from './bundles.ts';
import type { HandlerChildResult } from './handler-child.ts';
import type { MachineInfo } from './lib/machine.ts';
import { kb, markdownTable, num, usd } from './lib/stats.ts';
import type { PhaseFigures, PipelineFigures } from './pipeline.ts';
import type { TextModelBench } from './text-model.ts';
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
}

export interface Budget {
  readonly pass: boolean;
  readonly line: string;
}

const ms = (n: number) => `${num(n, n < 10 ? 2 : 0)} ms`;
const us = (n: number) => `${num(n, n < 10 ? 2 : 1)} µs`;

function deployed(v: readonly VariantFigures[]): VariantFigures | undefined {
  return v.find((x) => x.variant === 'as deployed');
}

export function budgets(r: BenchResults): Budget[] {
  const out: Budget[] = [];
  for (const b of r.bundles.bundles) {
    const d = deployed(b.variants);
    if (!d) continue;
    out.push({
      pass: d.bytesWithoutWeights <= BUNDLE_BUDGET_BYTES,
      line: `bundle ${b.handler}: ${kb(d.bytesWithoutWeights)} minified without model weights (budget ≤ ${kb(BUNDLE_BUDGET_BYTES)})`,
    });
  }
  for (const b of r.bundles.bundles) {
    const cold = deployed(b.variants)?.coldInit;
    if (!cold) continue;
    out.push({
      pass: !cold.error && cold.importMs <= COLD_INIT_BUDGET_MS,
      line: cold.error
        ? `cold init ${b.handler}: import failed (${cold.error})`
        : `cold init ${b.handler}: ${ms(cold.importMs)} median of ${cold.runs} (CPU ${ms(cold.importCpuMs)}; budget ≤ ${COLD_INIT_BUDGET_MS} ms)`,
    });
  }
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

function coldCell(c: ColdInit | undefined): string {
  if (!c) return '–';
  if (c.error) return `failed: ${c.error}`;
  return `${ms(c.importMs)} (CPU ${ms(c.importCpuMs)})`;
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

/** The cost model's per-message inputs as this run measured them, next to the constants in prices.ts. */
export function usageComparison(r: BenchResults): string[][] {
  const p = r.pipeline;
  const h = p.handlers;
  const writes = (c: typeof p.burst.capacity) => c.wruTable + c.wruIndexes;
  const slope =
    ((writes(h.triageMail.capacity) - writes(h.triageShort.capacity)) /
      (h.triageMail.chars - h.triageShort.chars)) *
    1000;
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
    row('DynamoDB read units per message (paced mix)', u.dynamodb.readsPerMessage, p.paced.capacity.rru),
    row(
      'DynamoDB write units per message (paced mix)',
      u.dynamodb.writesPerMessage,
      writes(p.paced.capacity),
    ),
    row('write units per 1,000 more characters', u.dynamodb.writesPerThousandChars, slope),
    row('characters per message of the paced mix', u.dynamodb.mixChars, p.pacedChars, 0),
    row('stored bytes per message (table + GSIs)', u.dynamodb.storedBytesPerMessage, p.stored.perContact, 0),
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
const VARIANT_ORDER: readonly VariantName[] = [
  'as deployed',
  'zod namespace import',
  'sdk external',
  'sdk external + zod namespace',
];

export function findings(r: BenchResults): string[] {
  const out: string[] = [];
  const variant = (handler: string, name: string) =>
    r.bundles.bundles.find((b) => b.handler === handler)?.variants.find((v) => v.variant === name);
  const zodBytes = (v: VariantFigures | undefined) =>
    v?.topPackages.find((x) => x.name === 'zod')?.bytes ?? 0;
  const hot = ['functions/intake/handler.ts', 'functions/triage/handler.ts'];
  const line = (handler: string) => {
    const asIs = variant(handler, 'as deployed');
    const zod = variant(handler, 'zod namespace import');
    const sdk = variant(handler, 'sdk external');
    const both = variant(handler, 'sdk external + zod namespace');
    if (!asIs || !zod || !sdk || !both) return undefined;
    return (
      `\`${handler.split('/')[1]}\`: ${kb(asIs.bytesWithoutWeights)} as deployed; zod namespace import ` +
      `${kb(zod.bytesWithoutWeights)} (cold-init CPU ${ms(asIs.coldInit?.importCpuMs ?? Number.NaN)} → ` +
      `${ms(zod.coldInit?.importCpuMs ?? Number.NaN)}); SDK external ${kb(sdk.bytesWithoutWeights)} (CPU → ` +
      `${ms(sdk.coldInit?.importCpuMs ?? Number.NaN)}); both ${kb(both.bytesWithoutWeights)}`
    );
  };
  const triage = variant('functions/triage/handler.ts', 'as deployed');
  const passing = hot.map((handler) => {
    const names = VARIANT_ORDER.filter((name) => {
      const v = variant(handler, name);
      return v !== undefined && v.bytesWithoutWeights <= BUNDLE_BUDGET_BYTES;
    });
    return `${handler.split('/')[1]}: ${names.length > 0 ? names.join(', ') : 'none'}`;
  });
  const sdkDelta = hot.map((handler) => {
    const asIs = variant(handler, 'as deployed')?.coldInit?.importCpuMs ?? Number.NaN;
    const sdk = variant(handler, 'sdk external')?.coldInit?.importCpuMs ?? Number.NaN;
    return `${sdk - asIs >= 0 ? '+' : ''}${num(sdk - asIs, 0)} ms for ${handler.split('/')[1]}`;
  });
  out.push(
    `- **Bundles.** zod is the largest package in every bundle (${kb(zodBytes(triage))} in triage): \`import { z } from ` +
      "'zod'` pulls in all of zod 4, every locale included, because esbuild cannot tree-shake that re-export. " +
      hot
        .map(line)
        .filter((x) => x !== undefined)
        .join('; ') +
      `. Variants under the 500 KB budget — ${passing.join('; ')}. Marking \`@aws-sdk/*\` external changes ` +
      `cold-init CPU by ${sdkDelta.join(', ')}: the SDK then loads unbundled from node_modules.`,
  );
  const empty = r.bundles.emptyImport;
  const cpus = r.bundles.bundles.map((b) => deployed(b.variants)?.coldInit?.importCpuMs ?? Number.NaN);
  const over = cpus.filter((x) => x > COLD_INIT_BUDGET_MS).length;
  out.push(
    `- **Cold init.** Import CPU alone is ${cpus.map((x) => ms(x)).join(', ')} ` +
      `(${r.bundles.bundles.map((b) => b.handler.split('/')[1]).join(', ')}): ${over} of ${cpus.length} over the ` +
      `${COLD_INIT_BUDGET_MS} ms budget even counting only our own CPU; a fresh \`node\` spends ` +
      `${ms(empty.processMs)} here before importing anything. ` +
      (() => {
        const t = r.bundles.bundles.find((b) => b.handler === 'functions/triage/handler.ts');
        const d = t ? deployed(t.variants) : undefined;
        return d?.coldInit && d.coldInitWithoutNodeOptions
          ? `\`--enable-source-maps\` (the functions' NODE_OPTIONS) adds ${ms(d.coldInit.importCpuMs - d.coldInitWithoutNodeOptions.importCpuMs)} CPU to triage's import.`
          : '';
      })(),
  );
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
      `(TransactWriteItems ${ms(p.handlers.triageShort.capacity.byCommand.TransactWriteItemsCommand?.msPerCall ?? Number.NaN)} per call when idle).`,
  );
  const cap = p.paced.capacity;
  const writes = cap.wruTable + cap.wruIndexes;
  out.push(
    `- **DynamoDB is the largest pipeline cost.** ${num(writes, 1)} write units per message, ${num((cap.wruIndexes / writes) * 100)} % ` +
      'of them GSI writes: both GSIs project ALL attributes, so every case write copies the brief and its text ' +
      'twice more (an update that moves an index key costs a delete and a put per index). A projection of the ' +
      'list attributes only would remove most of those units; the message text is stored ~7 times per message.',
  );
  return out;
}

function costTable(messages: number): string {
  const reports = COST_MODES.map((mode: CostMode) => estimateCost(defaultInputs(messages, { mode })));
  const services = reports[0]?.services.map((s) => s.service) ?? [];
  const rows = services.map((service) => [
    service,
    ...reports.map((r) => usd(r.services.find((s) => s.service === service)?.usd ?? 0)),
  ]);
  rows.push(['**total**', ...reports.map((r) => `**${usd(r.total)}**`)]);
  rows.push(['fixed monthly (not in total)', ...reports.map((r) => usd(r.fixedTotal))]);
  return markdownTable(['service', ...COST_MODES], rows);
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
    `Weights file ${kb(tm.weightsBytes)}; first load (read + parse + validate + decode) ${ms(r.textModel.first.loadMs)}. ` +
      `Median of ${r.textModel.runs} runs:`,
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
    '### DynamoDB capacity per message (ReturnConsumedCapacity through DynamoCaseStore)',
    '',
    markdownTable(
      [
        'run',
        'read units',
        'write units: table',
        'write units: GSIs',
        'calls by command (per message, ms per call)',
      ],
      [
        ['burst (first contacts)', p.burst.capacity],
        [`paced (${num(p.paced.repeatShare * 100)} % repeat)`, p.paced.capacity],
        [`triage direct, ~${num(h.triageShort.chars)} characters`, h.triageShort.capacity],
        [`triage direct, ~${num(h.triageMail.chars)} characters`, h.triageMail.capacity],
      ].map(([name, c]) => {
        const cap = c as typeof p.burst.capacity;
        return [
          String(name),
          num(cap.rru, 2),
          num(cap.wruTable, 1),
          num(cap.wruIndexes, 1),
          Object.entries(cap.byCommand)
            .map(([k, v]) => `${k.replace(/Command$/, '')} ${num(v.calls, 2)} (${num(v.msPerCall, 1)})`)
            .join(', '),
        ];
      }),
    ),
    '',
    'Read units are floored at 1 per key or query (DynamoDB Local reports 0 for a miss). Stored: ' +
      `${num(p.stored.perContact)} bytes per contact (table ${kb(p.stored.tableBytes)} + GSIs ${kb(p.stored.indexBytes)} ` +
      `for ${num(p.stored.contacts)} contacts).`,
    '',
    '## Lambda bundles (bench/bundles.ts)',
    '',
    'Built by CDK itself (a throwaway app with one `PipelineFunction` per `functions/*/handler.ts`, bundling on) and ' +
      'by esbuild with `PIPELINE_BUNDLING` from infra/constructs/pipeline-function.ts plus a metafile; "same as CDK" ' +
      "means the two index.mjs are byte-identical. The model weights are inlined by esbuild's JSON loader; " +
      '"without weights" subtracts the bytes the metafile attributes to models/*.json. Sizes in KB of 1,000 bytes; ' +
      'gzip -9 of index.mjs. Cold init: a fresh `node` imports the bundle (config env set to dummy values, and ' +
      `NODE_OPTIONS as the function sets it, ${r.bundles.bundles[0]?.nodeOptions || 'none'}), median of ` +
      `${r.bundles.coldRuns} runs (${r.bundles.whatIfRuns} for what-ifs), round-robin. A fresh \`node\` importing an ` +
      `empty module: ${coldCell(r.bundles.emptyImport)}, process start to end of import ${ms(r.bundles.emptyImport.processMs)}.` +
      (r.bundles.cdkError ? ` CDK build failed: ${r.bundles.cdkError}.` : ''),
    '',
    markdownTable(
      [
        'handler',
        'minified',
        'without weights',
        'gzip',
        'source map',
        'same as CDK',
        'cold init',
        'without NODE_OPTIONS',
      ],
      r.bundles.bundles.map((b) => {
        const d = deployed(b.variants);
        return [
          b.handler,
          d ? kb(d.bytes) : '–',
          d ? kb(d.bytesWithoutWeights) : '–',
          d ? kb(d.gzipBytes) : '–',
          b.cdk ? kb(b.cdk.mapBytes) : '–',
          b.identicalToCdk ? 'yes' : 'NO',
          coldCell(d?.coldInit),
          coldCell(d?.coldInitWithoutNodeOptions),
        ];
      }),
    ),
    '',
    'Largest contributors (as deployed, bytes in the minified output):',
    '',
    ...r.bundles.bundles.map(
      (b) =>
        `- ${b.handler}: ${(deployed(b.variants)?.topPackages ?? [])
          .slice(0, 6)
          .map((x) => `${x.name} ${kb(x.bytes)}`)
          .join(', ')}`,
    ),
    '',
    '### What-ifs (built by the bench only; nothing deployed changes)',
    '',
    "- **sdk external**: `externalModules: ['@aws-sdk/*']`, the SDK coming from the nodejs22.x runtime; timed here " +
      "with the SDK imported unbundled from node_modules, as the runtime's own copy would be.",
    "- **zod namespace import**: `import * as z from 'zod'` instead of `import { z } from 'zod'` in functions/ " +
      "(zod's docs use the former). esbuild cannot tree-shake zod 4's `z` re-export, so the latter bundles all of " +
      'zod, every locale included.',
    '',
    markdownTable(
      ['handler', 'variant', 'minified', 'without weights', 'gzip', 'cold init'],
      r.bundles.bundles.flatMap((b) =>
        b.variants.map((v) => [
          b.handler,
          v.variant,
          kb(v.bytes),
          kb(v.bytesWithoutWeights),
          kb(v.gzipBytes),
          coldCell(v.coldInit),
        ]),
      ),
    ),
    '',
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
      `the rest through the REST API, cascade sends ${num(USAGE.cascadeShare * 100)} % to Comprehend. Usage per message ` +
      `from this bench (recorded in functions/core/cost/prices.ts: ${USAGE.measured}).`,
    '',
    'The per-message inputs, as recorded in prices.ts and as measured by this run (update prices.ts when they drift):',
    '',
    markdownTable(['input', 'prices.ts', 'this run'], usageComparison(r)),
    '',
    '### 1 million messages a month',
    '',
    costTable(1e6),
    '',
    '### 100 million messages a month',
    '',
    costTable(1e8),
    '',
    `Without the edges (messages written straight to the intake queues: \`--email-share 0 --api-share 0\`), 1 M ` +
      `messages in embedded mode cost ${usd(estimateCost(defaultInputs(1e6, { emailShare: 0, apiShare: 0 })).total)}; ` +
      'SES receiving alone is $0.19 per thousand mails (receipt + one 256 KB chunk).',
    '',
    'Volume changes the shape: at 1 M a month messages arrive ~0.4/s, so Lambda batches hold ~1 record and every ' +
      'invocation pays its own receive, delete and trace; at 100 M they are full (10). Comprehend gets cheaper per ' +
      'unit above 10 M and 50 M units a month.',
    '',
  );
  return `${lines.join('\n')}\n`;
}
