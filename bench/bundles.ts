/**
 * Every Lambda bundle the CDK app deploys, built twice: by CDK itself (a throwaway app with one
 * PipelineFunction per entry, synthesised with bundling on: the authoritative bytes) and by esbuild's API
 * with the same options (PIPELINE_BUNDLING from infra/constructs/pipeline-function.ts) plus a metafile,
 * whose output must match CDK's byte for byte. The metafile says which packages the bytes come from, how
 * many are the inlined model weights, and which external packages the bundle imports (statically: at cold
 * start; dynamically: only if reached). Cold init: a fresh `node` importing the bundle with the function's
 * environment, from a directory inside the project so that external imports resolve from node_modules as
 * they would from the Lambda runtime's /var/runtime/node_modules.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type Metafile } from 'esbuild';
import { esbuildOptionsFor } from './lib/esbuild-options.ts';
import { median } from './lib/stats.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Inside the project, so that a bundle's external imports resolve from node_modules. */
const OUT_DIR = join(PROJECT_ROOT, '.local', 'bench-bundles');

/** Budget: every bundle ≤ 500 KB minified without the model weights; 1 KB = 1,000 bytes here. */
export const BUNDLE_BUDGET_BYTES = 500_000;
export const COLD_INIT_BUDGET_MS = 300;

/**
 * The CDK context that turns every optional function on, so that the app lists all of them: SES receiving
 * (the email intake then reads raw mail from S3: its heaviest configuration) and the alert webhook.
 */
const EVERY_FEATURE_CONTEXT = {
  'flashpoint:emailRecipients': 'support.example.com',
  'flashpoint:alertWebhookSecretName': 'flashpoint/bench-webhook',
};

export type VariantName = 'as deployed' | 'sdk external' | 'credential chain bundled' | 'source maps on';

export const VARIANT_NOTES: Readonly<Record<Exclude<VariantName, 'as deployed'>, string>> = {
  'sdk external':
    "`externalModules: ['@aws-sdk/*']`, the SDK coming from the nodejs22.x runtime; timed with the SDK " +
    "imported unbundled from node_modules, as the runtime's own copy would be.",
  'credential chain bundled':
    '`externalModules: []`: the credential providers the SDK imports lazily (SSO, ini, process, web identity, ' +
    'container, IMDS, with the STS/SSO clients) bundled too, as before; esbuild keeps all of a package that is ' +
    'reached through a dynamic import.',
  'source maps on':
    'the deployed bundle with `NODE_OPTIONS=--enable-source-maps`, as it was until the source maps became files ' +
    'only: Node then reads and decodes index.mjs.map at every cold start.',
};

export interface PackageBytes {
  readonly name: string;
  readonly bytes: number;
}

export interface ColdInit {
  readonly runs: number;
  /** Median wall time of `await import(bundle)` in a fresh process. */
  readonly importMs: number;
  /** Median CPU time (user + system) of that import: less sensitive to other jobs on the machine. */
  readonly importCpuMs: number;
  /** Median time from process start to the end of the import (Node's own boot included). */
  readonly processMs: number;
  /** Set when the import failed: the first error line. */
  readonly error?: string;
}

export interface VariantFigures {
  readonly variant: VariantName;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Bytes the inlined model files (models/*) contribute to the output (esbuild metafile). */
  readonly weightsBytes: number;
  readonly bytesWithoutWeights: number;
  readonly topPackages: readonly PackageBytes[];
  /** Absent when this variant was not timed. */
  readonly coldInit?: ColdInit;
}

export interface BundleFigures {
  readonly handler: string;
  /** The functions deployed from this entry (construct paths) and the one whose environment was timed. */
  readonly functions: readonly string[];
  readonly timedAs?: string;
  /** CDK's own index.mjs, size and sha256 prefix; undefined when the CDK build failed. */
  readonly cdk?: { readonly bytes: number; readonly sha256: string; readonly mapBytes: number };
  /** True when esbuild's API with the exported options produced CDK's bytes exactly. */
  readonly identicalToCdk: boolean;
  readonly memoryMb?: number;
  readonly nodeOptions: string;
  /** Packages left external that the bundle imports at load (these load at every cold start). */
  readonly staticExternals: readonly string[];
  /** Packages left external that the bundle imports only when a code path needs them. */
  readonly lazyExternals: readonly string[];
  readonly variants: readonly VariantFigures[];
}

export interface BundlesReport {
  readonly bundles: readonly BundleFigures[];
  /** Where the list of entries came from, and anything that did not add up. */
  readonly entriesFrom: string;
  readonly warnings: readonly string[];
  readonly cdkError?: string;
  /** Fresh `node` importing an empty module: the floor every cold init number stands on. */
  readonly emptyImport: ColdInit;
  readonly coldRuns: number;
  readonly whatIfRuns: number;
}

/** One deployed Lambda entry point, as the CDK app defines it. */
export interface DeployedEntry {
  readonly entry: string;
  readonly functions: readonly string[];
  /** The construct path of the function whose environment is used for cold init (the one with most variables). */
  readonly timedAs: string;
  /** That function's environment, CloudFormation references replaced by plausible values. */
  readonly environment: Readonly<Record<string, string>>;
  readonly memoryMb?: number;
}

interface CfnResource {
  readonly Type: string;
  readonly Properties?: {
    MemorySize?: number;
    FifoQueue?: boolean;
    Environment?: { Variables?: Record<string, unknown> };
  };
}

/** functions/<name>/handler.ts files on disk: only to warn about handlers the app does not deploy. */
function handlerFilesOnDisk(): string[] {
  const functionsDir = join(PROJECT_ROOT, 'functions');
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(functionsDir, d.name, 'handler.ts')))
    .map((d) => `functions/${d.name}/handler.ts`)
    .sort();
}

/**
 * The one list: every PipelineFunction in the real CDK app (cdk.json's context plus every optional
 * feature), synthesised without bundling. Each entry comes with the environment CloudFormation would give
 * the function, references to resources replaced by values of the right shape.
 */
export async function deployedEntries(): Promise<{ entries: DeployedEntry[]; warnings: string[] }> {
  const { Stack } = await import('aws-cdk-lib');
  const { NodejsFunction } = await import('aws-cdk-lib/aws-lambda-nodejs');
  const { createFlashpointApp } = await import('../infra/flashpoint-app.ts');
  const { PipelineFunction } = await import('../infra/constructs/pipeline-function.ts');
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const outdir = mkdtempSync(join(tmpdir(), 'flashpoint-bench-app-'));
  try {
    const { app } = createFlashpointApp({
      outdir,
      context: { ...cdkJson.context, ...EVERY_FEATURE_CONTEXT, 'aws:cdk:bundling-stacks': [] },
      nagChecks: false,
      builtinCloudFormationValidation: false,
    });
    const assembly = app.synth();
    const constructs = app.node.findAll();
    const pipelineFunctions = constructs.filter((c) => c instanceof PipelineFunction);
    const warnings: string[] = [];
    for (const c of constructs) {
      if (c instanceof NodejsFunction && !(c.node.scope instanceof PipelineFunction)) {
        warnings.push(
          `${c.node.path} is a NodejsFunction outside PipelineFunction: not built with PIPELINE_BUNDLING`,
        );
      }
    }
    const byEntry = new Map<string, { path: string; env: Record<string, string>; memoryMb?: number }[]>();
    for (const fn of pipelineFunctions) {
      const stack = Stack.of(fn);
      const template = assembly.getStackByName(stack.stackName).template as {
        Resources: Record<string, CfnResource>;
      };
      const cfn = fn.function.node.defaultChild as Parameters<typeof stack.getLogicalId>[0];
      const resource = template.Resources[stack.getLogicalId(cfn)];
      const variables = resource?.Properties?.Environment?.Variables ?? {};
      const env = Object.fromEntries(
        Object.entries(variables).map(([name, value]) => [name, plausibleValue(name, value, template)]),
      );
      const list = byEntry.get(fn.entry) ?? [];
      list.push({
        path: fn.node.path,
        env,
        ...(resource?.Properties?.MemorySize ? { memoryMb: resource.Properties.MemorySize } : {}),
      });
      byEntry.set(fn.entry, list);
    }
    for (const file of handlerFilesOnDisk()) {
      if (!byEntry.has(file))
        warnings.push(`${file} exists but no PipelineFunction deploys it: not measured`);
    }
    const entries = [...byEntry]
      .map(([entry, fns]): DeployedEntry => {
        const timed = [...fns].sort((a, b) => Object.keys(b.env).length - Object.keys(a.env).length)[0];
        if (!timed) throw new Error(`bench: no function for ${entry}`);
        return {
          entry,
          functions: fns.map((f) => f.path),
          timedAs: timed.path,
          environment: timed.env,
          ...(timed.memoryMb ? { memoryMb: timed.memoryMb } : {}),
        };
      })
      .sort((a, b) => a.entry.localeCompare(b.entry));
    return { entries, warnings };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';

/** A literal stays; a CloudFormation reference becomes a value shaped like what it resolves to. */
function plausibleValue(
  name: string,
  value: unknown,
  template: { Resources: Record<string, CfnResource> },
): string {
  if (typeof value === 'string') return value;
  const ref = (value as { Ref?: unknown }).Ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  const [id, attribute] =
    typeof ref === 'string'
      ? [ref, 'Ref']
      : Array.isArray(getAtt)
        ? [String(getAtt[0]), String(getAtt[1])]
        : [];
  const resource = id ? template.Resources[id] : undefined;
  const type = resource?.Type;
  const resourceName = `bench-${(id ?? name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)}`;
  if (type === 'AWS::SQS::Queue' && (attribute === 'Ref' || attribute === 'QueueUrl')) {
    const fifo = resource?.Properties?.FifoQueue ? '.fifo' : '';
    return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${resourceName}${fifo}`;
  }
  if (attribute === 'Arn' || type === 'AWS::SNS::Topic' || type === 'AWS::SecretsManager::Secret') {
    const service = type?.split('::')[1]?.toLowerCase() ?? 'sns';
    return `arn:aws:${service}:${REGION}:${ACCOUNT}:${resourceName}`;
  }
  // Cross-stack imports and joins: what the variable's name says it holds.
  if (/QUEUE_URL$/.test(name)) return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${resourceName}`;
  if (/_URL$/.test(name)) return `https://${resourceName}.example.com/`;
  if (/_ARN$/.test(name)) {
    const service = /SECRET/.test(name) ? 'secretsmanager' : /QUEUE/.test(name) ? 'sqs' : 'sns';
    return `arn:aws:${service}:${REGION}:${ACCOUNT}:${resourceName}`;
  }
  return resourceName;
}

interface CdkBundle {
  readonly entry: string;
  readonly dir: string;
}

/** A throwaway CDK app: one PipelineFunction per entry, synthesised with bundling (esbuild, no Docker). */
async function cdkBundles(entries: readonly string[], outdir: string): Promise<CdkBundle[]> {
  const { App, Stack } = await import('aws-cdk-lib');
  const { PipelineFunction } = await import('../infra/constructs/pipeline-function.ts');
  const app = new App({
    outdir,
    context: { 'aws:cdk:enable-asset-metadata': true },
    builtinCloudFormationValidation: false,
  });
  const stack = new Stack(app, 'BenchBundles');
  const ids = new Map<string, string>();
  entries.forEach((entry, i) => {
    const fn = new PipelineFunction(stack, `Fn${i}`, { entry, serviceName: `bench-${i}` });
    ids.set(stack.getLogicalId(fn.function.node.defaultChild as never), entry);
  });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, { Metadata?: Record<string, string> }>;
  };
  const out: CdkBundle[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const entry = ids.get(logicalId);
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (entry && assetPath) out.push({ entry, dir: join(outdir, assetPath) });
  }
  return out;
}

interface Built {
  readonly code: Uint8Array;
  readonly url: string;
  readonly metafile: Metafile;
}

function bundlingFor(bundling: BundlingOptions, variant: VariantName): BundlingOptions {
  if (variant === 'sdk external') {
    const external = new Set(['@aws-sdk/*', ...(bundling.externalModules ?? [])]);
    return { ...bundling, externalModules: [...external] };
  }
  if (variant === 'credential chain bundled') return { ...bundling, externalModules: [] };
  return bundling;
}

async function buildVariant(bundling: BundlingOptions, entry: string, outdir: string): Promise<Built> {
  const options = esbuildOptionsFor(bundling, {
    projectRoot: PROJECT_ROOT,
    entry,
    outdir,
    runtimeTarget: 'node22',
  });
  const result = await build({ ...options, write: false, metafile: true });
  mkdirSync(outdir, { recursive: true });
  let code: Uint8Array | undefined;
  for (const file of result.outputFiles) {
    writeFileSync(file.path, file.contents);
    if (file.path === options.outfile) code = file.contents;
  }
  if (!code) throw new Error(`bench: esbuild wrote no ${options.outfile}`);
  return { code, url: pathToFileURL(options.outfile).href, metafile: result.metafile };
}

function packageBreakdown(metafile: Metafile): { packages: PackageBytes[]; weightsBytes: number } {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  const byPackage = new Map<string, number>();
  let weightsBytes = 0;
  for (const [path, info] of Object.entries(output?.inputs ?? {})) {
    const match = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const name = match?.[1] ?? (path.startsWith('models/') ? path : 'flashpoint (functions/, infra/)');
    // The weights, in whatever file format the model ships (JSON header, generated weights module, ...).
    if (path.startsWith('models/')) weightsBytes += info.bytesInOutput;
    byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
  }
  const packages = [...byPackage]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 10);
  return { packages, weightsBytes };
}

/** External imports of the bundle other than Node's own modules, by how they are imported. */
function externalImports(metafile: Metafile): { staticExternals: string[]; lazyExternals: string[] } {
  const statics = new Set<string>();
  const lazies = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const i of input.imports) {
      if (!i.external || i.path.startsWith('node:')) continue;
      if (i.kind === 'dynamic-import') lazies.add(i.path);
      else statics.add(i.path);
    }
  }
  for (const s of statics) lazies.delete(s);
  return { staticExternals: [...statics].sort(), lazyExternals: [...lazies].sort() };
}

/** What the Lambda runtime sets besides the function's own variables (values are placeholders). */
function lambdaRuntimeEnv(memoryMb: number | undefined): Record<string, string> {
  return {
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb ?? 512),
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    // The execution role's credentials arrive in the environment: the SDK's chain stops at the first link.
    AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SESSION_TOKEN: 'bench',
    // Node 20 here warns about SDK releases after 2026; Lambda runs Node 22, which does not.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

const CHILD = `
const t0 = performance.now();
const c0 = process.cpuUsage();
const m = await import(process.env.BENCH_BUNDLE_URL);
const importMs = performance.now() - t0;
const c = process.cpuUsage(c0);
if (typeof m.handler !== 'function') throw new Error('bundle exports no handler function');
process.stdout.write(JSON.stringify({ importMs, importCpuMs: (c.user + c.system) / 1000, processMs: performance.now() }));
`;

interface ColdSample {
  importMs: number;
  importCpuMs: number;
  processMs: number;
}

function coldOnce(bundleUrl: string, env: Record<string, string>): Promise<ColdSample | { error: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...env,
        BENCH_BUNDLE_URL: bundleUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => {
      if (code !== 0) {
        const line = stderr.split('\n').find((l) => /Error/.test(l)) ?? stderr.split('\n')[0] ?? '';
        resolve({ error: line.trim().slice(0, 200) || `exit ${code}` });
        return;
      }
      resolve(JSON.parse(stdout) as ColdSample);
    });
  });
}

interface ColdJob {
  readonly key: string;
  readonly url: string;
  readonly env: Record<string, string>;
  readonly runs: number;
}

/** Runs every job its number of times, round-robin, so a noisy minute on the machine hits all alike. */
async function coldInits(jobs: readonly ColdJob[]): Promise<Map<string, ColdInit>> {
  const samples = new Map<string, ColdSample[]>(jobs.map((j) => [j.key, []]));
  const errors = new Map<string, string>();
  const rounds = Math.max(...jobs.map((j) => j.runs));
  for (let r = 0; r < rounds; r++) {
    for (const job of jobs) {
      if (errors.has(job.key) || r >= job.runs) continue;
      const s = await coldOnce(job.url, job.env);
      if ('error' in s) errors.set(job.key, s.error);
      else samples.get(job.key)?.push(s);
    }
  }
  const out = new Map<string, ColdInit>();
  for (const job of jobs) {
    const list = samples.get(job.key) ?? [];
    const error = errors.get(job.key);
    out.set(job.key, {
      runs: list.length,
      importMs: median(list.map((s) => s.importMs)),
      importCpuMs: median(list.map((s) => s.importCpuMs)),
      processMs: median(list.map((s) => s.processMs)),
      ...(error ? { error } : {}),
    });
  }
  return out;
}

const VARIANTS: readonly VariantName[] = [
  'as deployed',
  'sdk external',
  'credential chain bundled',
  'source maps on',
];

/** Handlers on the message path: their cold starts delay messages, so the what-ifs are timed for them. */
const HOT_PATH = new Set([
  'functions/intake/handler.ts',
  'functions/intake/email-handler.ts',
  'functions/triage/handler.ts',
]);

/**
 * `coldRuns` fresh processes per deployed bundle, `whatIfRuns` per what-if of the message-path handlers.
 * The what-ifs are built by the bench only: nothing deployed changes.
 */
export async function benchBundles(coldRuns: number, whatIfRuns: number): Promise<BundlesReport> {
  const { PIPELINE_BUNDLING } = await import('../infra/constructs/pipeline-function.ts');
  const warnings: string[] = [];
  let entries: DeployedEntry[];
  let entriesFrom =
    'every PipelineFunction of the CDK app (infra/flashpoint-app.ts, every optional feature on)';
  try {
    const found = await deployedEntries();
    entries = found.entries;
    warnings.push(...found.warnings);
  } catch (error) {
    // The app is edited by several people at once; a broken synth should not hide the bundle figures.
    entriesFrom = 'functions/*/handler.ts on disk, because the CDK app failed to synthesise';
    warnings.push(`CDK app: ${(error as Error).message.split('\n')[0]}`);
    entries = handlerFilesOnDisk().map((entry) => ({ entry, functions: [], timedAs: '', environment: {} }));
  }

  rmSync(OUT_DIR, { recursive: true, force: true });
  const cdkOut = mkdtempSync(join(tmpdir(), 'flashpoint-bench-cdk-'));
  let cdk: CdkBundle[] = [];
  let cdkError: string | undefined;
  try {
    cdk = await cdkBundles(
      entries.map((e) => e.entry),
      cdkOut,
    );
  } catch (error) {
    cdkError = (error as Error).message.split('\n')[0];
  }

  const builds: { entry: DeployedEntry; variant: VariantName; built: Built }[] = [];
  for (const entry of entries) {
    // One directory per entry: functions/intake/handler.ts → intake, functions/intake/email-handler.ts → intake-email-handler.
    const name = entry.entry
      .replace(/^functions\//, '')
      .replace(/(\/handler)?\.ts$/, '')
      .replace(/\W+/g, '-');
    const deployed = await buildVariant(PIPELINE_BUNDLING, entry.entry, join(OUT_DIR, name, 'as-deployed'));
    builds.push({ entry, variant: 'as deployed', built: deployed });
    if (!HOT_PATH.has(entry.entry)) continue;
    for (const variant of VARIANTS) {
      if (variant === 'as deployed') continue;
      const built =
        variant === 'source maps on'
          ? deployed
          : await buildVariant(
              bundlingFor(PIPELINE_BUNDLING, variant),
              entry.entry,
              join(OUT_DIR, name, variant.replace(/\W+/g, '-')),
            );
      builds.push({ entry, variant, built });
    }
  }

  const jobs: ColdJob[] = builds.map(({ entry, variant, built }) => {
    const env = { ...lambdaRuntimeEnv(entry.memoryMb), ...entry.environment };
    if (variant === 'source maps on') env.NODE_OPTIONS = '--enable-source-maps';
    return {
      key: `${entry.entry}|${variant}`,
      url: built.url,
      env,
      runs: variant === 'as deployed' ? coldRuns : whatIfRuns,
    };
  });
  const emptyDir = mkdtempSync(join(tmpdir(), 'flashpoint-bench-empty-'));
  writeFileSync(join(emptyDir, 'index.mjs'), 'export const handler = () => {};\n');
  jobs.push({ key: 'empty', url: pathToFileURL(join(emptyDir, 'index.mjs')).href, env: {}, runs: coldRuns });
  const cold = await coldInits(jobs);

  const bundles: BundleFigures[] = entries.map((entry) => {
    const fromCdk = cdk.find((c) => c.entry === entry.entry);
    const cdkCode = fromCdk ? readFileSync(join(fromCdk.dir, 'index.mjs')) : undefined;
    const mine = builds.filter((b) => b.entry === entry);
    const deployed = mine.find((b) => b.variant === 'as deployed');
    const variants = mine.map(({ variant, built }): VariantFigures => {
      const { packages, weightsBytes } = packageBreakdown(built.metafile);
      const coldInit = cold.get(`${entry.entry}|${variant}`);
      return {
        variant,
        bytes: built.code.byteLength,
        gzipBytes: gzipSync(built.code, { level: 9 }).byteLength,
        weightsBytes,
        bytesWithoutWeights: built.code.byteLength - weightsBytes,
        topPackages: packages,
        ...(coldInit ? { coldInit } : {}),
      };
    });
    return {
      handler: entry.entry,
      functions: entry.functions,
      ...(entry.timedAs ? { timedAs: entry.timedAs } : {}),
      ...(fromCdk && cdkCode
        ? {
            cdk: {
              bytes: cdkCode.byteLength,
              sha256: sha(cdkCode),
              mapBytes: fileSize(join(fromCdk.dir, 'index.mjs.map')),
            },
          }
        : {}),
      identicalToCdk: Boolean(cdkCode && deployed && sha(cdkCode) === sha(deployed.built.code)),
      ...(entry.memoryMb ? { memoryMb: entry.memoryMb } : {}),
      nodeOptions: entry.environment.NODE_OPTIONS ?? '',
      ...(deployed ? externalImports(deployed.built.metafile) : { staticExternals: [], lazyExternals: [] }),
      variants,
    };
  });
  for (const dir of [cdkOut, emptyDir]) rmSync(dir, { recursive: true, force: true });
  return {
    bundles,
    entriesFrom,
    warnings,
    ...(cdkError ? { cdkError } : {}),
    emptyImport: cold.get('empty') ?? emptyCold('not run'),
    coldRuns,
    whatIfRuns,
  };
}

function emptyCold(error: string): ColdInit {
  return { runs: 0, importMs: Number.NaN, importCpuMs: Number.NaN, processMs: Number.NaN, error };
}

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

function fileSize(path: string): number {
  try {
    return readFileSync(path).byteLength;
  } catch {
    return 0;
  }
}
