import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, cutUtf8, utf8Length } from '../../functions/core/scoring/utf8-cut.ts';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
/** True when the string has no lone surrogate (it survives a UTF-8 round trip unchanged). */
const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8') === s;

describe('cutUtf8', () => {
  it('returns the text itself when it fits', () => {
    const text = 'Nobody called me back.';
    expect(cutUtf8(text, 5_000)).toBe(text);
    expect(cutUtf8(text, bytes(text))).toBe(text);
    expect(cutUtf8('', 10)).toBe('');
  });

  it('cuts ASCII at exactly the byte limit', () => {
    expect(cutUtf8('a'.repeat(6_000), 5_000)).toBe('a'.repeat(5_000));
  });

  it('never splits an emoji surrogate pair (4 bytes each)', () => {
    const text = '😡'.repeat(2_000); // 8,000 bytes
    const cut = cutUtf8(text, 4_999);
    expect(bytes(cut)).toBe(4_996);
    expect(cut).toBe('😡'.repeat(1_249));
    expect(wellFormed(cut)).toBe(true);
    expect(cutUtf8('ab😡', 5)).toBe('ab'); // 2 + 4 > 5: the emoji goes whole
  });

  it('never splits a multi-byte CJK sequence (3 bytes each)', () => {
    const text = `x${'退款'.repeat(1_000)}`; // 1 + 6,000 bytes
    const cut = cutUtf8(text, 5_000);
    expect(bytes(cut)).toBe(4_999); // 1 + 3 × 1,666
    expect(text.startsWith(cut)).toBe(true);
    expect(cutUtf8('退款', 5)).toBe('退');
  });

  it('keeps a letter with its combining accent', () => {
    const decomposed = 'e\u0301'; // é as e + COMBINING ACUTE ACCENT (1 + 2 bytes)
    expect(cutUtf8(`ab${decomposed}`, 4)).toBe('ab'); // 'e' alone would fit, but not without its accent
    expect(cutUtf8(`ab${decomposed}`, 5)).toBe(`ab${decomposed}`);
  });

  it('keeps emoji ZWJ sequences, skin tones and flags whole', () => {
    const family = '👩‍👩‍👧'; // 3 emoji + 2 ZWJ = 18 bytes
    expect(cutUtf8(`hi ${family}`, 3 + 17)).toBe('hi ');
    expect(cutUtf8(`hi 🤷🏻‍♀️`, 3 + 8)).toBe('hi '); // shrug + skin tone would fit, the rest would not
    expect(cutUtf8('🇫🇷🇩🇪', 12)).toBe('🇫🇷'); // two regional indicators per flag
  });

  it('falls back to a code point boundary when one cluster is longer than the limit', () => {
    const zalgo = `a${'\u0300'.repeat(100)}`; // one cluster of 201 bytes
    const cut = cutUtf8(zalgo, 11);
    expect(cut).toBe(`a${'\u0300'.repeat(5)}`);
    expect(wellFormed(cut)).toBe(true);
  });

  it('counts a lone surrogate as the 3 bytes of U+FFFD', () => {
    const text = 'ab\uD83Dcd';
    expect(utf8Length(text)).toBe(bytes(text));
    expect(cutUtf8(text, 5)).toBe('ab\uD83D');
  });

  it('also cuts at a number of code points, at a cluster boundary', () => {
    expect(cutUtf8('a'.repeat(600), 5_000, 500)).toBe('a'.repeat(500));
    expect(cutUtf8('😡'.repeat(600), 5_000, 500)).toBe('😡'.repeat(500));
    expect(codePointLength('😡'.repeat(600))).toBe(600);
  });

  it('always returns the longest well-formed prefix within the limit that ends between clusters', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
    const unit = fc.constantFrom<'grapheme' | 'grapheme-composite'>('grapheme', 'grapheme-composite');
    fc.assert(
      fc.property(
        unit.chain((u) => fc.string({ unit: u, maxLength: 60 })),
        fc.integer({ min: 4, max: 120 }),
        (text, max) => {
          const first = [...segmenter.segment(text)][0]?.segment ?? '';
          fc.pre(bytes(first) <= max); // a lone oversized cluster is the fallback case tested above
          const cut = cutUtf8(text, max);
          expect(text.startsWith(cut)).toBe(true);
          expect(bytes(cut)).toBeLessThanOrEqual(max);
          expect(wellFormed(cut)).toBe(true);
          const boundaries = new Set([...segmenter.segment(text)].map((s) => s.index));
          boundaries.add(text.length);
          expect(boundaries.has(cut.length)).toBe(true);
          // Maximal: the next whole cluster would not have fitted.
          const next = [...segmenter.segment(text.slice(cut.length))][0]?.segment;
          if (next !== undefined && cut.length > 0) expect(bytes(cut + next)).toBeGreaterThan(max);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('utf8Length', () => {
  it('agrees with Buffer.byteLength on mixed text', () => {
    const text = 'Ça coûte 10 € — 退款 😡 e\u0301';
    expect(utf8Length(text)).toBe(bytes(text));
  });
});
