import {
  DENSE_COUNT,
  FAMILY_COUNT,
  FeatureBuffer,
  type FeatureConfig,
  featurise,
  type Lexicon,
} from '../../functions/core/text-model/features.ts';
import { mulberry32, shuffleInPlace } from './prng.ts';

/**
 * Logistic regression over the hashed features, trained with per-weight AdaGrad steps and L2
 * decay on the weights an example touches. Deterministic for a given seed.
 */

/**
 * Every example's features, featurised once: indices with the value each carries. With a lexicon,
 * dense feature d is column 2^bits + d (non-zero values only).
 */
export interface FeatureMatrix {
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
  readonly rows: number;
}

export function featuriseAll(
  texts: readonly string[],
  config: FeatureConfig,
  lexicon?: Lexicon,
): FeatureMatrix {
  const denseBase = 1 << config.bits;
  const buffer = new FeatureBuffer();
  const offsets = new Int32Array(texts.length + 1);
  let indices = new Int32Array(1 << 20);
  let values = new Float32Array(1 << 20);
  let used = 0;
  texts.forEach((text, row) => {
    featurise(text, config, buffer, lexicon);
    const needed = used + buffer.length + (lexicon ? DENSE_COUNT : 0);
    if (needed > indices.length) {
      const capacity = Math.max(indices.length * 2, needed);
      const grownIndices = new Int32Array(capacity);
      grownIndices.set(indices);
      const grownValues = new Float32Array(capacity);
      grownValues.set(values);
      indices = grownIndices;
      values = grownValues;
    }
    const scales = new Float32Array(FAMILY_COUNT);
    for (let f = 0; f < FAMILY_COUNT; f++) scales[f] = buffer.familyScale(f);
    for (let k = 0; k < buffer.length; k++) {
      indices[used] = buffer.indices[k] ?? 0;
      values[used] = scales[buffer.families[k] ?? 0] ?? 0;
      used++;
    }
    if (lexicon) {
      for (let d = 0; d < DENSE_COUNT; d++) {
        const value = buffer.dense[d] ?? 0;
        if (value === 0) continue;
        indices[used] = denseBase + d;
        values[used] = value;
        used++;
      }
    }
    offsets[row + 1] = used;
  });
  return { offsets, indices: indices.slice(0, used), values: values.slice(0, used), rows: texts.length };
}

export interface TrainParams {
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly seed: number;
}

export interface LinearModel {
  readonly table: Float64Array;
  bias: number;
}

export function logit(model: LinearModel, m: FeatureMatrix, row: number): number {
  let z = model.bias;
  const end = m.offsets[row + 1] ?? 0;
  for (let k = m.offsets[row] ?? 0; k < end; k++)
    z += (model.table[m.indices[k] ?? 0] ?? 0) * (m.values[k] ?? 0);
  return z;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * Trains on the rows of `m` listed in `rows`, each with its label and sample weight. `onEpoch` is
 * called after each epoch (e.g. to watch validation AUC).
 */
export function trainLogistic(
  m: FeatureMatrix,
  labels: ArrayLike<number>,
  sampleWeights: ArrayLike<number>,
  rows: readonly number[],
  size: number,
  params: TrainParams,
  onEpoch?: (epoch: number, model: LinearModel) => void,
): LinearModel {
  const model: LinearModel = { table: new Float64Array(size), bias: 0 };
  const squares = new Float64Array(size);
  let biasSquares = 0;
  const random = mulberry32(params.seed);
  const order = [...rows];
  const { learningRate: lr, l2 } = params;
  for (let epoch = 1; epoch <= params.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const row of order) {
      const p = sigmoid(logit(model, m, row));
      const g = (p - (labels[row] ?? 0)) * (sampleWeights[row] ?? 1);
      const end = m.offsets[row + 1] ?? 0;
      for (let k = m.offsets[row] ?? 0; k < end; k++) {
        const idx = m.indices[k] ?? 0;
        const w = model.table[idx] ?? 0;
        const grad = g * (m.values[k] ?? 0) + l2 * w;
        const s = (squares[idx] ?? 0) + grad * grad;
        squares[idx] = s;
        model.table[idx] = w - (lr * grad) / Math.sqrt(s + 1e-8);
      }
      biasSquares += g * g;
      model.bias -= (lr * g) / Math.sqrt(biasSquares + 1e-8);
    }
    onEpoch?.(epoch, model);
  }
  return model;
}

/**
 * Platt scaling: the a, b minimising log loss of sigmoid(a·z + b) against the labels (Newton's
 * method on two parameters). Used to turn summed logits into calibrated probabilities.
 */
export function fitPlatt(logits: readonly number[], labels: readonly number[]): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    logits.forEach((z, i) => {
      const p = sigmoid(a * z + b);
      const d = p - (labels[i] ?? 0);
      const w = p * (1 - p);
      ga += d * z;
      gb += d;
      haa += w * z * z;
      hab += w * z;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}
