import type { TriageConfig } from '../config.ts';
import type { TierThresholds } from '../core/scoring/tier.ts';

export function thresholdsFrom(c: TriageConfig): TierThresholds {
  return {
    warm: c.TIER_WARM,
    hot: c.TIER_HOT,
    critical: c.TIER_CRITICAL,
    viralHot: c.TIER_VIRAL_HOT,
    viralCritical: c.TIER_VIRAL_CRITICAL,
  };
}
