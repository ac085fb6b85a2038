/**
 * Speed and size of the embedded text model: size of the weights files, load time, and microseconds
 * per message over synthetic short (~100 characters) and mail-sized (~1,000 characters) texts. Needs
 * no data from ../shared.
 *
 * Load is measured two ways. The budgeted figure (issue #3, ≤ 100 ms) is a cold start's: a fresh `node`
 * imports the model bundled as the Lambda bundles it and builds it, timed inside the child from just
 * before the import to the built model, the way bench/bundles.ts times cold init: node's own boot is not
 * counted and nothing is subtracted (zod's evaluation is inside; a first import of an empty module is
 * reported beside it). The second is in process: validating and decoding the already imported header
 * and payload, the first time in the process.
 *
 *   node --import tsx bench/text-model.ts               everything
 *   node --import tsx bench/text-model.ts --load-only 15   the cold load alone, 15 fresh processes
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import {
  createEmbeddedModel,
  type EmbeddedTextModel,
  loadEmbeddedModel,
} from '../functions/core/text-model/embedded-model.ts';
import modelHeader from '../models/text-model.json' with { type: 'json' };
import { TEXT_MODEL_PAYLOAD } from '../models/text-model-weights.ts';
import { MODEL_HEADER_PATH, MODEL_PAYLOAD_PATH } from '../scripts/lib/model-file.ts';
import { mulberry32 } from '../scripts/lib/prng.ts';
import { median } from './lib/stats.ts';

export interface Percentiles {
  p50: number;
  p99: number;
  mean: number;
  /**
   * CPU time (user + system) per message over one pass of all texts: steadier than wall time on
   * a busy machine. Optional so summaries that leave it out (bench/run.ts's median) still fit.
   */
  cpuMean?: number;
}

export interface TextModelBench {
  /** header (models/text-model.json) + payload module (models/text-model-weights.ts) */
  weightsBytes: number;
  /** cold load, median over fresh processes: import of the bundled model + building it (wall; see ModelLoad) */
  loadMs: number;
  /** CPU time of the same load (optional like `Percentiles.cpuMean`) */
  loadCpuMs?: number;
  /** the cold load in detail (optional: bench/run.ts's median keeps only loadMs) */
  load?: ModelLoad;
  /** in process, the first build: validate the imported header, decode the payload, build the tables (wall) */
  decodeMs?: number;
  decodeCpuMs?: number;
  usPerShort: Percentiles;
  usPerMail: Percentiles;
}

/**
 * A cold load: a fresh `node` imports the model bundled as the Lambda bundles it (zod inlined and
 * tree-shaken, the weights inlined) and builds it. Timed inside the child from just before the import to
 * the built model, as bench/bundles.ts times a bundle's cold init: node's own boot is not counted and
 * nothing is subtracted (zod's evaluation is inside, though a handler pays it once for all its schemas);
 * what a first import costs in any case is measured the same way and reported beside it. Medians over
 * `runs` processes of each kind.
 */
export interface ModelLoad {
  runs: number;
  /** importing the bundled module: evaluating zod, the inlined header and payload, building the schemas */
  importMs: number;
  /** `loadEmbeddedModel()`: validating the header, base64 + inflating the payload, building the tables */
  buildMs: number;
  /** importMs + buildMs (the budgeted figure) */
  loadMs: number;
  /** CPU time of the same span */
  loadCpuMs: number;
  /** a fresh `node` importing an empty module the same way: inside loadMs, not subtracted */
  emptyImportMs: number;
  emptyImportCpuMs: number;
  /** node's start up to the child's first line: not counted */
  bootMs: number;
}

const EMBEDDED_MODEL = fileURLToPath(
  new URL('../functions/core/text-model/embedded-model.ts', import.meta.url),
);
/** inside the project, like bench/bundles.ts's builds (.local/ is not committed) */
const LOCAL_DIR = fileURLToPath(new URL('../.local', import.meta.url));
/** fresh processes timed for the load figure (bench/bundles.ts times cold init over 15 as well) */
const LOAD_RUNS = 15;

const WORDS = (
  'the a my your order refund account still again never nobody called back waiting days weeks third time ' +
  'thanks great love sorted quick help app crashing broken charged twice cancel manager support agent ' +
  'delivery parcel lost late engineer promised today tomorrow please can you why is not working happy ' +
  'service phone internet down email reply ticket number since Monday really very so disappointed ' +
  'fantastic awful terrible ok fine update password login bill payment contract'
).split(' ');
const ENDINGS = ['.', '!', '?', '!!', '...', ','];

/** Deterministic pseudo-sentences of about `chars` characters. */
export function syntheticTexts(count: number, chars: number, seed: number): string[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    while (text.length < chars) {
      let word = pick(WORDS);
      if (random() < 0.05) word = word.toUpperCase();
      text += text === '' ? word : ` ${word}`;
      if (random() < 0.12) text += pick(ENDINGS);
    }
    texts.push(text.slice(0, chars));
  }
  return texts;
}

function timePerMessage(model: EmbeddedTextModel, texts: readonly string[]): Percentiles {
  for (const t of texts.slice(0, 500)) model.probability(t); // warm-up
  const samples = new Float64Array(texts.length);
  let sink = 0;
  texts.forEach((t, i) => {
    const started = process.hrtime.bigint();
    sink += model.probability(t);
    samples[i] = Number(process.hrtime.bigint() - started) / 1000;
  });
  if (!Number.isFinite(sink)) throw new Error('non-finite probability');
  samples.sort();
  const cpuStarted = process.cpuUsage();
  for (const t of texts) sink += model.probability(t);
  const cpu = process.cpuUsage(cpuStarted);
  if (!Number.isFinite(sink)) throw new Error('non-finite probability');
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    p50: round2(at(0.5)),
    p99: round2(at(0.99)),
    mean: round2(mean),
    cpuMean: round2((cpu.user + cpu.system) / texts.length),
  };
}

/**
 * What a child process prints, in ms: its boot (not counted), then the import of the module at
 * BENCH_MODULE_URL and the build of the model it exports (`loadEmbeddedModel`, when it has one), wall and
 * CPU. Run as bench/bundles.ts runs its cold-init child (`node --input-type=module -e`), so that the two
 * count the same work; the same script times the model and an empty module.
 */
const LOAD_CHILD = `const bootMs = performance.now();
const cpu = process.cpuUsage();
const started = performance.now();
const m = await import(process.env.BENCH_MODULE_URL);
const imported = performance.now();
const model = m.loadEmbeddedModel?.();
const built = performance.now();
const used = process.cpuUsage(cpu);
if (model && !(model.probability('still waiting') > 0)) throw new Error('model does not score');
process.stdout.write(JSON.stringify({
  bootMs,
  importMs: imported - started,
  buildMs: built - imported,
  cpuMs: (used.user + used.system) / 1000,
}));
`;

interface LoadSample {
  bootMs: number;
  importMs: number;
  buildMs: number;
  cpuMs: number;
}

function runChild(dir: string, module: string): LoadSample {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', LOAD_CHILD], {
    encoding: 'utf8',
    // nothing of this process's environment (NODE_OPTIONS, say) but what node needs, as bench/bundles.ts
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      BENCH_MODULE_URL: pathToFileURL(join(dir, module)).href,
    },
  });
  if (child.status !== 0) throw new Error(`model load child (${module}) failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as LoadSample;
}

/** ESM, minified, node22, everything inlined: the settings of the Lambda bundles that matter here. */
async function bundleAlone(entry: string, outfile: string): Promise<void> {
  const { metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    outfile,
    metafile: true,
    logLevel: 'warning',
  });
  const externals = Object.values(metafile.inputs).flatMap((input) =>
    input.imports.filter((i) => i.external && !i.path.startsWith('node:')).map((i) => i.path),
  );
  if (externals.length > 0) throw new Error(`bench: ${entry} bundled with external ${externals.join(', ')}`);
}

/**
 * The cold load (see `ModelLoad`): the model module bundled alone, then `runs` fresh processes for it
 * and as many for an empty module, alternately, so that a busy moment on the machine hits both alike.
 */
export async function benchModelLoad(
  runs = LOAD_RUNS,
  /** a module exporting `loadEmbeddedModel` (another version of embedded-model.ts, to compare) */
  entry = EMBEDDED_MODEL,
): Promise<ModelLoad> {
  mkdirSync(LOCAL_DIR, { recursive: true });
  const dir = mkdtempSync(join(LOCAL_DIR, 'model-load-'));
  try {
    await bundleAlone(entry, join(dir, 'model.mjs'));
    writeFileSync(join(dir, 'empty.mjs'), '');
    const model: LoadSample[] = [];
    const empty: LoadSample[] = [];
    for (let i = 0; i < runs; i++) {
      model.push(runChild(dir, 'model.mjs'));
      empty.push(runChild(dir, 'empty.mjs'));
    }
    const mid = (samples: readonly LoadSample[], f: (s: LoadSample) => number) =>
      round2(median(samples.map(f)));
    const total = (s: LoadSample) => s.importMs + s.buildMs;
    return {
      runs,
      importMs: mid(model, (s) => s.importMs),
      buildMs: mid(model, (s) => s.buildMs),
      loadMs: mid(model, total),
      loadCpuMs: mid(model, (s) => s.cpuMs),
      emptyImportMs: mid(empty, total),
      emptyImportCpuMs: mid(empty, (s) => s.cpuMs),
      bootMs: mid(model, (s) => s.bootMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The in-process figure: the first `createEmbeddedModel` of this process over the imported header and
 * payload (validate, inflate, build the tables; no import, no JIT warm-up).
 */
function benchDecode(): { decodeMs: number; decodeCpuMs: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  createEmbeddedModel(modelHeader, TEXT_MODEL_PAYLOAD);
  const decodeMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { decodeMs: round2(decodeMs), decodeCpuMs: round2((used.user + used.system) / 1000) };
}

export async function benchTextModel(): Promise<TextModelBench> {
  const weightsBytes = statSync(MODEL_HEADER_PATH).size + statSync(MODEL_PAYLOAD_PATH).size;
  const decode = benchDecode();
  const load = await benchModelLoad();
  const model = loadEmbeddedModel();
  return {
    weightsBytes,
    loadMs: load.loadMs,
    loadCpuMs: load.loadCpuMs,
    load,
    ...decode,
    usPerShort: timePerMessage(model, syntheticTexts(5000, 100, 1)),
    usPerMail: timePerMessage(model, syntheticTexts(1000, 1000, 2)),
  };
}

/** Issue #3's budgets for the embedded model. */
export const TEXT_MODEL_BUDGETS = { weightsBytes: 5 * 1024 * 1024, loadMs: 100, usPerShort: 50 } as const;

/**
 * Each budget and whether it passes. Per-message time is the mean (CPU time where measured, as wall
 * time on a shared machine counts the neighbours' work); load is the cold load's wall time (node's
 * boot not counted, see `ModelLoad`), CPU time beside it.
 */
export function textModelBudgets(r: TextModelBench): { pass: boolean; line: string }[] {
  const b = TEXT_MODEL_BUDGETS;
  const perMessage = r.usPerShort.cpuMean ?? r.usPerShort.mean;
  const cpu = r.loadCpuMs === undefined ? '' : `, CPU ${r.loadCpuMs} ms`;
  const how = r.load
    ? `; a fresh node importing the bundled model and building it, median of ${r.load.runs}, node's boot ` +
      `not counted, zod's evaluation counted; a first import of an empty module takes ${r.load.emptyImportMs} ms`
    : '';
  return [
    {
      pass: r.weightsBytes <= b.weightsBytes,
      line: `text model weights: ${r.weightsBytes} bytes (budget ≤ ${b.weightsBytes})`,
    },
    {
      pass: r.loadMs <= b.loadMs,
      line: `text model load: ${r.loadMs} ms wall${cpu} (budget ≤ ${b.loadMs} ms${how})`,
    },
    {
      pass: perMessage <= b.usPerShort,
      line:
        `text model: ${perMessage} µs per short message, mean${r.usPerShort.cpuMean === undefined ? '' : ' CPU'} ` +
        `(p50 ${r.usPerShort.p50} µs wall; budget ≤ ${b.usPerShort} µs)`,
    },
  ];
}

/** `textModelBudgets` as PASS/FAIL lines, then the in-process decode figure (no budget of its own). */
export function textModelBudgetLines(r: TextModelBench): string[] {
  const lines = textModelBudgets(r).map((b) => `${b.pass ? 'PASS' : 'FAIL'}  ${b.line}`);
  if (r.decodeMs !== undefined) {
    lines.push(
      `      text model build in process (validate + inflate + tables, no import): ${r.decodeMs} ms wall, ` +
        `CPU ${r.decodeCpuMs} ms`,
    );
  }
  return lines;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--load-only')) {
    benchModelLoad(Number(process.argv[process.argv.indexOf('--load-only') + 1]) || 15).then((load) => {
      process.stdout.write(`${JSON.stringify(load, null, 2)}\n`);
    });
  } else {
    benchTextModel().then((result) => {
      process.stdout.write(
        `${JSON.stringify(result, null, 2)}\n${textModelBudgetLines(result).join('\n')}\n`,
      );
    });
  }
}
