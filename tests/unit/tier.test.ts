import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, decideTier } from '../../functions/core/scoring/tier.ts';

describe('decideTier', () => {
  it.each([
    [10, 0, 'calm'],
    [30, 0, 'warm'],
    [60, 0, 'hot'],
    [85, 0, 'critical'],
    [10, 60, 'hot'],
    [30, 75, 'critical'],
    [20, 90, 'hot'],
  ] as const)('frustration %i, viral %i → %s', (frustration, viral, tier) => {
    expect(decideTier(frustration, viral, DEFAULT_THRESHOLDS).tier).toBe(tier);
  });

  it('follows configured thresholds', () => {
    expect(decideTier(50, 0, { ...DEFAULT_THRESHOLDS, hot: 50 }).tier).toBe('hot');
    expect(decideTier(50, 0, { ...DEFAULT_THRESHOLDS, hot: 51 }).because).toBe('frustration 50 ≥ 30');
  });
});
