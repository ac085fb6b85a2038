import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FEATURE_CONFIG,
  DENSE_NAMES,
  FAMILY_BIGRAM,
  FAMILY_CHAR,
  FAMILY_META,
  FAMILY_WORD,
  FeatureBuffer,
  featurise,
  Lexicon,
  normaliseForFeatures,
} from '../../functions/core/text-model/features.ts';
import { combine, fmix32, fnv1a } from '../../functions/core/text-model/hash.ts';
import { isHeldOut, splitBucket, splitKey, splitPart } from '../../functions/core/text-model/split.ts';

const config = DEFAULT_FEATURE_CONFIG;

function features(text: string) {
  const buffer = new FeatureBuffer(4);
  featurise(text, config, buffer);
  return {
    indices: [...buffer.indices.slice(0, buffer.length)],
    counts: [...buffer.familyCounts],
    buffer,
  };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('hash', () => {
  it('matches the FNV-1a reference values', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('mixes to unsigned 32-bit values, order-sensitively when combining', () => {
    for (const h of [0, 1, 0xffffffff, fnv1a('x')]) {
      expect(fmix32(h)).toBeGreaterThanOrEqual(0);
      expect(fmix32(h)).toBeLessThanOrEqual(0xffffffff);
    }
    expect(combine(1, 2)).not.toBe(combine(2, 1));
  });
});

describe('featurise', () => {
  it('is deterministic and keeps every index inside the table', () => {
    const a = features('The app keeps CRASHING!!! not happy :( 😡');
    const b = features('The app keeps CRASHING!!! not happy :( 😡');
    expect(a.indices).toEqual(b.indices);
    for (const i of a.indices) {
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(1 << config.bits);
    }
  });

  it('always emits four shape features and counts each family', () => {
    const { counts, indices } = features('');
    expect(counts).toEqual([0, 0, 0, 4]);
    expect(indices).toHaveLength(4);
    const f = features('a b c');
    expect(f.counts[FAMILY_WORD]).toBe(3);
    expect(f.counts[FAMILY_BIGRAM]).toBe(2);
    expect(f.counts[FAMILY_META]).toBe(4);
    expect(f.counts.reduce((x, y) => x + y, 0)).toBe(f.indices.length);
  });

  it('emits every 3–5-gram of a word padded with boundary marks', () => {
    // "<abc>" has 3 trigrams, 2 four-grams and 1 five-gram.
    expect(features('abc').counts[FAMILY_CHAR]).toBe(6);
    expect(features('ab').counts[FAMILY_CHAR]).toBe(3);
  });

  it('ignores @handles, links and letter case in words', () => {
    const plain = features('hello there friend');
    const noisy = features('hello there @SomeBrand friend https://t.co/abc123 www.example.com');
    expect(sorted(noisy.indices)).toEqual(sorted(plain.indices));
    expect(features('hello there friend').indices).not.toEqual(features('hello there enemy').indices);
  });

  it('folds digits, curly apostrophes and long letter runs', () => {
    expect(features('waited 3 days').indices).toEqual(features('waited 7 days').indices);
    expect(features('don’t').indices).toEqual(features("don't").indices);
    expect(features('sooooooo bad').indices).toEqual(features('sooo bad').indices);
    expect(normaliseForFeatures('Nooooo 2024 @x')).toBe('noo 0000  ');
  });

  it('marks words after a negation until punctuation', () => {
    expect(features('so good').counts[FAMILY_WORD]).toBe(2);
    expect(features('nothing good').counts[FAMILY_WORD]).toBe(3);
    expect(features("n't good").counts[FAMILY_WORD]).toBe(3);
    // a word that merely contains a negation is not one
    expect(features('nothingness good').counts[FAMILY_WORD]).toBe(2);
    expect(features('note good').counts[FAMILY_WORD]).toBe(2);
    // not, good, and good-under-negation
    expect(features('not good').counts[FAMILY_WORD]).toBe(3);
    expect(features("didn't work").counts[FAMILY_WORD]).toBe(3);
    expect(features('not. good').counts[FAMILY_WORD]).toBe(2);
    // the scope is three words
    expect(features('never a b c d').counts[FAMILY_WORD]).toBe(5 + 3);
  });

  it('breaks bigrams at punctuation and turns ! ? and emoji into word features', () => {
    expect(features('a b. c').counts[FAMILY_BIGRAM]).toBe(1);
    expect(features('why?').counts[FAMILY_WORD]).toBe(2);
    expect(features('😡').counts[FAMILY_WORD]).toBe(1);
    expect(features('😡').indices).not.toEqual(features('😊').indices);
  });

  it('normalises exactly as the plain chain of rewrites, whichever of them a text needs', () => {
    // The normaliser skips rewrites a first scan shows cannot match; this is the chain it must equal.
    const reference = (text: string) =>
      text
        .toLowerCase()
        .replace(/https?:\/\/\S+|www\.\S+/g, ' ')
        .replace(/@\w+/g, ' ')
        .replace(/&amp;/g, '&')
        .replace(/&[a-z]+;/g, ' ')
        .replace(/[\u2018\u2019`]/g, "'")
        .replace(/[0-9]/g, '0')
        .replace(/(\p{L})\1{2,}/gu, '$1$1')
        .replace(/[:;=]-?\(+|\)+-?[:;=]/g, ' xxsadface ')
        .replace(/[:;=]-?\)+|\(+-?[:;=]/g, ' xxsmileface ');
    for (const text of [
      'a &amp; b &lt;c',
      'it’s ‘fine’ `ok`',
      'sooooo',
      'AAAh',
      '𝐀𝐀𝐀 😡😡😡',
      'WWW.Example.com/x and HTTPS://t.co/y',
      'ok :-( and (: and ):',
      '@Brand 24/7',
      'plain words only',
    ]) {
      expect(normaliseForFeatures(text)).toBe(reference(text));
    }
    const pieces = fc.constantFrom(
      'a',
      'B',
      'o',
      'ooo',
      ' ',
      '@x',
      '&amp;',
      '&gt;',
      '&',
      '’',
      '`',
      '7',
      ':(',
      ':)',
      '(',
      ')',
      '-',
      ';',
      '=',
      'http://t.co/a',
      'www.',
      'É',
      'ééé',
      '😡',
      '𝐀',
      '!',
      '.',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(normaliseForFeatures(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('turns emoticons into words and buckets capitals, ! and ?', () => {
    expect(normaliseForFeatures('bad :( good :)')).toContain('xxsadface');
    expect(normaliseForFeatures('good :-)')).toContain('xxsmileface');
    const quiet = features('this is not working for me');
    const loud = features('THIS IS NOT WORKING FOR ME');
    // same words (case-folded), different capitals bucket
    expect(loud.counts).toEqual(quiet.counts);
    expect(loud.indices).not.toEqual(quiet.indices);
    const shouted = features('this is not working for me!!!');
    expect(shouted.counts[FAMILY_WORD]).toBe((quiet.counts[FAMILY_WORD] ?? 0) + 3);
  });

  it('only reads the first maxChars characters', () => {
    const head = 'word '.repeat(config.maxChars / 5);
    expect(features(`${head}extra tail words`).indices).toEqual(features(head).indices);
  });

  it('reuses and grows its buffer', () => {
    const buffer = new FeatureBuffer(2);
    featurise('a fairly long sentence with many words in it', config, buffer);
    const first = buffer.length;
    expect(first).toBeGreaterThan(2);
    featurise('short', config, buffer);
    expect(buffer.length).toBeLessThan(first);
    expect(buffer.familyScale(FAMILY_META)).toBeCloseTo(0.5, 12);
    expect(buffer.familyScale(FAMILY_BIGRAM)).toBe(0);
  });
});

describe('dense lexicon features', () => {
  const lexicon = Lexicon.fromWords(
    [
      ['bad', -2.5],
      ['good', 1.9],
      ['worst', -3.1],
      ['xxsadface', -1.9],
    ],
    ['still', 'again', 'bad'],
    -0.74,
  );

  it('looks words up by the hash of their unigram, cues and valences alike', () => {
    expect(lexicon.size).toBe(6);
    expect(lexicon.valence('worst')).toBe(-3.1);
    expect(lexicon.valence('still')).toBe(0);
    expect(lexicon.valence('unknown')).toBe(0);
    expect(lexicon.isCue('still')).toBe(true);
    expect(lexicon.isCue('bad')).toBe(true);
    expect(lexicon.isCue('good')).toBe(false);
    const many = Lexicon.fromWords(
      Array.from({ length: 5000 }, (_, i) => [`w${i}`, (i % 7) - 3] as const),
      [],
      -0.74,
    );
    for (let i = 0; i < 5000; i++) expect(many.valence(`w${i}`)).toBe((i % 7) - 3);
    expect(many.valence('w5000')).toBe(0);
  });
  const dense = (text: string, lex: Lexicon | null = lexicon) => {
    const buffer = new FeatureBuffer();
    featurise(text, config, buffer, lex ?? undefined);
    return Object.fromEntries(DENSE_NAMES.map((name, i) => [name, buffer.dense[i] ?? Number.NaN]));
  };

  it('are all zero without a lexicon, and leave the sparse features unchanged', () => {
    expect(Object.values(dense('this is bad, still bad', null))).toEqual(DENSE_NAMES.map(() => 0));
    const plain = new FeatureBuffer();
    const withLexicon = new FeatureBuffer();
    featurise('the worst, still not good :(', config, plain);
    featurise('the worst, still not good :(', config, withLexicon, lexicon);
    expect([...withLexicon.indices.slice(0, withLexicon.length)]).toEqual([
      ...plain.indices.slice(0, plain.length),
    ]);
  });

  it('sums negative valence per sqrt(words), keeps the strongest, and ignores positive words', () => {
    // 4 words: bad (−2.5), worst (−3.1); "and", "so" are not in the lexicon
    const d = dense('bad and so worst');
    expect(d.negativeValence).toBeCloseTo((2.5 + 3.1) / 2 / 2, 12);
    expect(d.anyNegative).toBe(1);
    expect(d.strongestNegative).toBeCloseTo(3.1 / 3, 12);
    // positive words alone leave every dense feature at 0 ("you promised it would be good")
    expect(Object.values(dense('good good good'))).toEqual(DENSE_NAMES.map(() => 0));
    expect(dense('bad but good').negativeValence).toBeCloseTo(2.5 / Math.sqrt(3) / 2, 12);
  });

  it('flips a valence inside a negation scope, which punctuation ends', () => {
    const negated = dense('not good');
    expect(negated.negativeValence).toBeCloseTo((1.9 * 0.74) / Math.SQRT2 / 2, 12);
    expect(negated.strongestNegative).toBeCloseTo((1.9 * 0.74) / 3, 12);
    expect(dense("didn't like it, good").anyNegative).toBe(0);
    expect(dense('not. good').negativeValence).toBe(0);
    expect(dense('not a b c good').anyNegative).toBe(0); // outside the three-word scope
    expect(dense('not bad').anyNegative).toBe(0); // a negated negative word turns positive
  });

  it('counts cue words and reads emoticons through the normaliser', () => {
    expect(dense('still broken again').cueWords).toBeCloseTo(2 / Math.sqrt(3), 12);
    expect(dense('ok :(').anyNegative).toBe(1);
    expect(Object.values(dense(''))).toEqual(DENSE_NAMES.map(() => 0));
  });
});

describe('held-out split', () => {
  it('keys on text without case, links, handles, RT or punctuation', () => {
    expect(splitKey('RT @brand: My ORDER is late!!! https://t.co/x')).toBe('my order is late');
    expect(splitBucket('my order is late')).toBe(
      splitBucket('RT @other My order... is LATE http://bit.ly/y'),
    );
  });

  it('holds out about a quarter of texts, deterministically', () => {
    const texts = Array.from({ length: 20_000 }, (_, i) => `message number ${i} about parcel ${i * 7}`);
    const heldOut = texts.filter(isHeldOut).length / texts.length;
    expect(heldOut).toBeGreaterThan(0.23);
    expect(heldOut).toBeLessThan(0.27);
    for (const t of texts.slice(0, 500)) {
      expect(isHeldOut(t)).toBe(splitPart(t) === 'test');
      expect(splitBucket(t)).toBe(splitBucket(t));
    }
    const parts = new Set(texts.slice(0, 2000).map(splitPart));
    expect(parts).toEqual(new Set(['test', 'validation', 'train']));
  });
});
