import type { Tier } from './scoring/tier.ts';
import { TIERS } from './scoring/tier.ts';

/** A case with how it ended, as the report reads it. */
export interface ReportCase {
  readonly tier: Tier;
  readonly openedAt: string;
  readonly acknowledgedAt?: string | null;
  readonly closedAs?: string;
  readonly wentPublic?: boolean;
  readonly csat?: number;
  readonly escalationLevel: number;
}

export interface TierRow {
  readonly tier: Tier;
  readonly cases: number;
  readonly churned: number;
  readonly wentPublic: number;
  readonly badShare: number;
  readonly acknowledged: number;
  readonly medianMinutesToAcknowledge: number | null;
  readonly escalated: number;
  readonly meanCsat: number | null;
}

export interface RoutingReport {
  readonly rows: TierRow[];
  readonly suggestions: string[];
}

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/**
 * How routing performed, from stored decisions and outcomes: whether the cases it called calm ended
 * badly (churned or went public) more than the ones it sent to senior staff, and how fast heated
 * cases were picked up. Suggestions need at least `minCases` per tier to say anything.
 */
export function buildReport(cases: readonly ReportCase[], minCases = 5): RoutingReport {
  const rows = TIERS.map((tier): TierRow => {
    const inTier = cases.filter((c) => c.tier === tier);
    const churned = inTier.filter((c) => c.closedAs === 'churned').length;
    const wentPublic = inTier.filter((c) => c.wentPublic).length;
    const acked = inTier.filter((c) => c.acknowledgedAt);
    const csats = inTier.flatMap((c) => (c.csat ? [c.csat] : []));
    return {
      tier,
      cases: inTier.length,
      churned,
      wentPublic,
      badShare: inTier.length ? (churned + wentPublic) / inTier.length : 0,
      acknowledged: acked.length,
      medianMinutesToAcknowledge: median(
        acked.map((c) => (Date.parse(c.acknowledgedAt ?? '') - Date.parse(c.openedAt)) / 60_000),
      ),
      escalated: inTier.filter((c) => c.escalationLevel > 0).length,
      meanCsat: csats.length ? csats.reduce((a, b) => a + b, 0) / csats.length : null,
    };
  });
  const suggestions: string[] = [];
  const row = (t: Tier) => rows.find((r) => r.tier === t);
  const low = [row('calm'), row('warm')].filter((r): r is TierRow => !!r && r.cases >= minCases);
  const high = [row('hot'), row('critical')].filter((r): r is TierRow => !!r && r.cases >= minCases);
  for (const r of low) {
    if (r.badShare >= 0.1) {
      suggestions.push(
        `${Math.round(r.badShare * 100)}% of ${r.tier} cases churned or went public: lower the hot threshold (TIER_HOT) so more of them reach senior staff`,
      );
    }
  }
  const highBad = high.reduce((s, r) => s + r.churned + r.wentPublic, 0);
  const highCases = high.reduce((s, r) => s + r.cases, 0);
  if (highCases >= minCases && highBad === 0 && low.every((r) => r.badShare === 0) && low.length > 0) {
    suggestions.push(
      'no case ended badly in any tier: the hot threshold may be raised to spare senior staff',
    );
  }
  for (const r of high) {
    if (r.escalated / r.cases >= 0.3) {
      suggestions.push(
        `${Math.round((r.escalated / r.cases) * 100)}% of ${r.tier} cases missed their deadline: add senior capacity or lengthen the ${r.tier} deadline`,
      );
    }
  }
  if (suggestions.length === 0) {
    suggestions.push(
      `not enough evidence for a change (need ≥ ${minCases} cases per tier with outcomes; have ${cases.length} cases)`,
    );
  }
  return { rows, suggestions };
}
