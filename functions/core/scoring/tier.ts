import type { Reason } from './reason.ts';

export const TIERS = ['calm', 'warm', 'hot', 'critical'] as const;
export type Tier = (typeof TIERS)[number];

export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier);
}

/**
 * Frustration: 30 = clearly unhappy (warm), 60 = failed more than once or angry enough that a
 * senior person should own it (hot), 85 = failed repeatedly and threatening to leave, sue or go
 * public (critical). Viral risk can lift a tier on its own: a public post that may spread is hot
 * even when its author is only mildly annoyed.
 */
export interface TierThresholds {
  readonly warm: number;
  readonly hot: number;
  readonly critical: number;
  /** Viral risk at or above this makes a case at least hot. */
  readonly viralHot: number;
  /** Viral risk at or above this, with frustration at least `warm`, makes it critical. */
  readonly viralCritical: number;
}

export const DEFAULT_THRESHOLDS: TierThresholds = {
  warm: 30,
  hot: 60,
  critical: 85,
  viralHot: 60,
  viralCritical: 75,
};

export interface TierDecision {
  readonly tier: Tier;
  readonly because: string;
}

export function decideTier(frustration: number, viralRisk: number, t: TierThresholds): TierDecision {
  if (frustration >= t.critical)
    return { tier: 'critical', because: `frustration ${frustration} ≥ ${t.critical}` };
  if (viralRisk >= t.viralCritical && frustration >= t.warm) {
    return {
      tier: 'critical',
      because: `viral risk ${viralRisk} ≥ ${t.viralCritical} with frustration ${frustration}`,
    };
  }
  if (frustration >= t.hot) return { tier: 'hot', because: `frustration ${frustration} ≥ ${t.hot}` };
  if (viralRisk >= t.viralHot) return { tier: 'hot', because: `viral risk ${viralRisk} ≥ ${t.viralHot}` };
  if (frustration >= t.warm) return { tier: 'warm', because: `frustration ${frustration} ≥ ${t.warm}` };
  return { tier: 'calm', because: `frustration ${frustration} < ${t.warm}` };
}

export function topReasons(reasons: readonly Reason[], n: number): Reason[] {
  return [...reasons].filter((r) => r.weight > 0).slice(0, n);
}
