import { describe, expect, it } from 'vitest';
import {
  type BucketCount,
  ewma,
  expiresAt,
  isSpike,
  SPIKE_SETTINGS,
  windowRange,
  windowStats,
} from '../../functions/core/spikes/window.ts';

const at = (iso: string) => new Date(iso);
/** One counter per minute ending at `lastBucket`, oldest first. */
function counters(lastBucket: string, perMinute: readonly number[]): BucketCount[] {
  const end = Date.parse(lastBucket);
  return perMinute.map((mentions, i) => ({
    bucketStart: new Date(end - (perMinute.length - 1 - i) * 60_000).toISOString(),
    mentions,
  }));
}

describe('spike windows', () => {
  it('puts a moment in its minute bucket, with the 5-minute window ending there and an hour of baseline before', () => {
    expect(windowRange(at('2026-11-20T10:07:42.123Z'))).toEqual({
      bucketStart: '2026-11-20T10:07:00.000Z',
      windowStart: '2026-11-20T10:03:00.000Z',
      windowEnd: '2026-11-20T10:08:00.000Z',
      baselineStart: '2026-11-20T09:03:00.000Z',
    });
  });

  it('averages the baseline with an EWMA that follows recent buckets more than old ones', () => {
    expect(ewma([], 0.1)).toBe(0);
    expect(ewma([4, 4, 4], 0.1)).toBeCloseTo(4);
    expect(ewma([0, 0, 0, 10], 0.5)).toBeCloseTo(5);
    expect(ewma([10, 0, 0, 0], 0.5)).toBeCloseTo(1.25);
  });

  it('counts the window from the counters and treats missing buckets as quiet', () => {
    const range = windowRange(at('2026-11-20T10:07:10Z'));
    const stats = windowStats(counters('2026-11-20T10:07:00.000Z', [9, 9, 1, 2, 3, 4, 5]), range);
    expect(stats.mentions).toBe(15);
    expect(stats.expected).toBeGreaterThan(0);
  });

  it('needs both volume and a jump over the baseline to call a spike', () => {
    const range = windowRange(at('2026-11-20T10:07:10Z'));
    const quietHour = Array.from({ length: 60 }, () => 0);
    const busyHour = Array.from({ length: 60 }, () => 10);
    const burst = (before: number[], window: number[]) =>
      windowStats(counters('2026-11-20T10:07:00.000Z', [...before, ...window]), range);
    // 25 mentions after a quiet hour: a spike.
    expect(isSpike(burst(quietHour, [5, 5, 5, 5, 5]))).toBe(true);
    // 15 after a quiet hour: too few to matter, however sudden.
    expect(isSpike(burst(quietHour, [3, 3, 3, 3, 3]))).toBe(false);
    // 60 in a topic that usually has 50 per window: busy, not a spike.
    expect(isSpike(burst(busyHour, [12, 12, 12, 12, 12]))).toBe(false);
    // 200 in that topic: four times its usual.
    const big = burst(busyHour, [40, 40, 40, 40, 40]);
    expect(big).toMatchObject({ mentions: 200, expected: 50, ratio: 4 });
    expect(isSpike(big)).toBe(true);
  });

  it('lets counters expire (TTL, epoch seconds) once no window or baseline can read them', () => {
    const bucket = '2026-11-20T10:07:00.000Z';
    const ttl = expiresAt(bucket);
    expect(ttl).toBe(Date.parse(bucket) / 1000 + SPIKE_SETTINGS.ttlMinutes * 60);
    const reach =
      (SPIKE_SETTINGS.windowBuckets + SPIKE_SETTINGS.baselineBuckets) * SPIKE_SETTINGS.bucketMinutes;
    expect(SPIKE_SETTINGS.ttlMinutes).toBeGreaterThan(reach);
  });
});
