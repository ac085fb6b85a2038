import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createEmbeddedModel,
  EmbeddedTextModel,
  loadEmbeddedModel,
} from '../../functions/core/text-model/embedded-model.ts';
import { DEFAULT_FEATURE_CONFIG, DENSE_NAMES } from '../../functions/core/text-model/features.ts';
import {
  decodeLexicon,
  decodeModel,
  decodeWeights,
  encodeLexicon,
  encodeWeights,
  modelHeaderSchema,
  pairLexicon,
  type WeightsFileV1,
} from '../../functions/core/text-model/weights.ts';
import { TEXT_MODEL_PAYLOAD } from '../../models/text-model-weights.ts';

const COMPLAINTS = [
  "This is the third time I'm writing, nobody called me back, I'm cancelling",
  'the app keeps crashing',
];
const PRAISE = ['Thanks, all sorted now!', 'love the new update, great job'];

function tinyWeights(bias: number, bits = 10): WeightsFileV1 {
  const { scale, weights } = encodeWeights(new Float32Array(1 << bits), 'int8');
  return {
    format: 'flashpoint-text-model',
    version: 1,
    features: { ...DEFAULT_FEATURE_CONFIG, bits },
    bias,
    threshold: 0.5,
    quantisation: { type: 'int8', scale },
    weights,
  };
}

/** Zero table and bias; dense weight 1 on `negativeValence` only, over a two-word lexicon. */
function tinyDenseWeights(): WeightsFileV1 {
  return {
    ...tinyWeights(0),
    dense: {
      names: [...DENSE_NAMES],
      weights: DENSE_NAMES.map((name) => (name === 'negativeValence' ? 1 : 0)),
      lexicon: encodeLexicon({ awful: -2.5, great: 3.1 }),
      cues: ['still'],
      negationScalar: -0.74,
    },
  };
}

describe('embedded text model (committed weights)', () => {
  const model = loadEmbeddedModel();

  it('is named "embedded" and cached per process', () => {
    expect(model).toBeInstanceOf(EmbeddedTextModel);
    expect(model.name).toBe('embedded');
    expect(loadEmbeddedModel()).toBe(model);
  });

  it('gives the same probability for the same text, every time and from a fresh instance', async () => {
    const { default: header } = await import('../../models/text-model.json', { with: { type: 'json' } });
    const fresh = createEmbeddedModel(header, TEXT_MODEL_PAYLOAD);
    for (const text of [...COMPLAINTS, ...PRAISE, '', 'ok']) {
      const first = model.probability(text);
      expect(model.probability(text)).toBe(first);
      expect(fresh.probability(text)).toBe(first);
    }
  });

  it('returns probabilities between 0 and 1, also for odd input', () => {
    const odd = [
      '',
      ' ',
      '!!!!!!',
      '😡😡😡',
      'A'.repeat(10_000),
      'ñandú ça va? 日本語',
      '\u0000\uffff',
      'http://x.y @z',
    ];
    for (const text of [...COMPLAINTS, ...PRAISE, ...odd]) {
      const p = model.probability(text);
      expect(Number.isFinite(p)).toBe(true);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
  });

  it('scores clear complaints clearly above clear praise', () => {
    const complaintScores = COMPLAINTS.map((t) => model.probability(t));
    const praiseScores = PRAISE.map((t) => model.probability(t));
    expect(Math.min(...complaintScores)).toBeGreaterThan(Math.max(...praiseScores));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(complaintScores) - mean(praiseScores)).toBeGreaterThan(0.25);
  });

  it('has an operating threshold strictly between 0 and 1', () => {
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.threshold).toBeLessThan(1);
  });

  it('scores a batch by mapping over probability, keeping order', async () => {
    const texts = [...COMPLAINTS, ...PRAISE];
    const scores = await model.scoreBatch(texts, 'en');
    expect(scores).toEqual(texts.map((t) => ({ negative: model.probability(t), model: 'embedded' })));
    await expect(model.scoreBatch([], 'en')).resolves.toEqual([]);
  });

  it('carries the VADER lexicon behind its dense features, with its licence notice', async () => {
    const { default: json } = await import('../../models/text-model.json', { with: { type: 'json' } });
    const header = modelHeaderSchema.parse(json);
    expect(header.dense?.names).toEqual([...DENSE_NAMES]);
    expect(header.dense?.source).toMatch(/Hutto.*MIT License/);
    const numbers = decodeModel(header, TEXT_MODEL_PAYLOAD).dense ?? expect.unreachable();
    // pairLexicon also checks that every stored hash is its word's
    const lexicon = new Map(pairLexicon(header.dense?.lexicon.words ?? '', numbers));
    expect(lexicon.size).toBeGreaterThan(7000);
    expect(lexicon.get('worst')).toBeLessThan(-2);
    expect(lexicon.get('great')).toBeGreaterThan(2);
  });

  it('keeps the committed weights files (header and payload) under 5 MB', () => {
    const bytes = ['text-model.json', 'text-model-weights.ts']
      .map((name) => statSync(new URL(`../../models/${name}`, import.meta.url)).size)
      .reduce((a, b) => a + b, 0);
    expect(bytes).toBeGreaterThan(1000);
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
  });
});

describe('createEmbeddedModel', () => {
  it('uses the intercept alone when every weight is zero', () => {
    expect(createEmbeddedModel(tinyWeights(0)).probability('anything at all')).toBeCloseTo(0.5, 12);
    expect(createEmbeddedModel(tinyWeights(Math.log(3))).probability('anything')).toBeCloseTo(0.75, 12);
  });

  it('rejects objects that are not a weights file', () => {
    expect(() => createEmbeddedModel({})).toThrow(/invalid text model weights/);
    expect(() => createEmbeddedModel(null)).toThrow(/invalid text model weights/);
    expect(() => createEmbeddedModel({ ...tinyWeights(0), format: 'other' })).toThrow(
      /invalid text model weights/,
    );
    expect(() => createEmbeddedModel({ ...tinyWeights(0), threshold: 2 })).toThrow(
      /invalid text model weights/,
    );
    expect(() =>
      createEmbeddedModel({
        ...tinyWeights(0),
        features: { ...DEFAULT_FEATURE_CONFIG, charMin: 5, charMax: 3 },
      }),
    ).toThrow(/charMin/);
  });

  it('adds the dense lexicon features with their weights', () => {
    const model = createEmbeddedModel(tinyDenseWeights());
    expect(model.probability('no lexicon word here')).toBeCloseTo(0.5, 12);
    // "awful" alone: negativeValence = 2.5 / sqrt(1) / 2
    expect(model.probability('awful')).toBeCloseTo(1 / (1 + Math.exp(-1.25)), 6);
    // negated praise counts as negative: 3.1 × 0.74 / sqrt(2) / 2
    expect(model.probability('not great')).toBeCloseTo(1 / (1 + Math.exp(-(3.1 * 0.74) / Math.SQRT2 / 2)), 6);
    expect(model.probability('not awful')).toBeCloseTo(0.5, 12);
    expect(model.probability('great')).toBeCloseTo(0.5, 12);
  });

  it('rejects a dense block made for other features or with a broken lexicon', () => {
    const good = tinyDenseWeights();
    const dense = good.dense ?? expect.unreachable();
    expect(() => createEmbeddedModel({ ...good, dense: { ...dense, names: ['x'] } })).toThrow(/dense.names/);
    expect(() => createEmbeddedModel({ ...good, dense: { ...dense, weights: [1] } })).toThrow(
      /invalid text model weights/,
    );
    const oneValenceShort = { ...dense.lexicon, tenths: encodeLexicon({ awful: -2.5 }).tenths };
    expect(() => createEmbeddedModel({ ...good, dense: { ...dense, lexicon: oneValenceShort } })).toThrow(
      /2 hashes but 1 valences/,
    );
  });

  it('rejects a weight table whose length does not match 2^bits', () => {
    const wrong = { ...tinyWeights(0, 10), features: { ...DEFAULT_FEATURE_CONFIG, bits: 11 } };
    expect(() => createEmbeddedModel(wrong)).toThrow(/expected 2048 bytes/);
  });
});

describe('lexicon encoding', () => {
  it('round-trips valences to tenths and rejects words with spaces', () => {
    const valences = { bad: -2.5, "can't": -1.04, good: 1.9, worst: -3.1 };
    const decoded = decodeLexicon(encodeLexicon(valences));
    expect(Object.fromEntries(decoded)).toEqual({ bad: -2.5, "can't": -1, good: 1.9, worst: -3.1 });
    expect(decodeLexicon(encodeLexicon({}))).toEqual([]);
    const swapped = { ...encodeLexicon({ bad: -2.5, good: 1.9 }), words: 'good bad' };
    expect(() => decodeLexicon(swapped)).toThrow(/wrong hash for "good"/);
    expect(() => encodeLexicon({ 'two words': 1 })).toThrow(/space/);
  });
});

describe('weight quantisation', () => {
  const table = Float32Array.from({ length: 1024 }, (_, i) => Math.sin(i) * (i % 7));

  for (const type of ['int8', 'int16'] as const) {
    it(`round-trips ${type} within half a quantisation step`, () => {
      const { scale, weights } = encodeWeights(table, type);
      const decoded = decodeWeights({ ...tinyWeights(0), quantisation: { type, scale }, weights });
      expect(decoded).toHaveLength(1024);
      table.forEach((w, i) => {
        expect(Math.abs((decoded[i] ?? Number.NaN) - w)).toBeLessThanOrEqual(scale / 2 + 1e-6);
      });
      const max = Math.max(...table.map(Math.abs));
      expect(scale).toBeCloseTo(max / (type === 'int8' ? 127 : 32767), 9);
    });
  }
});
