import Sentiment from 'sentiment';
import vader from 'vader-sentiment';
import wink from 'wink-sentiment';

/**
 * The three lexicon baselines, each turned into a "negativity" score (the negated polarity, so a
 * higher score means more negative) with the threshold each package documents for "negative".
 */
export interface Scorer {
  readonly name: string;
  /** higher = more likely negative / a complaint */
  score(text: string): number;
  /** a score at or above this counts as a positive (negative sentiment) prediction */
  readonly threshold: number;
}

const afinn = new Sentiment();

export const LEXICON_SCORERS: readonly Scorer[] = [
  {
    name: 'vader',
    // VADER's own convention: compound ≤ −0.05 is negative.
    score: (text) => -vader.SentimentIntensityAnalyzer.polarity_scores(text).compound,
    threshold: 0.05,
  },
  {
    name: 'afinn',
    // AFINN (npm "sentiment"): a negative total score is negative.
    score: (text) => -afinn.analyze(text).score,
    threshold: Number.MIN_VALUE,
  },
  {
    name: 'wink',
    // wink-sentiment: a negative normalised score is negative.
    score: (text) => -wink(text).normalizedScore,
    threshold: Number.MIN_VALUE,
  },
];
