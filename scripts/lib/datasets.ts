import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitKey } from '../../functions/core/text-model/split.ts';
import { parseCsvRecords } from './csv.ts';

/**
 * The public labelled sets in shared/data, turned into one shape: text + label, where 1 means
 * negative sentiment / complaint / frustration. Each set is de-duplicated by id and by text
 * (normalised as for the split); a text seen with both labels in one set is dropped.
 *
 * `twcs-replies` is weakly labelled (distant supervision): a customer's tweet to a brand's support
 * account is labelled by the brand's direct reply: 1 when the reply apologises or acknowledges a
 * problem ("sorry", "apologies", "frustrating"…), 0 when it thanks or is glad ("kind words",
 * "glad", "enjoy"…), skipped when it does neither or both.
 */

export interface LabelledRow {
  readonly source: SourceName;
  readonly text: string;
  readonly label: 0 | 1;
  /** complaints.csv only: the industry the tweet is addressed to, or `random_tweet` / `random_reply` */
  readonly domain?: string;
}

export const SOURCE_NAMES = [
  'complaints',
  'brand-emotion',
  'apple-sentiment',
  'goemotions',
  'vader',
  'twcs-replies',
] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

interface SourceSpec {
  files: string[];
  text: string;
  id?: string;
  /** column copied into `LabelledRow.domain` */
  domain?: string;
  /** 1, 0, or undefined to skip the row; `byId` holds every record of the file by `id` */
  label(record: Record<string, string>, byId: ReadonlyMap<string, Record<string, string>>): 0 | 1 | undefined;
}

/** A support account's reply that apologises for or acknowledges a problem. */
const REPLY_TO_COMPLAINT =
  /sorry|apolog|frustrat|not the experience|inconvenien|disappoint|not what we want|understand your|hear that|hate to hear|never want/i;
/** A support account's reply to praise or a friendly message. */
const REPLY_TO_PRAISE =
  /glad|kind words|pleasure|\blove\b|enjoy|happy to hear|great to hear|awesome|shout|welcome aboard|have a (great|wonderful|fantastic)|congrat|thanks for (choosing|flying)|appreciate (the|your) (kind|love|support|feedback)/i;

/** Label of a customer's inbound tweet from the brand's direct reply to it (see the file comment). */
function labelFromReply(
  record: Record<string, string>,
  byId: ReadonlyMap<string, Record<string, string>>,
): 0 | 1 | undefined {
  if (record.inbound !== 'True') return undefined;
  let complaint = false;
  let praise = false;
  for (const id of (record.response_tweet_id ?? '').split(',')) {
    const reply = byId.get(id.trim());
    if (reply?.inbound !== 'False' || reply.in_response_to_tweet_id !== record.tweet_id) continue;
    complaint ||= REPLY_TO_COMPLAINT.test(reply.text ?? '');
    praise ||= REPLY_TO_PRAISE.test(reply.text ?? '');
  }
  return complaint === praise ? undefined : complaint ? 1 : 0;
}

const SOURCES: Record<SourceName, SourceSpec> = {
  complaints: {
    files: ['complaints/complaints.csv'],
    text: 'text',
    id: 'tweet_id',
    domain: 'domain',
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
  'twcs-replies': {
    files: ['twcs/twcs_head5000_threads.csv'],
    text: 'text',
    id: 'tweet_id',
    label: labelFromReply,
  },
};

export function loadSource(dataDir: string, source: SourceName): LabelledRow[] {
  const spec = SOURCES[source];
  const seenIds = new Set<string>();
  const byKey = new Map<string, LabelledRow | null>();
  for (const file of spec.files) {
    const { records } = parseCsvRecords(readFileSync(join(dataDir, file), 'utf8'));
    const byId = new Map(spec.id ? records.map((r) => [r[spec.id as string] ?? '', r]) : []);
    for (const record of records) {
      const text = (record[spec.text] ?? '').trim();
      const label = spec.label(record, byId);
      if (text === '' || label === undefined) continue;
      if (spec.id) {
        const id = record[spec.id] ?? '';
        if (id !== '' && seenIds.has(id)) continue;
        seenIds.add(id);
      }
      const key = splitKey(text);
      if (key === '') continue;
      const previous = byKey.get(key);
      const domain = spec.domain ? record[spec.domain] : undefined;
      if (previous === undefined) byKey.set(key, { source, text, label, ...(domain ? { domain } : {}) });
      else if (previous !== null && previous.label !== label) byKey.set(key, null);
    }
  }
  return [...byKey.values()].filter((row): row is LabelledRow => row !== null);
}
