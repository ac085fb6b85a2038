/**
 * Every Lambda bundle (functions/<name>/handler.ts), built twice: by CDK itself (a throwaway app with one
 * PipelineFunction per handler, synthesised with bundling on: the authoritative bytes) and by esbuild's API
 * with the same options (exported from infra/constructs/pipeline-function.ts) plus a metafile, whose output
 * must match CDK's byte for byte. The metafile says which packages the bytes come from and how many of them
 * are the inlined model weights. Cold init: a fresh `node` importing the bundle, as many times as asked.
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
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type Metafile, type Plugin } from 'esbuild';
import { ENV } from '../infra/resources.ts';
import { esbuildOptionsFor } from './lib/esbuild-options.ts';
import { median } from './lib/stats.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Bundles whose imports must resolve from the project's node_modules are written inside the project. */
const IN_PROJECT_OUT = join(PROJECT_ROOT, '.local', 'bench-bundles');

/** Budget: every bundle ≤ 500 KB minified without the model weights; 1 KB = 1,000 bytes here. */
export const BUNDLE_BUDGET_BYTES = 500_000;
export const COLD_INIT_BUDGET_MS = 300;

export type VariantName =
  | 'as deployed'
  | 'sdk external'
  | 'zod namespace import'
  | 'sdk external + zod namespace';

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
  /** Bytes the inlined models/*.json contribute to the output (esbuild metafile). */
  readonly weightsBytes: number;
  readonly bytesWithoutWeights: number;
  readonly topPackages: readonly PackageBytes[];
  /** With the environment the function gets, NODE_OPTIONS (--enable-source-maps) included; absent if not timed. */
  readonly coldInit?: ColdInit;
  /** The same without NODE_OPTIONS: what the source maps cost at init (triage only). */
  readonly coldInitWithoutNodeOptions?: ColdInit;
}

export interface BundleFigures {
  readonly handler: string;
  /** CDK's own index.mjs, size and sha256 prefix; undefined when the CDK build failed. */
  readonly cdk?: { readonly bytes: number; readonly sha256: string; readonly mapBytes: number };
  /** True when esbuild's API with the exported options produced CDK's bytes exactly. */
  readonly identicalToCdk: boolean;
  readonly memoryMb?: number;
  readonly nodeOptions: string;
  readonly variants: readonly VariantFigures[];
}

export interface BundlesReport {
  readonly bundles: readonly BundleFigures[];
  readonly cdkError?: string;
  /** Fresh `node` importing an empty module: the floor every cold init number stands on. */
  readonly emptyImport: ColdInit;
  readonly coldRuns: number;
  readonly whatIfRuns: number;
}

/** functions/<name>/handler.ts for every folder that has one, when the bench runs. */
export function handlerEntries(): string[] {
  const functionsDir = join(PROJECT_ROOT, 'functions');
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(functionsDir, d.name, 'handler.ts')))
    .map((d) => `functions/${d.name}/handler.ts`)
    .sort();
}

interface CdkBundle {
  readonly entry: string;
  readonly dir: string;
  readonly memoryMb?: number;
  readonly environment: Record<string, string>;
}

/** A throwaway CDK app: one PipelineFunction per handler, synthesised with bundling (esbuild, no Docker). */
async function cdkBundles(entries: readonly string[]): Promise<CdkBundle[]> {
  const { App, Stack } = await import('aws-cdk-lib');
  const { PipelineFunction } = await import('../infra/constructs/pipeline-function.ts');
  const outdir = mkdtempSync(join(tmpdir(), 'flashpoint-bench-cdk-'));
  const app = new App({
    outdir,
    context: { 'aws:cdk:enable-asset-metadata': true },
    builtinCloudFormationValidation: false,
  } as ConstructorParameters<typeof App>[0]);
  const stack = new Stack(app, 'BenchBundles');
  const ids = new Map<string, string>();
  entries.forEach((entry, i) => {
    const fn = new PipelineFunction(stack, `Fn${i}`, { entry, serviceName: `bench-${i}` });
    ids.set(stack.getLogicalId(fn.function.node.defaultChild as never), entry);
  });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, string>; Properties?: FnProps }>;
  };
  const out: CdkBundle[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const entry = ids.get(logicalId);
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (!entry || !assetPath) continue;
    out.push({
      entry,
      dir: join(outdir, assetPath),
      ...(resource.Properties?.MemorySize ? { memoryMb: resource.Properties.MemorySize } : {}),
      environment: resource.Properties?.Environment?.Variables ?? {},
    });
  }
  return out;
}

interface FnProps {
  MemorySize?: number;
  Environment?: { Variables?: Record<string, string> };
}

/**
 * What-if: `import { z } from 'zod'` → `import * as z from 'zod'` in the project's own files. esbuild cannot
 * tree-shake zod's `z` namespace re-export, so the first form bundles all of zod 4 (every locale included);
 * the second lets it drop what is unused. Only the bench applies this; the source is unchanged.
 */
const zodNamespaceImport: Plugin = {
  name: 'zod-namespace-import',
  setup(b) {
    b.onLoad({ filter: /\/functions\/.*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      return {
        contents: source.replace(/import \{ z \} from 'zod';/g, "import * as z from 'zod';"),
        loader: 'ts',
      };
    });
  },
};

interface Built {
  readonly dir: string;
  readonly code: Uint8Array;
  readonly metafile: Metafile;
}

async function buildVariant(
  bundling: BundlingOptions,
  entry: string,
  variant: VariantName,
  outdir: string,
): Promise<Built> {
  const sdkExternal = variant === 'sdk external' || variant === 'sdk external + zod namespace';
  const zod = variant === 'zod namespace import' || variant === 'sdk external + zod namespace';
  const options = esbuildOptionsFor(
    sdkExternal ? { ...bundling, externalModules: ['@aws-sdk/*'] } : bundling,
    {
      projectRoot: PROJECT_ROOT,
      entry,
      outdir,
      runtimeTarget: 'node22',
    },
  );
  const result = await build({
    ...options,
    write: false,
    metafile: true,
    plugins: zod ? [zodNamespaceImport] : [],
  });
  mkdirSync(outdir, { recursive: true });
  let code: Uint8Array | undefined;
  for (const file of result.outputFiles) {
    writeFileSync(file.path, file.contents);
    if (file.path === options.outfile) code = file.contents;
  }
  if (!code) throw new Error(`bench: esbuild wrote no ${options.outfile}`);
  return { dir: outdir, code, metafile: result.metafile };
}

function packageBreakdown(metafile: Metafile): { packages: PackageBytes[]; weightsBytes: number } {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  const byPackage = new Map<string, number>();
  let weightsBytes = 0;
  for (const [path, info] of Object.entries(output?.inputs ?? {})) {
    const match = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const name = match?.[1] ?? (path.startsWith('models/') ? path : 'flashpoint (functions/, infra/)');
    if (path.startsWith('models/') && path.endsWith('.json')) weightsBytes += info.bytesInOutput;
    byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
  }
  const packages = [...byPackage]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 8);
  return { packages, weightsBytes };
}

/** Dummy values for every variable a handler config may require (infra/resources.ts ENV). */
function dummyConfigEnv(): Record<string, string> {
  const env: Record<string, string> = { AWS_REGION: 'us-east-1' };
  for (const name of Object.values(ENV)) {
    if (name.endsWith('_URL')) env[name] = 'https://sqs.us-east-1.amazonaws.com/000000000000/bench';
    else if (name.endsWith('_ARN')) env[name] = 'arn:aws:sns:us-east-1:000000000000:bench';
    else if (name === ENV.channel) env[name] = 'email';
    else env[name] = 'bench';
  }
  return env;
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
  'zod namespace import',
  'sdk external + zod namespace',
];

/** Handlers on the message path: their cold starts delay messages, so the what-ifs are timed for them. */
const HOT_PATH = new Set(['functions/intake/handler.ts', 'functions/triage/handler.ts']);

/**
 * `coldRuns` fresh processes per deployed bundle (with the NODE_OPTIONS the function sets, and for triage
 * also without them); `whatIfRuns` per what-if variant of the message-path handlers.
 */
export async function benchBundles(coldRuns: number, whatIfRuns: number): Promise<BundlesReport> {
  const { PIPELINE_BUNDLING } = await import('../infra/constructs/pipeline-function.ts');
  const entries = handlerEntries();
  let cdk: CdkBundle[] = [];
  let cdkError: string | undefined;
  try {
    cdk = await cdkBundles(entries);
  } catch (error) {
    cdkError = (error as Error).message.split('\n')[0];
  }

  rmSync(IN_PROJECT_OUT, { recursive: true, force: true });
  const outside = mkdtempSync(join(tmpdir(), 'flashpoint-bench-esbuild-'));
  const builds: { entry: string; variant: VariantName; built: Built }[] = [];
  for (const entry of entries) {
    const name = entry.split('/')[1] ?? entry;
    for (const variant of VARIANTS) {
      // With @aws-sdk/* external the bundle imports the SDK from node_modules, as it would from the Lambda
      // runtime's own copy: such bundles live inside the project so that those imports resolve.
      const root = variant.startsWith('sdk external') ? IN_PROJECT_OUT : outside;
      const dir = join(root, name, variant.replace(/\W+/g, '-'));
      builds.push({ entry, variant, built: await buildVariant(PIPELINE_BUNDLING, entry, variant, dir) });
    }
  }

  const jobs: ColdJob[] = [];
  const envFor = (entry: string) => {
    const fromCdk = cdk.find((c) => c.entry === entry)?.environment ?? {};
    const { NODE_OPTIONS: _lambdaOnly, ...rest } = fromCdk;
    return {
      ...dummyConfigEnv(),
      ...rest,
      AWS_LAMBDA_FUNCTION_NAME: 'bench',
      // Node 20 here warns about SDK releases after 2026; Lambda runs Node 22, which does not.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
  };
  const nodeOptionsFor = (entry: string) =>
    cdk.find((c) => c.entry === entry)?.environment.NODE_OPTIONS ?? '';
  for (const { entry, variant, built } of builds) {
    const url = pathToFileURL(join(built.dir, 'index.mjs')).href;
    const deployed = variant === 'as deployed';
    if (!deployed && !HOT_PATH.has(entry)) continue;
    const runs = deployed ? coldRuns : whatIfRuns;
    const nodeOptions = nodeOptionsFor(entry);
    jobs.push({
      key: `${entry}|${variant}|lambda`,
      url,
      env: { ...envFor(entry), ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
      runs,
    });
    // What the source maps cost at init: timed for the biggest bundle only, to keep the bench short.
    if (deployed && entry === 'functions/triage/handler.ts' && nodeOptions !== '') {
      jobs.push({ key: `${entry}|${variant}|plain`, url, env: envFor(entry), runs });
    }
  }
  const emptyDir = mkdtempSync(join(tmpdir(), 'flashpoint-bench-empty-'));
  writeFileSync(join(emptyDir, 'index.mjs'), 'export const handler = () => {};\n');
  jobs.push({ key: 'empty', url: pathToFileURL(join(emptyDir, 'index.mjs')).href, env: {}, runs: coldRuns });
  const cold = await coldInits(jobs);

  const bundles: BundleFigures[] = entries.map((entry) => {
    const fromCdk = cdk.find((c) => c.entry === entry);
    const cdkCode = fromCdk ? readFileSync(join(fromCdk.dir, 'index.mjs')) : undefined;
    const deployed = builds.find((b) => b.entry === entry && b.variant === 'as deployed');
    const variants = builds
      .filter((b) => b.entry === entry)
      .map(({ variant, built }): VariantFigures => {
        const { packages, weightsBytes } = packageBreakdown(built.metafile);
        const lambda = cold.get(`${entry}|${variant}|lambda`);
        const plain = cold.get(`${entry}|${variant}|plain`);
        return {
          variant,
          bytes: built.code.byteLength,
          gzipBytes: gzipSync(built.code, { level: 9 }).byteLength,
          weightsBytes,
          bytesWithoutWeights: built.code.byteLength - weightsBytes,
          topPackages: packages,
          ...(lambda ? { coldInit: lambda } : {}),
          ...(plain ? { coldInitWithoutNodeOptions: plain } : {}),
        };
      });
    return {
      handler: entry,
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
      ...(fromCdk?.memoryMb ? { memoryMb: fromCdk.memoryMb } : {}),
      nodeOptions: nodeOptionsFor(entry),
      variants,
    };
  });
  for (const dir of [outside, emptyDir, ...new Set(cdk.map((c) => dirname(c.dir)))]) {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    bundles,
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

/** Relative path for the report. */
export function fromRoot(path: string): string {
  return relative(PROJECT_ROOT, path) || dirname(path);
}
