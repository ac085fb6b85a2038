import { deflateSync, inflateSync } from 'node:zlib';
import * as z from '../zod.ts';
import { DENSE_NAMES, wordHash } from './features.ts';

/**
 * The text model's weights file, in two versions:
 *
 * - version 2 (what `npm run train` writes): a small readable JSON header (the featuriser's settings,
 *   the intercept, the operating threshold, the quantisation scale, the dense features' weights, cue
 *   words and lexicon words, how the file was made) and a binary payload: the hashed weight table as
 *   int8 or int16, then the lexicon's word hashes (int32) and valences (tenths, int8), little-endian,
 *   zlib-deflated and base64-encoded. The committed model keeps the payload in its own module
 *   (`models/text-model-weights.ts`) beside the header (`models/text-model.json`); a file written
 *   elsewhere (`npm run train -- --out FILE`) carries it inline in `payload.data`.
 * - version 1 (older files, still read): one JSON object, the table and the lexicon's hashes and
 *   valences each base64 in it.
 */

export const WEIGHTS_FORMAT = 'flashpoint-text-model';

export const featureConfigSchema = z.object({
  bits: z.number().check(z.int(), z.gte(10), z.lte(24)),
  charMin: z.number().check(z.int(), z.gte(1), z.lte(8)),
  charMax: z.number().check(z.int(), z.gte(1), z.lte(8)),
  negationScope: z.number().check(z.int(), z.gte(0), z.lte(10)),
  maxChars: z.number().check(z.int(), z.gte(100), z.lte(1_000_000)),
});

const quantisationSchema = z.object({
  type: z.enum(['int8', 'int16']),
  /** weight = stored integer × scale (z.number() already refuses Infinity and NaN) */
  scale: z.number().check(z.positive()),
});

/** The dense block's fields both versions share. */
const denseFields = {
  /** must equal DENSE_NAMES, in order: guards against a file made for another featuriser */
  names: z.array(z.string()).check(
    z.refine((names) => names.join() === DENSE_NAMES.join(), {
      message: `dense.names must be ${DENSE_NAMES.join(', ')}`,
    }),
  ),
  weights: z.array(z.number()).check(z.length(DENSE_NAMES.length)),
  cues: z.array(z.string()),
  negationScalar: z.number(),
  /** where the valences come from, with its licence notice */
  source: z.optional(z.string()),
};

/** Version 1's dense block: the lexicon's valences and hashes are base64 strings inside the JSON. */
export const denseSchema = z.object({
  ...denseFields,
  /**
   * word → valence (VADER scale −4…+4), keyed by normalised token: `words` space-separated (for
   * people and tools), `tenths` their valences × 10 as int8 and `hashes` their `wordHash`es as
   * little-endian int32, both base64. The model reads only the last two.
   */
  lexicon: z.object({ words: z.string(), tenths: z.string(), hashes: z.string() }),
});

/** Version 2's dense block: the lexicon's hashes and valences are in the payload, `count` of each. */
export const denseHeaderSchema = z.object({
  ...denseFields,
  /** `words` space-separated, for people and tools; the model reads the payload only */
  lexicon: z.object({ count: z.number().check(z.int(), z.gte(0)), words: z.string() }),
});

export const PAYLOAD_ENCODING = 'zlib, base64';

export const payloadSchema = z.object({
  /** zlib (deflate with an Adler-32 check, so a damaged payload fails to load), then base64 */
  encoding: z.literal(PAYLOAD_ENCODING),
  /**
   * bytes once inflated: the table (2^bits × 1 or 2), then `dense.lexicon.count` word hashes
   * (int32), then as many valences × 10 (int8); little-endian
   */
  bytes: z.number().check(z.int(), z.positive()),
  /** sha256 (hex) of the inflated bytes: ties this header to its payload (checked by the tests) */
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  /** the encoded payload, when the file stands alone; the committed model keeps it in models/text-model-weights.ts */
  data: z.optional(z.string().check(z.minLength(1))),
});

const charRange = {
  check: (w: { features: { charMin: number; charMax: number } }) => w.features.charMin <= w.features.charMax,
  message: 'charMin must be ≤ charMax',
};

/** Version 1: one JSON object with the table and the lexicon inside as base64. */
export const weightsFileV1Schema = z
  .object({
    format: z.literal(WEIGHTS_FORMAT),
    version: z.literal(1),
    features: featureConfigSchema,
    bias: z.number(),
    /** probability at or above which a text counts as negative / a complaint */
    threshold: z.number().check(z.gte(0), z.lte(1)),
    quantisation: quantisationSchema,
    weights: z.string().check(z.minLength(1)),
    /** dense lexicon features; absent in a file with the hashed table only */
    dense: z.optional(denseSchema),
    /** how the file was made: data sets, split, seed, hyper-parameters, validation figures */
    training: z.optional(z.record(z.string(), z.unknown())),
  })
  .check(z.refine(charRange.check, { message: charRange.message }));

/** Version 2: the readable header; the table and the lexicon's numbers are in the binary payload. */
export const modelHeaderSchema = z
  .object({
    format: z.literal(WEIGHTS_FORMAT),
    version: z.literal(2),
    features: featureConfigSchema,
    bias: z.number(),
    /** probability at or above which a text counts as negative / a complaint */
    threshold: z.number().check(z.gte(0), z.lte(1)),
    quantisation: quantisationSchema,
    /** dense lexicon features; absent in a file with the hashed table only */
    dense: z.optional(denseHeaderSchema),
    /** how the file was made: data sets, split, seed, hyper-parameters, validation figures */
    training: z.optional(z.record(z.string(), z.unknown())),
    payload: payloadSchema,
  })
  .check(z.refine(charRange.check, { message: charRange.message }));

export const weightsFileSchema = z.discriminatedUnion('version', [weightsFileV1Schema, modelHeaderSchema]);

export type WeightsFileV1 = z.infer<typeof weightsFileV1Schema>;
export type ModelHeader = z.infer<typeof modelHeaderSchema>;
export type WeightsFile = z.infer<typeof weightsFileSchema>;
export type DenseBlock = z.infer<typeof denseSchema>;

/** What the model reads, whichever version it came from. */
export interface DecodedModel {
  readonly features: z.infer<typeof featureConfigSchema>;
  readonly bias: number;
  readonly threshold: number;
  /** stored integers of the hashed table; weight = integer × scale */
  readonly table: Int8Array | Int16Array;
  readonly scale: number;
  readonly dense?: {
    readonly weights: readonly number[];
    readonly cues: readonly string[];
    readonly negationScalar: number;
    readonly hashes: Int32Array;
    readonly valences: Float64Array;
  };
}

/**
 * The numbers of a parsed weights file. Version 2 reads its payload from `payload` (the committed
 * model's module) or else from the file's own `payload.data`. Throws when the payload is missing,
 * damaged, or its length does not match the table size and lexicon count the header states.
 */
export function decodeModel(file: WeightsFile, payload?: string): DecodedModel {
  const { features, bias, threshold } = file;
  if (file.version === 1) {
    const { ints, scale } = quantisedTable(file);
    const dense = file.dense;
    return {
      features,
      bias,
      threshold,
      table: ints,
      scale,
      ...(dense && { dense: { ...dense, ...decodeLexiconHashes(dense.lexicon) } }),
    };
  }
  const text = payload ?? file.payload.data;
  if (text === undefined) {
    throw new Error('text model weights: no payload (neither given nor in payload.data)');
  }
  const bytes = inflatePayload(text, file.payload.bytes);
  const size = 1 << features.bits;
  const tableBytes = size * (file.quantisation.type === 'int8' ? 1 : 2);
  const count = file.dense?.lexicon.count ?? 0;
  const expected = tableBytes + count * 5;
  if (bytes.length !== file.payload.bytes || bytes.length !== expected) {
    throw new Error(
      `text model weights: payload has ${bytes.length} bytes, the header states ${file.payload.bytes} ` +
        `(2^${features.bits} table entries and ${count} lexicon words make ${expected})`,
    );
  }
  const table =
    file.quantisation.type === 'int8'
      ? new Int8Array(bytes.buffer, bytes.byteOffset, size)
      : int16LittleEndian(bytes.subarray(0, tableBytes));
  const dense = file.dense;
  return {
    features,
    bias,
    threshold,
    table,
    scale: file.quantisation.scale,
    ...(dense && {
      dense: {
        ...dense,
        hashes: int32LittleEndian(bytes.subarray(tableBytes, tableBytes + count * 4)),
        valences: tenthsToValences(bytes.subarray(tableBytes + count * 4)),
      },
    }),
  };
}

/**
 * A payload's bytes: base64 decoded, then inflated (throws when zlib finds it damaged). Given the
 * expected length, zlib writes into one buffer of that size instead of 16 KB chunks joined by a
 * copy at the end: a third less CPU for the 1 MB table.
 */
export function inflatePayload(text: string, expectedBytes?: number): Uint8Array {
  try {
    const compressed = Buffer.from(text, 'base64');
    // +1: room to see that the payload is longer than stated (the length check after reports it)
    return inflateSync(compressed, expectedBytes ? { chunkSize: Math.max(64, expectedBytes + 1) } : {});
  } catch (error) {
    throw new Error(`text model weights: payload does not inflate (${(error as Error).message})`);
  }
}

/** The inverse of `inflatePayload`: zlib at level 9 (deterministic for a given zlib), then base64. */
export function deflatePayload(bytes: Uint8Array): string {
  return deflateSync(bytes, { level: 9 }).toString('base64');
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The stored integers of the table (weight = integer × scale) without converting them, so loading
 * costs no pass over the table; throws when its length does not match 2^bits.
 */
export function quantisedTable(file: WeightsFileV1): { ints: Int8Array | Int16Array; scale: number } {
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
export function decodeWeights(file: WeightsFileV1): Float32Array {
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
  const { scale, bytes } = quantiseTable(table, type);
  return { scale, weights: bytesToBase64(bytes) };
}

/** The quantised table as little-endian bytes (version 2's payload starts with them), and its scale. */
export function quantiseTable(
  table: Float32Array | Float64Array,
  type: 'int8' | 'int16',
): { scale: number; bytes: Uint8Array } {
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
  return { scale, bytes };
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
  return { hashes: int32LittleEndian(hashBytes), valences: tenthsToValences(tenths) };
}

function tenthsToValences(tenths: Uint8Array): Float64Array {
  const signed = new Int8Array(tenths.buffer, tenths.byteOffset, tenths.length);
  const valences = new Float64Array(signed.length);
  for (let i = 0; i < signed.length; i++) valences[i] = (signed[i] ?? 0) / 10;
  return valences;
}

/**
 * The lexicon of a dense block as [token, valence] pairs (for people and tests); throws when the
 * words, valences and hashes differ in count or a hash is not its word's.
 */
export function decodeLexicon(lexicon: DenseBlock['lexicon']): [string, number][] {
  return pairLexicon(lexicon.words, decodeLexiconHashes(lexicon));
}

/**
 * Space-separated lexicon words paired with their valences; throws when the counts differ or a
 * hash is not its word's (so the words a person reads are the ones the model looks up).
 */
export function pairLexicon(
  text: string,
  { hashes, valences }: { hashes: Int32Array; valences: Float64Array },
): [string, number][] {
  const words = text === '' ? [] : text.split(' ');
  if (valences.length !== words.length || hashes.length !== words.length) {
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
  const { words, hashes, tenths } = lexiconBytes(valences);
  return { words, tenths: bytesToBase64(tenths), hashes: bytesToBase64(hashes) };
}

/**
 * A lexicon as space-separated words, their `wordHash`es (little-endian int32 bytes) and their
 * valences × 10 (int8 bytes); valences are rounded to tenths (VADER's own precision).
 */
export function lexiconBytes(valences: Readonly<Record<string, number>>): {
  words: string;
  count: number;
  hashes: Uint8Array;
  tenths: Uint8Array;
} {
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
  return { words: words.join(' '), count: words.length, hashes, tenths: new Uint8Array(tenths.buffer) };
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
