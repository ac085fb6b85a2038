import type { Contact } from './contact.ts';
import { decideScored, type TriageDecision } from './decision.ts';
import type { CustomerHistory } from './history.ts';
import type { StoredContact, StoredDecision } from './ports.ts';
import type { StaffLoad } from './routing/roster.ts';
import { toScore } from './scoring/reason.ts';
import type { Tier, TierThresholds } from './scoring/tier.ts';
import { BRAND_SPIKE, scoreViralRisk, type ViralLists } from './scoring/viral-risk.ts';

/**
 * A social mention ingested again with fresher engagement counts (a listening tool re-pushes a post as
 * it spreads) keeps its contact id — the same post is the same message — and refreshes the stored
 * decision instead of opening a case or counting as a repeat contact. See docs/viral-risk.md.
 */
export interface EngagementRefresh {
  /** The re-decided contact: new viral risk, the stored frustration, tier, brief; routing only for a new alert. */
  readonly decision: TriageDecision;
  /** The snapshot it replaces: the store writes only if the contact still holds it. */
  readonly previousReadAt?: string;
  readonly previousViralRisk: number;
  /** The case's tier as read: the store writes only if the case still has it. */
  readonly caseTierBefore: Tier;
}

export interface RefreshInput {
  readonly contact: Contact;
  readonly stored: StoredDecision;
  readonly previousReadAt?: string;
  readonly history: CustomerHistory;
  readonly roster: readonly StaffLoad[];
  readonly thresholds: TierThresholds;
  readonly now: Date;
  readonly viralLists?: ViralLists;
}

/** True when the contact is a social mention read later than the stored copy of the same post. */
export function hasNewerEngagement(contact: Contact, stored: StoredContact): boolean {
  const next = contact.social?.engagement.readAt;
  const previous = stored.engagementReadAt ?? stored.receivedAt;
  if (!next || !previous) return false;
  return Date.parse(next) > Date.parse(previous);
}

/**
 * Re-scores viral risk with the new counts (a brand-spike reason the contact already had is kept),
 * keeps the stored frustration (same words), and decides tier and routing as for any contact: a case
 * reaching a higher tier alerts once for it. Undefined when the contact's case is no longer open.
 */
export function decideRefresh(input: RefreshInput): EngagementRefresh | undefined {
  const { contact, stored, history } = input;
  const open = history.openCase;
  if (!open || open.caseId !== stored.caseId) return undefined;
  const carried = stored.viralRisk.reasons.filter((r) => r.signal === BRAND_SPIKE);
  const fresh = scoreViralRisk(contact, input.viralLists ? { lists: input.viralLists } : {});
  const decided = decideScored({
    contact,
    // The stored copy of this very post is not an earlier contact of the customer.
    history: {
      ...history,
      earlierContacts: history.earlierContacts.filter((c) => c.contactId !== contact.id),
    },
    roster: input.roster,
    thresholds: input.thresholds,
    now: input.now,
    frustration: stored.frustration,
    viralRisk: carried.length > 0 ? toScore([...fresh.reasons, ...carried]) : fresh,
    ...(stored.incidentId ? { incidentId: stored.incidentId } : {}),
  });
  // The regular queue already has this contact; only a new senior alert is worth publishing again.
  const { routing, ...rest } = decided;
  const decision: TriageDecision = { ...rest, ...(routing?.kind === 'alert' ? { routing } : {}) };
  return {
    decision,
    ...(input.previousReadAt ? { previousReadAt: input.previousReadAt } : {}),
    previousViralRisk: stored.viralRisk.score,
    caseTierBefore: open.tier,
  };
}
