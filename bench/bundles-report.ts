/** The Lambda bundle and cold-init parts of BENCHMARKS.md: budget lines, findings and the section itself. */
import {
  BUNDLE_BUDGET_BYTES,
  type BundleFigures,
  type BundlesReport,
  COLD_INIT_BUDGET_MS,
  type ColdInit,
  VARIANT_NOTES,
  type VariantFigures,
  type VariantName,
} from './bundles.ts';
import { kb, markdownTable, num } from './lib/stats.ts';
import type { Budget } from './report.ts';

const ms = (n: number) => `${num(n, n < 10 ? 2 : 0)} ms`;
// `functions/intake/handler.ts` → `intake`, `functions/intake/email-handler.ts` → `intake/email-handler`:
// two entries can share a folder.
const short = (handler: string) => handler.replace(/^functions\//, '').replace(/(\/handler)?\.ts$/, '');

function variant(b: BundleFigures, name: VariantName): VariantFigures | undefined {
  return b.variants.find((v) => v.variant === name);
}

function coldCell(c: ColdInit | undefined): string {
  if (!c) return '–';
  if (c.error) return `failed: ${c.error}`;
  return `${ms(c.importMs)} (CPU ${ms(c.importCpuMs)})`;
}

export function bundleBudgets(r: BundlesReport): Budget[] {
  const out: Budget[] = [];
  for (const b of r.bundles) {
    const d = variant(b, 'as deployed');
    if (!d) continue;
    out.push({
      pass: d.bytesWithoutWeights <= BUNDLE_BUDGET_BYTES,
      line: `bundle ${b.handler}: ${kb(d.bytesWithoutWeights)} minified without model weights (budget ≤ ${kb(BUNDLE_BUDGET_BYTES)})`,
    });
  }
  for (const b of r.bundles) {
    const cold = variant(b, 'as deployed')?.coldInit;
    if (!cold) continue;
    out.push({
      pass: !cold.error && cold.importMs <= COLD_INIT_BUDGET_MS,
      line: cold.error
        ? `cold init ${b.handler}: import failed (${cold.error})`
        : `cold init ${b.handler}: ${ms(cold.importMs)} median of ${cold.runs} (CPU ${ms(cold.importCpuMs)}; budget ≤ ${COLD_INIT_BUDGET_MS} ms)`,
    });
  }
  return out;
}

/** `name` bytes (KB) in this bundle, or 0. */
function packageBytes(v: VariantFigures | undefined, name: string): number {
  return v?.topPackages.find((p) => p.name === name)?.bytes ?? 0;
}

/** "a–b KB": the smallest and largest total of these packages over the bundles. */
function range(bundles: readonly BundleFigures[], names: readonly string[]): string {
  const totals = bundles.map((b) =>
    names.reduce((sum, name) => sum + packageBytes(variant(b, 'as deployed'), name), 0),
  );
  const low = Math.min(...totals);
  const high = Math.max(...totals);
  return Math.round(low / 1000) === Math.round(high / 1000) ? kb(low) : `${num(low / 1000)}–${kb(high)}`;
}

/** Why a bundle is over the budget, from its own largest packages. */
function overBudgetReason(b: BundleFigures): string {
  const d = variant(b, 'as deployed');
  if (!d) return '';
  const parts = d.topPackages
    .filter((p) => !p.name.startsWith('models/'))
    .slice(0, 6)
    .map((p) => `${p.name} ${kb(p.bytes)}`);
  const s3 = packageBytes(d, '@aws-sdk/client-s3');
  return (
    `\`${short(b.handler)}\` is ${kb(d.bytesWithoutWeights - BUNDLE_BUDGET_BYTES)} over (${parts.join(', ')})` +
    (s3 > 0
      ? `: the S3 client it needs to read raw mail brings ${kb(s3)} of its own, most of it schemas of S3's ~100 ` +
        'operations that esbuild keeps because their `{ [key]: … }` literals count as side effects ' +
        '(evanw/esbuild#4373, aws/aws-sdk-js-v3#7607), plus checksums, XML and the multi-region signer; ' +
        'postal-mime is the MIME parser'
      : '')
  );
}

/** The "What the numbers say" bullets for bundles and cold init, computed from this run. */
export function bundleFindings(r: BundlesReport): string[] {
  const deployedOf = (b: BundleFigures) => variant(b, 'as deployed');
  const over = r.bundles.filter((b) => (deployedOf(b)?.bytesWithoutWeights ?? 0) > BUNDLE_BUDGET_BYTES);
  const hot = r.bundles.filter((b) => variant(b, 'sdk external'));
  const delta = (b: BundleFigures, name: VariantName, pick: (v: VariantFigures) => number) => {
    const d = deployedOf(b);
    const v = variant(b, name);
    return d && v ? pick(v) - pick(d) : Number.NaN;
  };
  const signed = (n: number, unit: (x: number) => string) => `${n >= 0 ? '+' : '−'}${unit(Math.abs(n))}`;
  const cpu = (v: VariantFigures) => v.coldInit?.importCpuMs ?? Number.NaN;
  const bytes = (v: VariantFigures) => v.bytesWithoutWeights;

  const bundleLine =
    `- **Bundles.** ${r.bundles.length - over.length} of ${r.bundles.length} within ${kb(BUNDLE_BUDGET_BYTES)} ` +
    `(${r.bundles.map((b) => `${short(b.handler)} ${kb(deployedOf(b)?.bytesWithoutWeights ?? Number.NaN)}`).join(', ')}). ` +
    'Bundled and minified ESM with the SDK tree-shaken from its ES builds; the credential providers that Lambda ' +
    'never loads (its credentials are in the environment) stay external: ' +
    hot
      .map(
        (b) =>
          `${short(b.handler)} ${signed(delta(b, 'credential chain bundled', bytes), kb)} if they were bundled`,
      )
      .join(', ') +
    '. Marking the whole SDK external would save ' +
    hot.map((b) => `${kb(-delta(b, 'sdk external', bytes))} in ${short(b.handler)}`).join(', ') +
    ' but cost ' +
    hot.map((b) => `${signed(delta(b, 'sdk external', cpu), ms)} CPU`).join(', ') +
    ' per cold start: the SDK then loads file by file from node_modules. Triage binds the two Comprehend classes ' +
    'statically (a dynamically imported package is not tree-shaken: ~70 KB more).' +
    (over.length > 0
      ? ` Over the budget: ${over.map(overBudgetReason).join('; ')}. What every bundle carries: the SDK's ` +
        `shared core (@smithy/core + @aws-sdk/core, ${range(r.bundles, ['@smithy/core', '@aws-sdk/core'])}), the ` +
        `price of a pinned SDK, and zod (${range(r.bundles, ['zod'])}): zod 4's classic API puts JSON-schema ` +
        'export and ~40 methods on every schema; `zod/mini` is ~25 KB and builds schemas in about half the CPU, ' +
        'but only pays off once no schema a bundle reaches uses the classic API (functions/config.ts, ' +
        'functions/core/**, the DynamoDB items).'
      : '') +
    (r.warnings.length > 0 ? ` Warnings: ${r.warnings.join('; ')}.` : '');

  const timed = r.bundles.filter((b) => deployedOf(b)?.coldInit && !deployedOf(b)?.coldInit?.error);
  const slow = timed.filter((b) => (deployedOf(b)?.coldInit?.importMs ?? 0) > COLD_INIT_BUDGET_MS);
  const slowCpu = timed.filter((b) => (deployedOf(b)?.coldInit?.importCpuMs ?? 0) > COLD_INIT_BUDGET_MS);
  const staticExternals = r.bundles.filter((b) => b.staticExternals.length > 0);
  const coldLine =
    `- **Cold init.** Median import ${timed
      .map((b) => `${short(b.handler)} ${coldCell(deployedOf(b)?.coldInit)}`)
      .join(
        ', ',
      )}: ${timed.length - slow.length} of ${timed.length} within ${COLD_INIT_BUDGET_MS} ms wall clock` +
    ` on this machine, ${timed.length - slowCpu.length} of ${timed.length} by the CPU time of the import, which ` +
    `other jobs on the machine inflate less (a fresh \`node\` importing an empty module took ` +
    `${coldCell(r.emptyImport)}, and ${ms(r.emptyImport.processMs)} to boot before it: not counted). The import ` +
    'includes everything built at module scope: config, SDK clients, logger, and for triage the text model ' +
    '(loaded once per process). ' +
    '`--enable-source-maps` is no longer set: it would add ' +
    hot.map((b) => `${signed(delta(b, 'source maps on', cpu), ms)} CPU to ${short(b.handler)}`).join(', ') +
    '; the maps ship as files (index.mjs.map) for reading a stack trace.' +
    (staticExternals.length > 0
      ? ` Loaded from the runtime at init: ${staticExternals.map((b) => `${short(b.handler)}: ${b.staticExternals.join(', ')}`).join('; ')}.`
      : ' No bundle imports an external package at init.');
  return [bundleLine, coldLine];
}

/** The "## Lambda bundles" section of BENCHMARKS.md. */
export function bundlesSection(r: BundlesReport): string[] {
  const deployedOf = (b: BundleFigures) => variant(b, 'as deployed');
  return [
    '## Lambda bundles (bench/bundles.ts)',
    '',
    `Entries: ${r.entriesFrom}. Each is built by CDK itself (a throwaway app with one \`PipelineFunction\` per ` +
      'entry, bundling on) and by esbuild with `PIPELINE_BUNDLING` from infra/constructs/pipeline-function.ts plus a ' +
      'metafile; "same as CDK" means the two index.mjs are byte-identical. The model weights are inlined by ' +
      'esbuild; "without weights" subtracts the bytes the metafile attributes to files under models/. ' +
      'Sizes in KB of 1,000 bytes; gzip -9 of index.mjs. Cold init: a fresh `node` imports the bundle with the ' +
      "environment CloudFormation gives the function (its references replaced by values of the same shape, Lambda's " +
      'own variables and credentials set), from a directory inside the project so that external imports resolve ' +
      `from node_modules as they would from the runtime's; median of ${r.coldRuns} runs (${r.whatIfRuns} for ` +
      `what-ifs), round-robin. A fresh \`node\` importing an empty module: ${coldCell(r.emptyImport)}, process ` +
      `start to end of import ${ms(r.emptyImport.processMs)}.` +
      (r.cdkError ? ` CDK build failed: ${r.cdkError}.` : ''),
    ...(r.warnings.length > 0 ? ['', ...r.warnings.map((w) => `- ${w}`)] : []),
    '',
    markdownTable(
      [
        'handler',
        'functions',
        'minified',
        'without weights',
        'gzip',
        'source map (file)',
        'same as CDK',
        'cold init',
        'NODE_OPTIONS',
      ],
      r.bundles.map((b) => {
        const d = deployedOf(b);
        return [
          b.handler,
          String(b.functions.length),
          d ? kb(d.bytes) : '–',
          d ? kb(d.bytesWithoutWeights) : '–',
          d ? kb(d.gzipBytes) : '–',
          b.cdk ? kb(b.cdk.mapBytes) : '–',
          b.identicalToCdk ? 'yes' : 'NO',
          coldCell(d?.coldInit),
          b.nodeOptions || 'none',
        ];
      }),
    ),
    '',
    'Largest contributors (as deployed, bytes in the minified output), and the external packages each bundle may ' +
      'import (only when a code path needs them; none at init unless said):',
    '',
    ...r.bundles.map(
      (b) =>
        `- ${b.handler}${b.timedAs ? ` (timed as ${b.timedAs})` : ''}: ${(deployedOf(b)?.topPackages ?? [])
          .slice(0, 8)
          .map((x) => `${x.name} ${kb(x.bytes)}`)
          .join(', ')}. External, lazily: ${b.lazyExternals.join(', ') || 'none'}` +
        (b.staticExternals.length > 0 ? `; at init: ${b.staticExternals.join(', ')}` : ''),
    ),
    '',
    '### What-ifs (built by the bench only; nothing deployed changes)',
    '',
    ...Object.entries(VARIANT_NOTES).map(([name, note]) => `- **${name}**: ${note}`),
    '',
    markdownTable(
      ['handler', 'variant', 'minified', 'without weights', 'gzip', 'cold init'],
      r.bundles
        .filter((b) => b.variants.length > 1)
        .flatMap((b) =>
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
  ];
}
