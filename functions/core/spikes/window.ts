/**
 * Brand-wide spike math, pure: mentions per topic are counted in one-minute buckets (DynamoDB atomic
 * counters, see functions/adapters/dynamodb/spike-store.ts); a sliding window of the last few buckets is
 * compared with a baseline, an exponentially weighted moving average (EWMA) of the buckets before it.
 */
export interface SpikeSettings {
  readonly bucketMinutes: number;
  /** The sliding window: this many buckets, the current one included. */
  readonly windowBuckets: number;
  /** Buckets before the window that feed the baseline. */
  readonly baselineBuckets: number;
  /** EWMA smoothing per bucket: 0.1 weighs roughly the last 20 minutes of the hour before the window. */
  readonly ewmaAlpha: number;
  /** A spike needs at least this many mentions in the window ... */
  readonly minMentions: number;
  /** ... and at least this many times what the baseline expects for a window. */
  readonly minRatio: number;
  /** The baseline never expects less than this per window, so a quiet topic needs real volume to spike. */
  readonly minExpected: number;
  /** After an incident opens, the topic opens no other for this long: a long spike alerts once. */
  readonly cooldownMinutes: number;
  /** Mentions older than this (a backlog, a replay of old conversations) are not counted. */
  readonly maxAgeMinutes: number;
  /** Counters and mention records expire (the table's TTL attribute) once no window can read them. */
  readonly ttlMinutes: number;
  /** What the incident alert lists, and how far the opener's retroactive linking goes. */
  readonly exampleCases: number;
  readonly topTerms: number;
  /** A term reaches the alert only when this many mentions share it: no single customer's words. */
  readonly minTermMentions: number;
  readonly maxLinkedAtOpening: number;
}

export const SPIKE_SETTINGS: SpikeSettings = {
  bucketMinutes: 1,
  windowBuckets: 5,
  baselineBuckets: 60,
  ewmaAlpha: 0.1,
  minMentions: 20,
  minRatio: 3,
  minExpected: 1,
  cooldownMinutes: 60,
  maxAgeMinutes: 60,
  ttlMinutes: 3 * 60,
  exampleCases: 5,
  topTerms: 5,
  minTermMentions: 3,
  maxLinkedAtOpening: 500,
};

const MINUTE_MS = 60_000;

/** Where a moment falls: its bucket, the window ending with that bucket, and the baseline before it. */
export interface WindowRange {
  readonly bucketStart: string;
  /** Start of the first bucket of the window. */
  readonly windowStart: string;
  /** End of the current bucket (exclusive). */
  readonly windowEnd: string;
  /** Start of the first baseline bucket. */
  readonly baselineStart: string;
}

export function windowRange(at: Date, s: SpikeSettings = SPIKE_SETTINGS): WindowRange {
  const size = s.bucketMinutes * MINUTE_MS;
  const bucket = Math.floor(at.getTime() / size) * size;
  return {
    bucketStart: iso(bucket),
    windowStart: iso(bucket - (s.windowBuckets - 1) * size),
    windowEnd: iso(bucket + size),
    baselineStart: iso(bucket - (s.windowBuckets - 1 + s.baselineBuckets) * size),
  };
}

export interface BucketCount {
  readonly bucketStart: string;
  readonly mentions: number;
}

export interface WindowStats {
  /** Mentions in the window, the current bucket included. */
  readonly mentions: number;
  /** What the baseline expects for a window of this length. */
  readonly expected: number;
  /** mentions ÷ max(expected, minExpected). */
  readonly ratio: number;
}

/** Exponentially weighted moving average, oldest value first; 0 for no values. */
export function ewma(values: readonly number[], alpha: number): number {
  const [first, ...rest] = values;
  if (first === undefined) return 0;
  return rest.reduce((avg, v) => alpha * v + (1 - alpha) * avg, first);
}

/** Window count and baseline from the bucket counters; missing buckets had no mentions. */
export function windowStats(
  counts: readonly BucketCount[],
  range: WindowRange,
  s: SpikeSettings = SPIKE_SETTINGS,
): WindowStats {
  const size = s.bucketMinutes * MINUTE_MS;
  const byStart = new Map(counts.map((c) => [Date.parse(c.bucketStart), c.mentions]));
  const windowStart = Date.parse(range.windowStart);
  const baselineStart = Date.parse(range.baselineStart);
  const baseline: number[] = [];
  for (let t = baselineStart; t < windowStart; t += size) baseline.push(byStart.get(t) ?? 0);
  let mentions = 0;
  for (let t = windowStart; t < Date.parse(range.windowEnd); t += size) mentions += byStart.get(t) ?? 0;
  const expected = round1(ewma(baseline, s.ewmaAlpha) * s.windowBuckets);
  return { mentions, expected, ratio: round1(mentions / Math.max(expected, s.minExpected)) };
}

/** Enough volume in absolute terms and against the baseline. */
export function isSpike(stats: WindowStats, s: SpikeSettings = SPIKE_SETTINGS): boolean {
  return stats.mentions >= s.minMentions && stats.ratio >= s.minRatio;
}

/** Epoch seconds for the table's TTL attribute (`expiresAt`). */
export function expiresAt(bucketStart: string, s: SpikeSettings = SPIKE_SETTINGS): number {
  return Math.floor((Date.parse(bucketStart) + s.ttlMinutes * MINUTE_MS) / 1000);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
