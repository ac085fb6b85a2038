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
import { scoreViralRisk, type ViralLists } from './scoring/viral-risk.ts';
import { type IncidentLink, raiseForIncident, withoutSpike, withSpike } from './spikes/incident.ts';
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
  /** The brand-wide spike incident this contact is part of (functions/core/spikes). */
  readonly incidentId?: string;
}

export interface DecideInput {
  readonly contact: Contact;
  readonly tone: TextScore;
  readonly languageConfident: boolean;
  readonly history: CustomerHistory;
  readonly roster: readonly StaffLoad[];
  readonly thresholds: TierThresholds;
  readonly now: Date;
  /** Set when the contact's topic is part of a brand-wide spike: adds the brand_spike reason. */
  readonly incident?: IncidentLink;
  /** Press and influencer handles; VIRAL_LISTS when absent. */
  readonly viralLists?: ViralLists;
}

/** A decision from scores already made: a fresh contact's, or a re-ingested mention's (functions/core/refresh.ts). */
export interface ScoredInput {
  readonly contact: Contact;
  readonly history: CustomerHistory;
  readonly roster: readonly StaffLoad[];
  readonly thresholds: TierThresholds;
  readonly now: Date;
  readonly frustration: Score;
  readonly viralRisk: Score;
  /** Part of this incident: the tier is raised, and the incident's one alert covers the case (see decideScored). */
  readonly incidentId?: string;
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

/** The customer's history with this contact's own promises added (each once). */
function withPromisesOf(contact: Contact, input: CustomerHistory) {
  const newPromises = promisesIn(contact);
  const known = new Set(input.promises.map((p) => p.promiseId));
  const history: CustomerHistory = {
    ...input,
    promises: [...input.promises, ...newPromises.filter((p) => !known.has(p.promiseId))],
  };
  return { history, newPromises };
}

/** The pure heart of triage: scores, tier, case, owner, brief and where it goes. No I/O. */
export function decide(input: DecideInput): TriageDecision {
  const { contact } = input;
  const at = new Date(contact.receivedAt);
  const promised = withPromisesOf(contact, input.history);
  const frustration = scoreFrustration(contact, input.tone, promised.history, at, input.languageConfident);
  const own = scoreViralRisk(contact, input.viralLists ? { lists: input.viralLists } : {});
  return decideWithPromises(
    {
      contact,
      history: input.history,
      roster: input.roster,
      thresholds: input.thresholds,
      now: input.now,
      frustration,
      viralRisk: input.incident ? withSpike(own, input.incident) : own,
      incidentId: input.incident?.incidentId,
    },
    promised,
    at,
  );
}

/**
 * Tier, case, owner, brief and routing from the two scores. A case that is hot only because it is part
 * of an incident is stored hot (or critical) but sends no alert of its own and gets no owner here: the
 * incident's one alert covers it. A case heated on its own alerts as always, at its raised tier.
 */
export function decideScored(input: ScoredInput): TriageDecision {
  return decideWithPromises(
    input,
    withPromisesOf(input.contact, input.history),
    new Date(input.contact.receivedAt),
  );
}

/** decideScored() with the contact's promises already found (decide() needed them for the scores). */
function decideWithPromises(
  input: ScoredInput,
  { history, newPromises }: ReturnType<typeof withPromisesOf>,
  /** When the customer wrote: the brief's "now". */
  at: Date,
): TriageDecision {
  const { contact, now, frustration, viralRisk, incidentId } = input;
  const ownTier = decideTier(frustration.score, withoutSpike(viralRisk).score, input.thresholds);
  const { tier, because } = incidentId
    ? raiseForIncident(
        decideTier(frustration.score, viralRisk.score, input.thresholds),
        frustration.score,
        input.thresholds,
        incidentId,
      )
    : ownTier;
  const alertable = !incidentId || tierRank(ownTier.tier) >= tierRank('hot');
  const open = history.openCase;
  const caseId = open?.caseId ?? caseIdFor(contact.id);
  const caseTier = open && tierRank(open.tier) > tierRank(tier) ? open.tier : tier;
  const senior = tierRank(caseTier) >= tierRank('hot');
  const needsOwner = senior && alertable && !open?.owner;
  const topic = needsOwner ? topicOf(contact.text) : undefined;
  const assignment = needsOwner
    ? chooseOwner(input.roster, {
        channel: contact.channel,
        language: contact.language,
        ...(topic ? { topic: topic.name } : {}),
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
  // Built key by key, in the order the fields are declared: spreading a shared `common` object into each
  // branch's result made V8 copy it the slow way, and that copy was a third of decide() (bench/triage-core.ts).
  const d: Building<TriageDecision> = {
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
  };
  if (assignment) d.assigned = { owner: assignment.owner.id, because: assignment.because };
  d.newPromises = newPromises;
  d.deadline = deadline;
  d.decidedAt = now.toISOString();
  d.brief = brief;
  if (incidentId) d.incidentId = incidentId;
  if (senior && !alertable) {
    d.destination = 'senior (incident, alerted with it)';
    if (open?.alertedTier) d.alertedTier = open.alertedTier;
  } else if (senior && alreadyAlerted) {
    d.destination = 'senior (case updated, already alerted)';
    d.alertedTier = open?.alertedTier;
  } else if (senior) {
    d.destination = 'senior';
    d.alertedTier = caseTier;
    d.routing = {
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
    };
  } else {
    d.destination = 'normal';
    if (open?.alertedTier) d.alertedTier = open.alertedTier;
    d.routing = {
      kind: 'normal',
      caseId,
      contactId: contact.id,
      tier,
      frustration: frustration.score,
      viralRisk: viralRisk.score,
      reasons: [...frustration.reasons, ...viralRisk.reasons].slice(0, 6),
    };
  }
  return d as TriageDecision;
}

/** An object being filled in field by field. */
type Building<T> = { -readonly [K in keyof T]?: T[K] };
