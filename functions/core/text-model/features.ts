import { fmix32, fnv1a, fnvStep } from './hash.ts';

/**
 * Turns a text into hashed sparse features: word unigrams (plain and, inside a negation's scope,
 * marked as negated), word bigrams, character 3–5-grams within words, and a few shape features
 * (capitals, exclamation and question marks, length). Every feature is a bucket in a table of
 * 2^bits weights; each family's features are scaled by 1/sqrt(count) so long texts don't dominate.
 *
 * Given a lexicon (word valences, e.g. VADER's, and a list of cue words), it also fills a few dense
 * features from the same words: the summed negative valence (a positive word inside a negation's
 * scope flips to negative), whether there is any, the strongest negative word, and how many cue
 * words occur. Positive valence is left out on purpose: in complaints it misleads ("you promised
 * it would be ready").
 */

export interface FeatureConfig {
  /** log2 of the number of hashed weights */
  readonly bits: number;
  readonly charMin: number;
  readonly charMax: number;
  /** how many words after "not", "never", "don't"… are marked as negated */
  readonly negationScope: number;
  /** longer texts are cut to this many characters before featurising */
  readonly maxChars: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  bits: 20,
  charMin: 3,
  charMax: 5,
  negationScope: 3,
  maxChars: 4000,
};

export const FAMILY_WORD = 0;
export const FAMILY_BIGRAM = 1;
export const FAMILY_CHAR = 2;
export const FAMILY_META = 3;
export const FAMILY_COUNT = 4;

/** The dense lexicon features, in the order of `FeatureBuffer.dense` and of the weights file. */
export const DENSE_NAMES = ['negativeValence', 'cueWords', 'anyNegative', 'strongestNegative'] as const;
export const DENSE_COUNT = DENSE_NAMES.length;

const SEED_WORD = 0x811c9dc5;

/** The hash of a normalised token, as its unigram feature and the lexicon use it. */
export function wordHash(token: string): number {
  return fnv1a(token, SEED_WORD);
}

/**
 * Word valences (VADER scale, about −4…+4) and cue words, for the dense features. Looked up by the
 * hash the word's unigram feature already computes (`wordHash`), in an open-addressing table built
 * from precomputed hashes, so a cold start spends no time hashing 7,000 strings. A token outside
 * the lexicon whose 32-bit hash equals a lexicon word's would read that word's entry (odds about
 * 2e-6 per distinct token).
 */
export class Lexicon {
  readonly negationScalar: number;
  /** number of distinct words (valence or cue) */
  readonly size: number;
  private readonly mask: number;
  /** slot = (hash × golden ratio) >>> shift: Fibonacci hashing, one multiply */
  private readonly shift: number;
  private readonly keys: Int32Array;
  private readonly occupied: Uint8Array;
  private readonly valences: Float64Array;
  private readonly cueFlags: Uint8Array;

  /**
   * `hashes[i]` (a `wordHash`) has valence `valences[i]`; `cueHashes` are the cue words'.
   * `negationScalar` multiplies a valence inside a negation's scope (VADER uses −0.74).
   */
  constructor(
    hashes: ArrayLike<number>,
    valences: ArrayLike<number>,
    cueHashes: ArrayLike<number>,
    negationScalar: number,
  ) {
    if (hashes.length !== valences.length) throw new Error('lexicon: hashes and valences differ in length');
    this.negationScalar = negationScalar;
    let bits = 4;
    while (1 << bits < (hashes.length + cueHashes.length) * 4) bits++;
    const slots = 1 << bits;
    this.shift = 32 - bits;
    this.mask = slots - 1;
    // Local variables and no helper calls: this loop runs once per load, in the interpreter.
    const keys = new Int32Array(slots);
    const occupied = new Uint8Array(slots);
    const table = new Float64Array(slots);
    const cueFlags = new Uint8Array(slots);
    const shift = this.shift;
    const mask = this.mask;
    let size = 0;
    const total = hashes.length + cueHashes.length;
    for (let i = 0; i < total; i++) {
      const isCue = i >= hashes.length;
      const hash = (isCue ? cueHashes[i - hashes.length] : hashes[i]) ?? 0;
      let slot = Math.imul(hash, 0x9e3779b1) >>> shift;
      while (occupied[slot] === 1 && keys[slot] !== (hash | 0)) slot = (slot + 1) & mask;
      if (occupied[slot] === 0) size++;
      keys[slot] = hash;
      occupied[slot] = 1;
      if (isCue) cueFlags[slot] = 1;
      else table[slot] = valences[i] ?? 0;
    }
    this.keys = keys;
    this.occupied = occupied;
    this.valences = table;
    this.cueFlags = cueFlags;
    this.size = size;
  }

  /** A lexicon from words (normalised tokens) and their valences, and cue words. */
  static fromWords(
    valences: Iterable<readonly [string, number]>,
    cues: Iterable<string>,
    negationScalar: number,
  ): Lexicon {
    const pairs = [...valences];
    return new Lexicon(
      pairs.map(([word]) => wordHash(word)),
      pairs.map(([, valence]) => valence),
      [...cues].map(wordHash),
      negationScalar,
    );
  }

  /** Slot of a `wordHash`, or −1 when the word is not in the lexicon. */
  slotOf(wordHash: number): number {
    const hash = wordHash | 0;
    let slot = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    while (this.occupied[slot] === 1) {
      if (this.keys[slot] === hash) return slot;
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }

  valenceAt(slot: number): number {
    return this.valences[slot] ?? 0;
  }

  isCueAt(slot: number): boolean {
    return this.cueFlags[slot] === 1;
  }

  /** The valence of a normalised token (0 when it has none). */
  valence(token: string): number {
    const slot = this.slotOf(wordHash(token));
    return slot < 0 ? 0 : this.valenceAt(slot);
  }

  isCue(token: string): boolean {
    const slot = this.slotOf(wordHash(token));
    return slot >= 0 && this.isCueAt(slot);
  }
}

const SEED_NEGATED = 0x2f6b1a7d;
const SEED_BIGRAM = 0x5bd1e995;
const SEED_CHAR = 0x1b873593;
const SEED_META = 0x68e31da4;

/** Reusable output of `featurise`: bucket indices, each with its family, and per-family counts. */
export class FeatureBuffer {
  indices: Int32Array;
  families: Uint8Array;
  length = 0;
  readonly familyCounts = new Int32Array(FAMILY_COUNT);
  /** dense lexicon features (`DENSE_NAMES`); all 0 when featurised without a lexicon */
  readonly dense = new Float64Array(DENSE_COUNT);

  constructor(capacity = 1024) {
    this.indices = new Int32Array(capacity);
    this.families = new Uint8Array(capacity);
  }

  reset(): void {
    this.length = 0;
    this.familyCounts.fill(0);
    this.dense.fill(0);
  }

  push(index: number, family: number): void {
    if (this.length === this.indices.length) this.grow();
    this.indices[this.length] = index;
    this.families[this.length] = family;
    this.length++;
    this.familyCounts[family] = (this.familyCounts[family] ?? 0) + 1;
  }

  /** The value each feature of a family carries: 1/sqrt(features in that family). */
  familyScale(family: number): number {
    const n = this.familyCounts[family] ?? 0;
    return n > 0 ? 1 / Math.sqrt(n) : 0;
  }

  /** Makes room for `count` more features, so a caller can write them without a check each. */
  reserve(count: number): void {
    while (this.length + count > this.indices.length) this.grow();
  }

  private grow(): void {
    const indices = new Int32Array(this.indices.length * 2);
    indices.set(this.indices);
    const families = new Uint8Array(this.families.length * 2);
    families.set(this.families);
    this.indices = indices;
    this.families = families;
  }
}

const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'nowhere',
  'neither',
  'nor',
  'cannot',
  'without',
  'dont',
  'cant',
  'wont',
  'didnt',
  'doesnt',
  'isnt',
  'wasnt',
  'arent',
  'havent',
  'hasnt',
  'couldnt',
  'shouldnt',
  'wouldnt',
]);

/** `wordHash`es of the negations, so a word is checked without cutting it out of the text */
const NEGATION_HASHES = new Set([...NEGATIONS].map((word) => fnv1a(word, SEED_WORD)));

/** True when norm[start, stop) is a negation: one of NEGATIONS or any word ending in n't. */
function isNegationAt(norm: string, start: number, stop: number, hash: number): boolean {
  if (
    stop - start >= 3 &&
    norm.charCodeAt(stop - 1) === 116 &&
    norm.charCodeAt(stop - 2) === 39 &&
    norm.charCodeAt(stop - 3) === 110
  ) {
    return true;
  }
  // The hash finds the candidates; the comparison rules out a collision.
  return NEGATION_HASHES.has(hash) && NEGATIONS.has(norm.slice(start, stop));
}

/** FNV-1a of norm[start, stop) from `seed`: `fnv1a(norm.slice(start, stop), seed)` without the copy. */
function hashRange(norm: string, start: number, stop: number, seed: number): number {
  let h = seed >>> 0;
  for (let i = start; i < stop; i++) h = Math.imul(h ^ norm.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Lower-cases, drops links and @handles, folds digits to 0, curly apostrophes to ', and long letter
 * runs. One scan first finds which rewrites can match at all, so a plain message pays for the
 * lower-casing and that scan only (about a third of the scoring time otherwise).
 */
export function normaliseForFeatures(text: string): string {
  let out = text.toLowerCase();
  let at = false;
  let amp = false;
  let quote = false;
  let digit = false;
  let paren = false;
  let run = false;
  let prev2 = -1;
  let prev = -1;
  for (let i = 0; i < out.length; i++) {
    const c = out.charCodeAt(i);
    if (c === 64) at = true;
    else if (c === 38) amp = true;
    else if (c === 0x2018 || c === 0x2019 || c === 96) quote = true;
    else if (c >= 48 && c <= 57) digit = true;
    else if (c === 40 || c === 41) paren = true;
    // Three equal code units, or any surrogate (a letter outside the BMP repeats as a pair).
    else if ((c === prev && c === prev2) || (c >= 0xd800 && c <= 0xdfff)) run = true;
    prev2 = prev;
    prev = c;
  }
  if (out.includes('http') || out.includes('www.')) out = out.replace(/https?:\/\/\S+|www\.\S+/g, ' ');
  if (at) out = out.replace(/@\w+/g, ' ');
  if (amp) out = out.replace(/&amp;/g, '&').replace(/&[a-z]+;/g, ' ');
  if (quote) out = out.replace(/[\u2018\u2019`]/g, "'");
  if (digit) out = out.replace(/[0-9]/g, '0');
  if (run) out = out.replace(/(\p{L})\1{2,}/gu, '$1$1');
  if (paren) {
    out = out
      .replace(/[:;=]-?\(+|\)+-?[:;=]/g, ' xxsadface ')
      .replace(/[:;=]-?\)+|\(+-?[:;=]/g, ' xxsmileface ');
  }
  return out;
}

const WORD_RE = /\p{L}|\p{N}/u;

function isWordCode(code: number, text: string, i: number): boolean {
  if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 39 || code === 95) return true;
  if (code < 0xc0) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return WORD_RE.test(text.charAt(i));
}

/** A separator ends a negation's scope and a bigram chain. */
function isSeparator(code: number): boolean {
  // . , ; : ! ? newline ( ) " and dashes
  return (
    code === 46 ||
    code === 44 ||
    code === 59 ||
    code === 58 ||
    code === 33 ||
    code === 63 ||
    code === 10 ||
    code === 40 ||
    code === 41 ||
    code === 34 ||
    code === 0x2014 ||
    code === 0x2013
  );
}

function isPictograph(code: number): boolean {
  return (code >= 0xd800 && code <= 0xdbff) || (code >= 0x2600 && code <= 0x27bf);
}

function bucket(hash: number, mask: number): number {
  return fmix32(hash) & mask;
}

function bucketIndex(n: number): number {
  return n <= 0 ? 0 : n === 1 ? 1 : n === 2 ? 2 : n < 5 ? 3 : 4;
}

/**
 * Writes the features of `text` into `out` (after resetting it), and its dense lexicon features
 * when a lexicon is given. Deterministic.
 */
export function featurise(text: string, config: FeatureConfig, out: FeatureBuffer, lexicon?: Lexicon): void {
  out.reset();
  const mask = (1 << config.bits) - 1;
  const raw = text.length > config.maxChars ? text.slice(0, config.maxChars) : text;

  // Shape features from the raw text.
  let letters = 0;
  let upper = 0;
  let exclamations = 0;
  let questions = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      upper++;
      letters++;
    } else if (c >= 97 && c <= 122) letters++;
    else if (c === 33) exclamations++;
    else if (c === 63) questions++;
  }
  const capsRatio = letters >= 8 ? upper / letters : 0;
  const capsBucket = capsRatio < 0.1 ? 0 : capsRatio < 0.3 ? 1 : capsRatio < 0.6 ? 2 : 3;
  out.push(bucket(fnvStep(SEED_META, 100 + capsBucket), mask), FAMILY_META);
  out.push(bucket(fnvStep(SEED_META, 200 + bucketIndex(exclamations)), mask), FAMILY_META);
  out.push(bucket(fnvStep(SEED_META, 300 + bucketIndex(questions)), mask), FAMILY_META);

  const norm = normaliseForFeatures(raw);
  const n = norm.length;
  let words = 0;
  let prevWordHash = 0;
  let havePrev = false;
  let negationLeft = 0;
  let negativeSum = 0;
  let strongestNegative = 0;
  let cues = 0;
  let i = 0;
  while (i < n) {
    const c = norm.charCodeAt(i);
    if (isWordCode(c, norm, i)) {
      let end = i + 1;
      while (end < n && isWordCode(norm.charCodeAt(end), norm, end)) end++;
      // Trim apostrophes at either end ('quoted' words).
      let start = i;
      while (start < end && norm.charCodeAt(start) === 39) start++;
      let stop = end;
      while (stop > start && norm.charCodeAt(stop - 1) === 39) stop--;
      i = end;
      if (stop <= start) continue;
      words++;
      const h = hashRange(norm, start, stop, SEED_WORD);
      out.push(bucket(h, mask), FAMILY_WORD);
      const negated = negationLeft > 0;
      if (negated) {
        out.push(bucket(hashRange(norm, start, stop, SEED_NEGATED), mask), FAMILY_WORD);
        negationLeft--;
      }
      const slot = lexicon ? lexicon.slotOf(h) : -1;
      if (lexicon && slot >= 0) {
        let valence = lexicon.valenceAt(slot);
        if (negated) valence *= lexicon.negationScalar;
        if (valence < 0) {
          negativeSum -= valence;
          if (-valence > strongestNegative) strongestNegative = -valence;
        }
        if (lexicon.isCueAt(slot)) cues++;
      }
      if (havePrev) out.push(bucket(Math.imul(prevWordHash, 31) ^ h ^ SEED_BIGRAM, mask), FAMILY_BIGRAM);
      prevWordHash = h;
      havePrev = true;
      if (isNegationAt(norm, start, stop, h)) negationLeft = config.negationScope;
      emitCharGrams(norm, start, stop, config, mask, out);
      continue;
    }
    if (isSeparator(c)) {
      negationLeft = 0;
      havePrev = false;
      if (c === 33 || c === 63) out.push(bucket(fnvStep(SEED_WORD, c), mask), FAMILY_WORD);
    } else if (isPictograph(c)) {
      let h = fnvStep(SEED_WORD, c);
      if (c <= 0xdbff && i + 1 < n) {
        h = fnvStep(h, norm.charCodeAt(i + 1));
        i++;
      }
      out.push(bucket(h, mask), FAMILY_WORD);
    }
    i++;
  }
  const lengthBucket = words === 0 ? 0 : Math.min(8, 1 + Math.floor(Math.log2(words)));
  out.push(bucket(fnvStep(SEED_META, 400 + lengthBucket), mask), FAMILY_META);
  if (lexicon) {
    const root = Math.sqrt(Math.max(1, words)); // sums per sqrt(words), like the sparse families
    out.dense[0] = negativeSum / root / 2;
    out.dense[1] = cues / root;
    out.dense[2] = negativeSum > 0 ? 1 : 0;
    out.dense[3] = strongestNegative / 3;
  }
}

/** Character n-grams of one word, padded with a boundary mark at each end. */
function emitCharGrams(
  norm: string,
  start: number,
  stop: number,
  config: FeatureConfig,
  mask: number,
  out: FeatureBuffer,
): void {
  const len = stop - start + 2;
  if (len > 40) return;
  const { charMin, charMax } = config;
  // At most len grams per length; written straight into the buffer (the hottest loop of scoring).
  out.reserve(len * (charMax - charMin + 1));
  const indices = out.indices;
  const families = out.families;
  let k = out.length;
  for (let s = 0; s + charMin <= len; s++) {
    let h = SEED_CHAR;
    const limit = Math.min(len, s + charMax);
    for (let j = s; j < limit; j++) {
      const code = j === 0 || j === len - 1 ? 1 : norm.charCodeAt(start + j - 1);
      h = Math.imul(h ^ code, 0x01000193);
      if (j - s + 1 >= charMin) {
        indices[k] = bucket(h, mask);
        families[k] = FAMILY_CHAR;
        k++;
      }
    }
  }
  out.familyCounts[FAMILY_CHAR] = (out.familyCounts[FAMILY_CHAR] ?? 0) + (k - out.length);
  out.length = k;
}
