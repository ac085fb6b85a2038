import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitKey } from '../../functions/core/text-model/split.ts';
import { parseCsvRecords } from './csv.ts';

/**
 * The public labelled sets in shared/data, turned into one shape: text + label, where 1 means
 * negative sentiment / complaint / frustration. Each set is de-duplicated by id and by text
 * (normalised as for the split); a text seen with both labels in one set is dropped.
 */

export interface LabelledRow {
  readonly source: SourceName;
  readonly text: string;
  readonly label: 0 | 1;
}

export const SOURCE_NAMES = [
  'complaints',
  'brand-emotion',
  'apple-sentiment',
  'goemotions',
  'vader',
] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

interface SourceSpec {
  files: string[];
  text: string;
  id?: string;
  /** 1, 0, or undefined to skip the row */
  label(record: Record<string, string>): 0 | 1 | undefined;
}

const SOURCES: Record<SourceName, SourceSpec> = {
  complaints: {
    files: ['complaints/complaints.csv'],
    text: 'text',
    id: 'tweet_id',
    label: (r) => (r.is_complaint === '1' ? 1 : r.is_complaint === '0' ? 0 : undefined),
  },
  'brand-emotion': {
    files: ['brand-emotion/brand_emotion.csv'],
    text: 'tweet_text',
    label: (r) =>
      r.emotion === 'Negative emotion'
        ? 1
        : r.emotion === 'Positive emotion' || r.emotion === 'No emotion toward brand or product'
          ? 0
          : undefined,
  },
  'apple-sentiment': {
    files: ['apple-sentiment/apple_sentiment.csv'],
    text: 'text',
    id: '_unit_id',
    label: (r) => (r.sentiment === '1' ? 1 : r.sentiment === '3' || r.sentiment === '5' ? 0 : undefined),
  },
  goemotions: {
    files: [
      'goemotions/train_with_names.csv',
      'goemotions/dev_with_names.csv',
      'goemotions/test_with_names.csv',
    ],
    text: 'text',
    id: 'comment_id',
    label: (r) => (r.frustration_family === '1' ? 1 : r.frustration_family === '0' ? 0 : undefined),
  },
  vader: {
    files: ['vader-ground-truth/vader_groundtruth_all.csv'],
    text: 'text',
    label: (r) => {
      const v = Number(r.mean_groundtruth);
      if (!Number.isFinite(v)) return undefined;
      return v < -0.5 ? 1 : v > 0.5 ? 0 : undefined;
    },
  },
};

export function loadSource(dataDir: string, source: SourceName): LabelledRow[] {
  const spec = SOURCES[source];
  const seenIds = new Set<string>();
  const byKey = new Map<string, LabelledRow | null>();
  for (const file of spec.files) {
    const { records } = parseCsvRecords(readFileSync(join(dataDir, file), 'utf8'));
    for (const record of records) {
      const text = (record[spec.text] ?? '').trim();
      const label = spec.label(record);
      if (text === '' || label === undefined) continue;
      if (spec.id) {
        const id = record[spec.id] ?? '';
        if (id !== '' && seenIds.has(id)) continue;
        seenIds.add(id);
      }
      const key = splitKey(text);
      if (key === '') continue;
      const previous = byKey.get(key);
      if (previous === undefined) byKey.set(key, { source, text, label });
      else if (previous !== null && previous.label !== label) byKey.set(key, null);
    }
  }
  return [...byKey.values()].filter((row): row is LabelledRow => row !== null);
}
