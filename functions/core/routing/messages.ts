import type { Brief } from '../brief/brief.ts';
import type { Reason } from '../scoring/reason.ts';
import type { Tier } from '../scoring/tier.ts';

/**
 * What triage and the sweeper publish. `alert` goes to the senior queue once per case and tier, `incident` once
 * per brand-wide spike; `normal` to the regular queue. A hot case that was already alerted is only updated in
 * the store: no alert storm.
 */
export type RoutingMessage =
  | {
      readonly kind: 'alert';
      /** Deterministic per case and tier: a consumer that sees it twice knows it is the same alert. */
      readonly alertId: string;
      readonly caseId: string;
      readonly contactId: string;
      readonly tier: Tier;
      readonly frustration: number;
      readonly viralRisk: number;
      readonly owner: string | null;
      readonly deadline: string;
      readonly brief: Brief;
      readonly briefText: string;
    }
  | {
      /** The sweeper's re-alert for a case whose deadline passed unacknowledged; one per escalation level. */
      readonly kind: 'escalation';
      readonly alertId: string;
      readonly caseId: string;
      readonly tier: Tier;
      readonly level: number;
      readonly owner: string | null;
      readonly deadline: string;
      readonly because: string;
      readonly briefText: string;
    }
  | {
      /**
       * A brand-wide spike (functions/core/spikes): one per incident, never per case. Carries no customer's
       * words beyond terms shared by several mentions. `caseId` is the case whose mention opened it, so
       * consumers keyed on caseId keep working; `tier` is always critical: many customers at once.
       */
      readonly kind: 'incident';
      readonly alertId: string;
      readonly incidentId: string;
      readonly caseId: string;
      readonly tier: Tier;
      readonly topic: string;
      readonly windowStart: string;
      readonly windowEnd: string;
      /** Mentions of the topic in the window when the incident opened, and what the baseline expected. */
      readonly mentions: number;
      readonly expected: number;
      readonly topTerms: readonly string[];
      readonly exampleCaseIds: readonly string[];
      readonly openedAt: string;
      readonly summary: string;
    }
  | {
      readonly kind: 'normal';
      readonly caseId: string;
      readonly contactId: string;
      readonly tier: Tier;
      readonly frustration: number;
      readonly viralRisk: number;
      readonly reasons: readonly Reason[];
    };

export type Destination =
  | 'senior'
  | 'senior (case updated, already alerted)'
  /** Hot only because it is part of an incident: the incident's one alert covers it (no alert storm). */
  | 'senior (incident, alerted with it)'
  | 'normal';
