import modelHeader from '../../../models/text-model.json' with { type: 'json' };
import { TEXT_MODEL_PAYLOAD } from '../../../models/text-model-weights.ts';
import type { TextModel, TextScore } from '../scoring/text-model.ts';
import {
  DENSE_COUNT,
  FAMILY_COUNT,
  FeatureBuffer,
  type FeatureConfig,
  featurise,
  Lexicon,
} from './features.ts';
import { type DecodedModel, decodeModel, weightsFileSchema, wordHashesOf } from './weights.ts';

/**
 * The embedded text model: logistic regression over hashed word and character n-grams plus a few
 * dense lexicon features (VADER valences, cue words), trained by `npm run train` (see
 * docs/text-model.md). Runs in-process with no network; synchronous and deterministic. It reads no
 * environment and logs nothing.
 */
export class EmbeddedTextModel implements TextModel {
  readonly name = 'embedded';
  /** probability at or above which a text counts as negative / a complaint */
  readonly threshold: number;
  /** stored integers of the weight table; weight = integer × scale */
  private readonly table: Int8Array | Int16Array;
  private readonly scale: number;
  private readonly bias: number;
  private readonly config: FeatureConfig;
  private readonly lexicon: Lexicon | undefined = undefined;
  private readonly denseWeights: Float64Array;
  private readonly buffer = new FeatureBuffer();
  private readonly sums = new Float64Array(FAMILY_COUNT);

  constructor(model: DecodedModel) {
    this.table = model.table;
    this.scale = model.scale;
    this.bias = model.bias;
    this.threshold = model.threshold;
    this.config = model.features;
    const dense = model.dense;
    if (dense) {
      this.lexicon = new Lexicon(
        dense.hashes,
        dense.valences,
        wordHashesOf(dense.cues),
        dense.negationScalar,
      );
    }
    this.denseWeights = Float64Array.from(dense?.weights ?? new Array<number>(DENSE_COUNT).fill(0));
  }

  /** Probability (0–1) that the text is negative, a complaint or frustrated. */
  probability(text: string): number {
    const buffer = this.buffer;
    featurise(text, this.config, buffer, this.lexicon);
    const sums = this.sums;
    sums.fill(0);
    const { indices, families, length } = buffer;
    const table = this.table;
    for (let i = 0; i < length; i++) {
      const f = families[i] ?? 0;
      sums[f] = (sums[f] ?? 0) + (table[indices[i] ?? 0] ?? 0);
    }
    let sparse = 0;
    for (let f = 0; f < FAMILY_COUNT; f++) sparse += (sums[f] ?? 0) * buffer.familyScale(f);
    let z = this.bias + sparse * this.scale;
    if (this.lexicon) {
      const dense = buffer.dense;
      for (let d = 0; d < DENSE_COUNT; d++) z += (dense[d] ?? 0) * (this.denseWeights[d] ?? 0);
    }
    return 1 / (1 + Math.exp(-z));
  }

  async scoreBatch(texts: readonly string[], _language: string): Promise<TextScore[]> {
    return texts.map((text) => ({ negative: this.probability(text), model: this.name }));
  }
}

/**
 * Builds a model from a parsed weights file (either version, see weights.ts) and, for a version 2
 * header whose payload lives apart, that payload; throws when the file is not a valid weights file
 * or the payload does not match it.
 */
export function createEmbeddedModel(weights: unknown, payload?: string): EmbeddedTextModel {
  const parsed = weightsFileSchema.safeParse(weights);
  if (!parsed.success) {
    throw new Error(`invalid text model weights: ${parsed.error.message}`);
  }
  return new EmbeddedTextModel(decodeModel(parsed.data, payload));
}

let cached: EmbeddedTextModel | undefined;

/**
 * The committed model, loaded once per process: its header (`models/text-model.json`) and binary
 * payload (`models/text-model-weights.ts`, a base64 string) are both plain imports, so esbuild
 * inlines them into the single-file Lambda bundle and tsx and vitest read them with no loader.
 */
export function loadEmbeddedModel(): EmbeddedTextModel {
  cached ??= createEmbeddedModel(modelHeader, TEXT_MODEL_PAYLOAD);
  return cached;
}
