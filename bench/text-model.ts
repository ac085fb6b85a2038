/**
 * Speed and size of the embedded text model: weights file size, load time (read + parse +
 * validate + decode), and microseconds per message over synthetic short (~100 characters) and
 * mail-sized (~1,000 characters) texts. Needs no data from ../shared.
 *
 *   node --import tsx bench/text-model.ts
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createEmbeddedModel, type EmbeddedTextModel } from '../functions/core/text-model/embedded-model.ts';
import { mulberry32 } from '../scripts/lib/prng.ts';

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
  weightsBytes: number;
  loadMs: number;
  /** CPU time of the same load (optional like `Percentiles.cpuMean`) */
  loadCpuMs?: number;
  usPerShort: Percentiles;
  usPerMail: Percentiles;
}

const WEIGHTS_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../models/text-model.json');

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

export async function benchTextModel(): Promise<TextModelBench> {
  const weightsBytes = statSync(WEIGHTS_PATH).size;
  // Load the way a cold Lambda does: read, parse, validate, decode. The first load is the figure.
  const cpuStarted = process.cpuUsage();
  const started = process.hrtime.bigint();
  const model = createEmbeddedModel(JSON.parse(readFileSync(WEIGHTS_PATH, 'utf8')));
  const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
  const loadCpu = process.cpuUsage(cpuStarted);
  return {
    weightsBytes,
    loadMs: round2(loadMs),
    loadCpuMs: round2((loadCpu.user + loadCpu.system) / 1000),
    usPerShort: timePerMessage(model, syntheticTexts(5000, 100, 1)),
    usPerMail: timePerMessage(model, syntheticTexts(1000, 1000, 2)),
  };
}

/** Issue #3's budgets for the embedded model. */
export const TEXT_MODEL_BUDGETS = { weightsBytes: 5 * 1024 * 1024, loadMs: 100, usPerShort: 50 } as const;

/**
 * PASS/FAIL against the budgets. Per-message time is the mean (CPU time where measured, as wall
 * time on a shared machine counts the neighbours' work); load is wall time, CPU time beside it.
 */
export function textModelBudgetLines(r: TextModelBench): string[] {
  const b = TEXT_MODEL_BUDGETS;
  const perMessage = r.usPerShort.cpuMean ?? r.usPerShort.mean;
  const cpu = r.loadCpuMs === undefined ? '' : `, CPU ${r.loadCpuMs} ms`;
  const lines: [boolean, string][] = [
    [
      r.weightsBytes <= b.weightsBytes,
      `text model weights: ${r.weightsBytes} bytes (budget ≤ ${b.weightsBytes})`,
    ],
    [r.loadMs <= b.loadMs, `text model load: ${r.loadMs} ms wall${cpu} (budget ≤ ${b.loadMs} ms)`],
    [
      perMessage <= b.usPerShort,
      `text model: ${perMessage} µs per short message, mean${r.usPerShort.cpuMean === undefined ? '' : ' CPU'} ` +
        `(p50 ${r.usPerShort.p50} µs wall; budget ≤ ${b.usPerShort} µs)`,
    ],
  ];
  return lines.map(([pass, line]) => `${pass ? 'PASS' : 'FAIL'}  ${line}`);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchTextModel().then((result) => {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n${textModelBudgetLines(result).join('\n')}\n`);
  });
}
