import { fnv1a } from './hash.ts';

/**
 * The held-out split shared by training and evaluation. A row's side depends only on its text, so
 * `eval --holdout` re-derives the test rows with no file, and the same text (or a retweet of it with
 * another link or @handle) lands on the same side in every data set.
 */

/** Share of the 100 buckets kept out of training: buckets 0–24 are the test rows. */
export const HOLDOUT_BUCKETS = 25;
/** Buckets 25–39: validation rows, used by training to pick epochs and the threshold. */
export const VALIDATION_BUCKETS = 15;

/** Lower-cased text without links, @handles, a leading "RT", punctuation or repeated spaces. */
export function splitKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+|www\.\S+/g, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/^\s*rt\s+/, ' ')
    .trim();
}

/** Bucket 0–99 of a text. */
export function splitBucket(text: string): number {
  return fnv1a(splitKey(text)) % 100;
}

/** True when the text belongs to the held-out test rows that training never sees. */
export function isHeldOut(text: string): boolean {
  return splitBucket(text) < HOLDOUT_BUCKETS;
}

export type SplitPart = 'test' | 'validation' | 'train';

export function splitPart(text: string): SplitPart {
  const bucket = splitBucket(text);
  if (bucket < HOLDOUT_BUCKETS) return 'test';
  if (bucket < HOLDOUT_BUCKETS + VALIDATION_BUCKETS) return 'validation';
  return 'train';
}
