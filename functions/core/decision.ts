import { type Brief, buildBrief } from './brief/brief.ts';
import { renderBrief } from './brief/render.ts';
import type { Contact } from './contact.ts';
import type { CustomerHistory, PromiseMade } from './history.ts';
import { alertIdFor, caseIdFor } from './ids.ts';
import { findPromises } from './promises.ts';
import { chooseOwner } from './routing/assign.ts';
import type { Destination, RoutingMessage } from './routing/messages.ts';
import type { StaffLoad } from './routing/roster.ts';
import { scoreFrustration } from './scoring/frustration.ts';
import type { Score } from './scoring/reason.ts';
import type { TextScore } from './scoring/text-model.ts';
import { decideTier, type Tier, type TierThresholds, tierRank } from './scoring/tier.ts';
import { scoreViralRisk } from './scoring/viral-risk.ts';
import { topicOf } from './topics.ts';

/** Time to first reply per tier: critical within the hour, hot the same morning. */
export const DEADLINE_MINUTES: Record<Tier, number> = { critical: 60, hot: 240, warm: 1440, calm: 4320 };

export interface TriageDecision {
  readonly contact: Contact;
  readonly customerId: string;
  readonly caseId: string;
  readonly isNewCase: boolean;
  readonly frustration: Score;
  readonly viralRisk: Score;
  readonly tier: Tier;
  /** The case's tier after this contact: never lowered by a calmer message. */
  readonly caseTier: Tier;
  readonly tierBecause: string;
  readonly destination: Destination;
  readonly alertedTier?: Tier;
  readonly owner: string | null;
  /** Set when this contact assigned the owner (not when the case already had one). */
  readonly assigned?: { readonly owner: string; readonly because: string };
  /** Promises found in this contact (agent turns, or the customer reporting one), stored with it. */
  readonly newPromises: readonly PromiseMade[];
  readonly deadline: string;
  readonly decidedAt: string;
  readonly brief: Brief;
  readonly routing?: RoutingMessage;
}

export interface DecideInput {
  readonly contact: Contact;
  readonly tone: TextScore;
  readonly languageConfident: boolean;
  readonly history: CustomerHistory;
  readonly roster: readonly StaffLoad[];
  readonly thresholds: TierThresholds;
  readonly now: Date;
}

/** Promises in this contact: what agents said in earlier chat turns, and what the customer says was promised. */
function promisesIn(contact: Contact): PromiseMade[] {
  const found = [
    ...contact.priorTurns
      .filter((t) => t.role === 'agent')
      .flatMap((t) => findPromises(t.text, t.at, 'agent')),
    ...findPromises(contact.text, contact.receivedAt, 'customer_report'),
  ];
  return found.map((p) => ({ ...p, kept: false }));
}

/** The pure heart of triage: scores, tier, case, owner, brief and where it goes. No I/O. */
export function decide(input: DecideInput): TriageDecision {
  const { contact, now } = input;
  const at = new Date(contact.receivedAt);
  const newPromises = promisesIn(contact);
  const known = new Set(input.history.promises.map((p) => p.promiseId));
  const history: CustomerHistory = {
    ...input.history,
    promises: [...input.history.promises, ...newPromises.filter((p) => !known.has(p.promiseId))],
  };
  const frustration = scoreFrustration(contact, input.tone, history, at, input.languageConfident);
  const viralRisk = scoreViralRisk(contact);
  const { tier, because } = decideTier(frustration.score, viralRisk.score, input.thresholds);
  const open = history.openCase;
  const caseId = open?.caseId ?? caseIdFor(contact.id);
  const caseTier = open && tierRank(open.tier) > tierRank(tier) ? open.tier : tier;
  const senior = tierRank(caseTier) >= tierRank('hot');
  const assignment =
    senior && !open?.owner
      ? chooseOwner(input.roster, {
          channel: contact.channel,
          language: contact.language,
          ...(topicOf(contact.text) ? { topic: topicOf(contact.text)?.name } : {}),
          ...(history.lastOwner ? { previousOwner: history.lastOwner } : {}),
        })
      : undefined;
  const owner = open?.owner ?? assignment?.owner.id ?? null;
  const deadline = new Date(now.getTime() + DEADLINE_MINUTES[caseTier] * 60_000).toISOString();
  const brief = buildBrief({
    caseId,
    contact,
    history,
    frustration,
    viralRisk,
    tier: caseTier,
    owner,
    deadline,
    now: at,
  });
  const alreadyAlerted = open?.alertedTier !== undefined && tierRank(open.alertedTier) >= tierRank(caseTier);
  const common = {
    contact,
    customerId: history.customerId,
    caseId,
    isNewCase: !open,
    frustration,
    viralRisk,
    tier,
    caseTier,
    tierBecause: because,
    owner,
    ...(assignment ? { assigned: { owner: assignment.owner.id, because: assignment.because } } : {}),
    newPromises,
    deadline,
    decidedAt: now.toISOString(),
    brief,
  };
  if (senior && alreadyAlerted) {
    return {
      ...common,
      destination: 'senior (case updated, already alerted)',
      alertedTier: open?.alertedTier,
    };
  }
  if (senior) {
    return {
      ...common,
      destination: 'senior',
      alertedTier: caseTier,
      routing: {
        kind: 'alert',
        alertId: alertIdFor(caseId, caseTier),
        caseId,
        contactId: contact.id,
        tier: caseTier,
        frustration: frustration.score,
        viralRisk: viralRisk.score,
        owner,
        deadline,
        brief,
        briefText: renderBrief(brief),
      },
    };
  }
  return {
    ...common,
    destination: 'normal',
    ...(open?.alertedTier ? { alertedTier: open.alertedTier } : {}),
    routing: {
      kind: 'normal',
      caseId,
      contactId: contact.id,
      tier,
      frustration: frustration.score,
      viralRisk: viralRisk.score,
      reasons: [...frustration.reasons, ...viralRisk.reasons].slice(0, 6),
    },
  };
}
