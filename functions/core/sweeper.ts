import { DEADLINE_MINUTES } from './decision.ts';
import { alertIdFor } from './ids.ts';
import type { CaseOperations } from './operations-port.ts';
import type { RoutingPublisher } from './ports.ts';
import { TIERS, type Tier, tierRank } from './scoring/tier.ts';

/** An open case as the sweeper sees it. */
export interface SweepCase {
  readonly caseId: string;
  readonly tier: Tier;
  readonly owner: string | null;
  readonly deadline: string;
  readonly acknowledgedAt?: string;
  readonly escalationLevel: number;
}

export interface Escalation {
  readonly caseId: string;
  readonly owner: string | null;
  readonly fromLevel: number;
  readonly level: number;
  readonly tier: Tier;
  readonly deadline: string;
  /** One per case and level: a second sweep of the same overdue case sends nothing new. */
  readonly alertId: string;
  readonly because: string;
}

/**
 * Cases whose deadline passed without anyone acknowledging them: each goes up one tier (critical
 * stays critical) and one escalation level, with a fresh, shorter deadline and a new alert.
 */
export function overdue(cases: readonly SweepCase[], now: Date): Escalation[] {
  return cases
    .filter(
      (c) =>
        !c.acknowledgedAt && Date.parse(c.deadline) < now.getTime() && tierRank(c.tier) >= tierRank('hot'),
    )
    .map((c) => {
      const tier = TIERS[Math.min(TIERS.length - 1, tierRank(c.tier) + 1)] ?? 'critical';
      const level = c.escalationLevel + 1;
      return {
        caseId: c.caseId,
        owner: c.owner,
        fromLevel: c.escalationLevel,
        level,
        tier,
        deadline: new Date(now.getTime() + DEADLINE_MINUTES[tier] * 60_000).toISOString(),
        alertId: alertIdFor(c.caseId, `escalation-${level}`),
        because: `deadline ${c.deadline} passed without acknowledgement${c.owner ? ` by ${c.owner}` : ''}`,
      };
    });
}

/** Where the sweeper finds its cases: hot and critical, open, deadline passed, not acknowledged. */
export interface DueCases {
  /** Reads only the due cases (the case index by deadline), however many others are open. */
  dueForSweep(now: Date): Promise<SweepCase[]>;
}

export interface SweepDeps {
  readonly due: DueCases;
  readonly ops: Pick<CaseOperations, 'escalate' | 'briefText'>;
  readonly publisher: RoutingPublisher;
  readonly clock: () => Date;
}

/**
 * One pass of the scheduled sweeper. The alert is published before the escalation is stored, so a
 * crash in between re-sends the same alertId on the next pass rather than losing it.
 */
export async function runSweep(deps: SweepDeps): Promise<Escalation[]> {
  const now = deps.clock();
  const done: Escalation[] = [];
  // overdue() decides again: the index lags the table by a moment.
  for (const e of overdue(await deps.due.dueForSweep(now), now)) {
    await deps.publisher.publish({
      kind: 'escalation',
      alertId: e.alertId,
      caseId: e.caseId,
      tier: e.tier,
      level: e.level,
      owner: e.owner,
      deadline: e.deadline,
      because: e.because,
      briefText: (await deps.ops.briefText(e.caseId)) ?? '',
    });
    if (await deps.ops.escalate(e, now)) done.push(e);
  }
  return done;
}
