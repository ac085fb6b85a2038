import type { TextModel, TextScore } from './text-model.ts';

/**
 * A first, honest lexicon scorer: counts negative and positive words and squashes the balance into
 * 0–1. It misses sentences like "the app keeps crashing"; the embedded model replaces it as default.
 */
const NEGATIVE = new Set(
  'angry annoyed awful bad broken cancel cancelled crash crashed crashing disappointed disappointing disgusted frustrated frustrating furious horrible hopeless ignored issue joke late lied lost missing never nobody pathetic poor problem refund ridiculous rude scam slow still terrible unacceptable unhappy upset useless waiting worst wrong'.split(
    ' ',
  ),
);
const POSITIVE = new Set(
  'amazing appreciate awesome brilliant excellent fantastic fixed glad good great happy helpful love lovely perfect pleased resolved sorted superb thank thanks wonderful'.split(
    ' ',
  ),
);

export function lexiconNegativity(text: string): number {
  let balance = 0;
  for (const match of text
    .slice(0, 20_000)
    .toLowerCase()
    .matchAll(/[a-z']+/g)) {
    if (NEGATIVE.has(match[0])) balance += 1;
    else if (POSITIVE.has(match[0])) balance -= 1;
  }
  return 1 / (1 + Math.exp(-(balance - 0.5)));
}

export const lexiconModel: TextModel = {
  name: 'lexicon',
  async scoreBatch(texts): Promise<TextScore[]> {
    return texts.map((t) => ({ negative: lexiconNegativity(t), model: 'lexicon' }));
  },
};
