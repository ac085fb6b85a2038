import { describe, expect, it } from 'vitest';
import { createEmbeddedModel } from '../../functions/core/text-model/embedded-model.ts';
import { DEFAULT_FEATURE_CONFIG, DENSE_NAMES } from '../../functions/core/text-model/features.ts';
import { encodeLexicon, encodeWeights, weightsFileSchema } from '../../functions/core/text-model/weights.ts';

/**
 * The weights schemas are built with zod/mini (functions/core/zod.ts), which has no messages of its own:
 * these pin the English messages and the checks the classic API gave (finite numbers included).
 */
function validFile() {
  const { scale, weights } = encodeWeights(new Float32Array(1 << 10), 'int8');
  return {
    format: 'flashpoint-text-model',
    version: 1,
    features: { ...DEFAULT_FEATURE_CONFIG, bits: 10 },
    bias: 0,
    threshold: 0.5,
    quantisation: { type: 'int8', scale },
    weights,
    dense: {
      names: [...DENSE_NAMES],
      weights: DENSE_NAMES.map(() => 0),
      lexicon: encodeLexicon({ awful: -2.5 }),
      cues: ['still'],
      negationScalar: -0.74,
    },
  };
}

function issuesOf(input: unknown) {
  const parsed = weightsFileSchema.safeParse(input);
  if (parsed.success) throw new Error('expected the weights file to be refused');
  return parsed.error.issues.map(({ code, path, message }) => ({ code, path, message }));
}

describe('text model weights schema', () => {
  it('accepts a valid file', () => {
    expect(weightsFileSchema.safeParse(validFile()).success).toBe(true);
  });

  it('says in English what is wrong, and where', () => {
    const file = validFile();
    expect(issuesOf({ ...file, threshold: 2 })).toEqual([
      { code: 'too_big', path: ['threshold'], message: 'Too big: expected number to be <=1' },
    ]);
    expect(issuesOf({ ...file, features: { ...file.features, bits: 9.5 } })).toEqual([
      {
        code: 'invalid_type',
        path: ['features', 'bits'],
        message: 'Invalid input: expected int, received number',
      },
    ]);
    expect(issuesOf({ ...file, dense: { ...file.dense, weights: [1] } })).toEqual([
      {
        code: 'too_small',
        path: ['dense', 'weights'],
        message: `Too small: expected array to have exactly ${DENSE_NAMES.length} items`,
      },
    ]);
    expect(issuesOf({ ...file, version: 3 })).toEqual([
      {
        code: 'invalid_union',
        path: ['version'],
        message: "Invalid discriminator value. Expected '1' | '2'",
      },
    ]);
  });

  it('refuses numbers that are not finite, as the classic .finite() did', () => {
    const file = validFile();
    expect(issuesOf({ ...file, bias: Number.POSITIVE_INFINITY })).toEqual([
      { code: 'invalid_type', path: ['bias'], message: 'Invalid input: expected number, received Infinity' },
    ]);
    expect(issuesOf({ ...file, quantisation: { type: 'int8', scale: Number.NaN } })).toMatchObject([
      { path: ['quantisation', 'scale'] },
    ]);
  });

  it('keeps its own messages for the checks across fields', () => {
    const file = validFile();
    expect(() =>
      createEmbeddedModel({ ...file, features: { ...file.features, charMin: 6, charMax: 3 } }),
    ).toThrow('charMin must be ≤ charMax');
    expect(() => createEmbeddedModel({ ...file, dense: { ...file.dense, names: ['x'] } })).toThrow(
      `dense.names must be ${DENSE_NAMES.join(', ')}`,
    );
  });
});
