import * as z from 'zod';
import { DENSE_NAMES, wordHash } from './features.ts';

/**
 * The committed weights file (`models/text-model.json`): the featuriser's settings, the intercept,
 * the operating threshold, the hashed weight table quantised to int8 or int16, base64-encoded, and
 * optionally the lexicon behind the dense features with their weights.
 */

export const WEIGHTS_FORMAT = 'flashpoint-text-model';

export const featureConfigSchema = z.object({
  bits: z.number().int().min(10).max(24),
  charMin: z.number().int().min(1).max(8),
  charMax: z.number().int().min(1).max(8),
  negationScope: z.number().int().min(0).max(10),
  maxChars: z.number().int().min(100).max(1_000_000),
});

export const denseSchema = z.object({
  /** must equal DENSE_NAMES, in order: guards against a file made for another featuriser */
  names: z.array(z.string()).refine((names) => names.join() === DENSE_NAMES.join(), {
    message: `dense.names must be ${DENSE_NAMES.join(', ')}`,
  }),
  weights: z.array(z.number().finite()).length(DENSE_NAMES.length),
  /**
   * word → valence (VADER scale −4…+4), keyed by normalised token: `words` space-separated (for
   * people and tools), `tenths` their valences × 10 as int8 and `hashes` their `wordHash`es as
   * little-endian int32, both base64. The model reads only the last two: strings parse and
   * validate far faster than an object of some 7,000 keys, and nothing is hashed at load.
   */
  lexicon: z.object({ words: z.string(), tenths: z.string(), hashes: z.string() }),
  cues: z.array(z.string()),
  negationScalar: z.number().finite(),
  /** where the valences come from, with its licence notice */
  source: z.string().optional(),
});

export const weightsFileSchema = z
  .object({
    format: z.literal(WEIGHTS_FORMAT),
    version: z.literal(1),
    features: featureConfigSchema,
    bias: z.number().finite(),
    /** probability at or above which a text counts as negative / a complaint */
    threshold: z.number().min(0).max(1),
    quantisation: z.object({
      type: z.enum(['int8', 'int16']),
      /** weight = stored integer × scale */
      scale: z.number().positive().finite(),
    }),
    weights: z.string().min(1),
    /** dense lexicon features; absent in a file with the hashed table only */
    dense: denseSchema.optional(),
    /** how the file was made: data sets, split, seed, hyper-parameters, validation figures */
    training: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((w) => w.features.charMin <= w.features.charMax, { message: 'charMin must be ≤ charMax' });

export type WeightsFile = z.infer<typeof weightsFileSchema>;

export type DenseBlock = z.infer<typeof denseSchema>;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The stored integers of the table (weight = integer × scale) without converting them, so loading
 * costs no pass over the table; throws when its length does not match 2^bits.
 */
export function quantisedTable(file: WeightsFile): { ints: Int8Array | Int16Array; scale: number } {
  const bytes = base64ToBytes(file.weights);
  const size = 1 << file.features.bits;
  const width = file.quantisation.type === 'int8' ? 1 : 2;
  if (bytes.length !== size * width) {
    throw new Error(`text model weights: expected ${size * width} bytes, got ${bytes.length}`);
  }
  const scale = file.quantisation.scale;
  if (width === 1) return { ints: new Int8Array(bytes.buffer, bytes.byteOffset, size), scale };
  return { ints: int16LittleEndian(bytes), scale };
}

/** Decodes the quantised table into floats; throws when its length does not match 2^bits. */
export function decodeWeights(file: WeightsFile): Float32Array {
  const { ints, scale } = quantisedTable(file);
  const out = new Float32Array(ints.length);
  for (let i = 0; i < ints.length; i++) out[i] = (ints[i] ?? 0) * scale;
  return out;
}

function int16LittleEndian(bytes: Uint8Array): Int16Array {
  if (LITTLE_ENDIAN && bytes.byteOffset % 2 === 0) {
    return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int16Array.from({ length: bytes.length / 2 }, (_, i) => view.getInt16(i * 2, true));
}

function int32LittleEndian(bytes: Uint8Array): Int32Array {
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) {
    return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int32Array.from({ length: bytes.length / 4 }, (_, i) => view.getInt32(i * 4, true));
}

/** Quantises a float table (symmetric, max |w| → the largest integer), the inverse of `decodeWeights`. */
export function encodeWeights(
  table: Float32Array | Float64Array,
  type: 'int8' | 'int16',
): { scale: number; weights: string } {
  let max = 0;
  for (const w of table) max = Math.max(max, Math.abs(w));
  const top = type === 'int8' ? 127 : 32767;
  const scale = max > 0 ? max / top : 1;
  const width = type === 'int8' ? 1 : 2;
  const bytes = new Uint8Array(table.length * width);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < table.length; i++) {
    const q = Math.max(-top, Math.min(top, Math.round((table[i] ?? 0) / scale)));
    if (width === 1) view.setInt8(i, q);
    else view.setInt16(i * 2, q, true);
  }
  return { scale, weights: bytesToBase64(bytes) };
}

/** What the model reads of a lexicon: word hashes and their valences; throws when they differ in count. */
export function decodeLexiconHashes(lexicon: DenseBlock['lexicon']): {
  hashes: Int32Array;
  valences: Float64Array;
} {
  const tenths = base64ToBytes(lexicon.tenths);
  const hashBytes = base64ToBytes(lexicon.hashes);
  if (hashBytes.length !== tenths.length * 4) {
    throw new Error(`text model lexicon: ${hashBytes.length / 4} hashes but ${tenths.length} valences`);
  }
  const signed = new Int8Array(tenths.buffer, tenths.byteOffset, tenths.length);
  const valences = new Float64Array(signed.length);
  for (let i = 0; i < signed.length; i++) valences[i] = (signed[i] ?? 0) / 10;
  return { hashes: int32LittleEndian(hashBytes), valences };
}

/**
 * The lexicon of a dense block as [token, valence] pairs (for people and tests); throws when the
 * words, valences and hashes differ in count or a hash is not its word's.
 */
export function decodeLexicon(lexicon: DenseBlock['lexicon']): [string, number][] {
  const words = lexicon.words === '' ? [] : lexicon.words.split(' ');
  const { hashes, valences } = decodeLexiconHashes(lexicon);
  if (valences.length !== words.length) {
    throw new Error(`text model lexicon: ${words.length} words but ${valences.length} valences`);
  }
  return words.map((word, i) => {
    if ((hashes[i] ?? 0) !== (wordHash(word) | 0))
      throw new Error(`text model lexicon: wrong hash for "${word}"`);
    return [word, valences[i] ?? 0];
  });
}

/** The inverse of `decodeLexicon`; valences are rounded to tenths (VADER's own precision). */
export function encodeLexicon(valences: Readonly<Record<string, number>>): DenseBlock['lexicon'] {
  const words = Object.keys(valences);
  for (const word of words) {
    if (word === '' || /\s/.test(word)) throw new Error(`lexicon word "${word}" is empty or has a space`);
  }
  const tenths = Int8Array.from(words, (w) =>
    Math.max(-127, Math.min(127, Math.round((valences[w] ?? 0) * 10))),
  );
  const hashes = new Uint8Array(words.length * 4);
  const view = new DataView(hashes.buffer);
  words.forEach((word, i) => {
    view.setInt32(i * 4, wordHash(word) | 0, true);
  });
  return {
    words: words.join(' '),
    tenths: bytesToBase64(new Uint8Array(tenths.buffer)),
    hashes: bytesToBase64(hashes),
  };
}

function base64ToBytes(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'base64'));
}

function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** `wordHash` of each word (the cue words of a dense block). */
export function wordHashesOf(words: readonly string[]): Int32Array {
  return Int32Array.from(words, (word) => wordHash(word) | 0);
}
