import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DetectedLanguage, detectLanguage } from '../../functions/core/language.ts';

/**
 * The detector as first written — a regex match per word, a Map of votes, a sort — kept here as the
 * reference the one-pass scanner must agree with on every text.
 */
const STOPWORDS: Record<string, readonly string[]> = {
  en: ['the', 'and', 'is', 'to', 'you', 'my', 'it', 'not', 'for', 'this', 'was', 'have', 'with', 'your', 'i'],
  es: ['el', 'la', 'los', 'que', 'de', 'y', 'es', 'por', 'mi', 'no', 'para', 'con', 'una', 'pero', 'muy'],
  fr: [
    'le',
    'la',
    'les',
    'et',
    'est',
    'je',
    'vous',
    'pas',
    'pour',
    'une',
    'des',
    'que',
    'mon',
    'avec',
    'dans',
  ],
  de: [
    'der',
    'die',
    'das',
    'und',
    'ist',
    'ich',
    'nicht',
    'sie',
    'mit',
    'ein',
    'eine',
    'mein',
    'zu',
    'auf',
    'für',
  ],
  pt: ['o', 'os', 'que', 'de', 'e', 'é', 'não', 'um', 'uma', 'meu', 'para', 'com', 'por', 'mas', 'está'],
  it: ['il', 'che', 'di', 'e', 'è', 'non', 'un', 'una', 'mio', 'per', 'con', 'sono', 'gli', 'ma', 'questo'],
  nl: ['de', 'het', 'een', 'en', 'is', 'ik', 'niet', 'van', 'dat', 'mijn', 'met', 'voor', 'op', 'je', 'maar'],
};
const LOOKUP = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOPWORDS)) {
  for (const w of words) LOOKUP.set(w, [...(LOOKUP.get(w) ?? []), lang]);
}
function referenceDetect(text: string): DetectedLanguage {
  const votes = new Map<string, number>();
  let words = 0;
  for (const match of text.toLowerCase().matchAll(/\p{L}+/gu)) {
    if (++words > 400) break;
    for (const lang of LOOKUP.get(match[0]) ?? []) votes.set(lang, (votes.get(lang) ?? 0) + 1);
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < 2) return { language: 'en', confident: false };
  const margin = best[1] - (second?.[1] ?? 0);
  return { language: best[0], confident: margin >= 2 };
}

/** Stopwords of every language (so votes tie and compete), other words, and the letters that are hard to split. */
const token = fc.oneof(
  { arbitrary: fc.constantFrom(...new Set(Object.values(STOPWORDS).flat())), weight: 6 },
  { arbitrary: fc.constantFrom('The', 'DIE', 'Não', 'ÉS', 'order', 'refund', 'questo', 'nichts'), weight: 2 },
  // Turkish dotted I lower-cases to "i" + a combining dot (not a letter); Kelvin sign to "k";
  // astral letters and emoji are surrogate pairs; a lone surrogate is no letter.
  {
    arbitrary: fc.constantFrom('İ', 'K', '𝐀𝐁', '😀', '\ud800', '\udc00x', 'ǅ', 'ß', '東京', 'ª', 'µ'),
    weight: 1,
  },
  { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }), weight: 1 },
);
const separator = fc.constantFrom(' ', ' ', ', ', '. ', '\n', '-', "'", '1', '\u00a0', '');

describe('detectLanguage', () => {
  it('agrees with the reference detector on any text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(token, separator), { maxLength: 60 }), (parts) => {
        const text = parts.map(([t, s]) => t + s).join('');
        expect(detectLanguage(text)).toEqual(referenceDetect(text));
      }),
      { numRuns: 4000 },
    );
  });

  it('counts at most 400 words, as the reference does', () => {
    const text = `${'word '.repeat(399)}der die das und ist ich`;
    expect(detectLanguage(text)).toEqual(referenceDetect(text));
    expect(detectLanguage(text)).toEqual({ language: 'en', confident: false });
    expect(detectLanguage(`${'word '.repeat(390)}der die das und ist ich`)).toEqual({
      language: 'de',
      confident: true,
    });
  });

  it('gives a tie to the language voted for first', () => {
    // "de" votes es, pt and nl at once; "que" es, fr, pt: es was inserted first
    expect(detectLanguage('de que de que')).toEqual({ language: 'es', confident: false });
    expect(detectLanguage('Ich bin nicht zufrieden, das ist mein drittes Mal')).toEqual({
      language: 'de',
      confident: true,
    });
    expect(detectLanguage('My order is late')).toEqual({ language: 'en', confident: false });
    expect(detectLanguage('The app is not working and my order is late')).toEqual({
      language: 'en',
      confident: true,
    });
  });
});
