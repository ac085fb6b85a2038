/**
 * One signal that moved a score. `signal` is a stable machine name (dashboards and tuning key on it),
 * `weight` the points it added (negative when it lowered the score), `detail` a sentence for a person.
 */
export interface Reason {
  readonly signal: string;
  readonly weight: number;
  readonly detail: string;
}

export interface Score {
  /** 0–100 */
  readonly score: number;
  readonly reasons: readonly Reason[];
}

/** Sums contributions into a 0–100 score; reasons sorted largest first (zero-weight ones are notes). */
export function toScore(reasons: readonly Reason[]): Score {
  const kept = reasons.map((r) => ({ ...r, weight: round1(r.weight) }));
  const total = kept.reduce((sum, r) => sum + r.weight, 0);
  return {
    score: Math.round(Math.min(100, Math.max(0, total))),
    reasons: kept.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)),
  };
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
