import { createHash } from 'node:crypto';
import { alertIdFor } from '../ids.ts';
import type { RoutingMessage } from '../routing/messages.ts';
import { type Reason, type Score, toScore } from '../scoring/reason.ts';
import { decideTier, type Tier, type TierDecision, type TierThresholds, tierRank } from '../scoring/tier.ts';
import { BRAND_SPIKE, VIRAL_WEIGHTS } from '../scoring/viral-risk.ts';
import { isSpike, SPIKE_SETTINGS, type SpikeSettings, type WindowRange, type WindowStats } from './window.ts';

/** One counted mention of a topic: kept (with TTL) so the incident that opens later can link its case. */
export interface Mention {
  readonly topic: string;
  readonly contactId: string;
  readonly caseId: string;
  /** When the customer wrote it (the contact's receivedAt, never later than triage's clock). */
  readonly at: string;
  readonly bucketStart: string;
  /** A few content words, for the alert's top terms (only terms several mentions share are shown). */
  readonly terms: readonly string[];
}

/** An incident as the topic's pointer item holds it: the lock that makes concurrent triages open one. */
export interface IncidentPointer {
  readonly incidentId: string;
  readonly topic: string;
  /** Noun phrase for people: "the {label}". */
  readonly label: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly openedAt: string;
  /** The contact whose triage opened it: only that triage, or its retry, sends the one alert. */
  readonly openedBy: string;
  /** Mentions in the window when it opened, and what the baseline expected. */
  readonly mentions: number;
  readonly expected: number;
  readonly alertedAt?: string;
}

/** What a case is told about the incident it is part of. */
export interface IncidentLink {
  readonly incidentId: string;
  readonly label: string;
  readonly mentions: number;
  readonly expected: number;
  readonly windowMinutes: number;
}

export type Verdict =
  | { readonly kind: 'none' }
  /** A spike and no incident in cooldown: try to open this one (conditional put). */
  | { readonly kind: 'open'; readonly incident: IncidentPointer }
  /** Part of the topic's current incident: linked, no new alert. */
  | { readonly kind: 'join'; readonly incident: IncidentPointer }
  /** This contact opened the incident but its triage stopped before the alert went out: finish it. */
  | { readonly kind: 'resume'; readonly incident: IncidentPointer };

export interface JudgeInput {
  readonly mention: Mention;
  readonly label: string;
  readonly range: WindowRange;
  readonly stats: WindowStats;
  readonly current?: IncidentPointer;
  readonly now: Date;
}

const MINUTE_MS = 60_000;

/** Deterministic per topic and window start: a retried triage computes the same incident. */
export function incidentIdFor(topic: string, windowStart: string): string {
  return `i_${createHash('sha256').update(`${topic}\u0000${windowStart}`).digest('hex').slice(0, 32)}`;
}

export function incidentAlertIdFor(incidentId: string): string {
  return alertIdFor(incidentId, 'incident');
}

/** New incidents for a topic may open only when the last one's window ended this long before `at`. */
export function cooldownEdge(at: string, s: SpikeSettings = SPIKE_SETTINGS): string {
  return new Date(Date.parse(at) - s.cooldownMinutes * MINUTE_MS).toISOString();
}

/**
 * A mention belongs to an incident when it falls in the incident's window, or after it within the
 * cooldown while its own window still has spike volume (a quiet mention an hour later does not).
 */
export function joins(incident: IncidentPointer, mentionAt: string, stats: WindowStats, s = SPIKE_SETTINGS) {
  const t = Date.parse(mentionAt);
  if (t < Date.parse(incident.windowStart)) return false;
  if (t < Date.parse(incident.windowEnd)) return true;
  return (
    t < Date.parse(incident.windowEnd) + s.cooldownMinutes * MINUTE_MS && stats.mentions >= s.minMentions
  );
}

export function judge(input: JudgeInput, s: SpikeSettings = SPIKE_SETTINGS): Verdict {
  const { mention, current, stats } = input;
  if (current && current.openedBy === mention.contactId && !current.alertedAt) {
    return { kind: 'resume', incident: current };
  }
  if (current && joins(current, mention.at, stats, s)) return { kind: 'join', incident: current };
  if (!isSpike(stats, s)) return { kind: 'none' };
  if (current && current.windowEnd > cooldownEdge(mention.at, s)) return { kind: 'none' };
  return {
    kind: 'open',
    incident: {
      incidentId: incidentIdFor(mention.topic, input.range.windowStart),
      topic: mention.topic,
      label: input.label,
      windowStart: input.range.windowStart,
      windowEnd: input.range.windowEnd,
      openedAt: input.now.toISOString(),
      openedBy: mention.contactId,
      mentions: stats.mentions,
      expected: stats.expected,
    },
  };
}

export function linkOf(incident: IncidentPointer, stats: WindowStats, s = SPIKE_SETTINGS): IncidentLink {
  return {
    incidentId: incident.incidentId,
    label: incident.label,
    mentions: Math.max(stats.mentions, incident.mentions),
    expected: incident.expected,
    windowMinutes: s.windowBuckets * s.bucketMinutes,
  };
}

export function spikeReason(link: IncidentLink): Reason {
  return {
    signal: BRAND_SPIKE,
    weight: VIRAL_WEIGHTS.brandSpike,
    detail: `part of incident ${link.incidentId}: ${link.mentions} mentions about the ${link.label} in ${link.windowMinutes} min (baseline expects ${link.expected})`,
  };
}

/** Viral risk with the brand-spike reason added (once). */
export function withSpike(score: Score, link: IncidentLink): Score {
  if (score.reasons.some((r) => r.signal === BRAND_SPIKE)) return score;
  return toScore([...score.reasons, spikeReason(link)]);
}

/** Viral risk as the contact alone earns it: what decides whether the case alerts on its own. */
export function withoutSpike(score: Score): Score {
  if (!score.reasons.some((r) => r.signal === BRAND_SPIKE)) return score;
  return toScore(score.reasons.filter((r) => r.signal !== BRAND_SPIKE));
}

/**
 * Part of an incident: at least hot, and critical when the customer is also really unhappy
 * (frustration at least `warm`). Documented in docs/viral-risk.md.
 */
export function raiseForIncident(
  base: TierDecision,
  frustration: number,
  t: TierThresholds,
  incidentId: string,
): TierDecision {
  const floor: Tier = frustration >= t.warm ? 'critical' : 'hot';
  if (tierRank(base.tier) >= tierRank(floor)) return base;
  return {
    tier: floor,
    because:
      floor === 'critical'
        ? `part of incident ${incidentId} with frustration ${frustration} ≥ ${t.warm}`
        : `part of incident ${incidentId}`,
  };
}

/** A stored contact decision and its case, read to link them to an incident after the fact. */
export interface LinkTarget {
  readonly contactId: string;
  readonly caseId: string;
  readonly receivedAt: string;
  readonly frustration: number;
  readonly viralRisk: Score;
  /** Set when this contact's decision is already linked. */
  readonly incidentId?: string;
  readonly case: {
    readonly status: 'open' | 'closed';
    readonly tier: Tier;
    readonly viralRisk: number;
    readonly updatedAt: string;
    readonly briefText: string;
  };
}

export interface LinkPlan {
  readonly incidentId: string;
  readonly viralRisk: Score;
  readonly tier: Tier;
  readonly tierBecause: string;
  /** The case's tier and viral risk after linking: never lowered; a closed case keeps its own. */
  readonly caseTier: Tier;
  readonly caseViralRisk: number;
  readonly briefText: string;
}

/** Raises an already decided contact (and its open case) for the incident it turned out to be part of. */
export function planLink(target: LinkTarget, link: IncidentLink, t: TierThresholds): LinkPlan | undefined {
  if (target.incidentId) return undefined;
  const viralRisk = withSpike(target.viralRisk, link);
  const decided = raiseForIncident(
    decideTier(target.frustration, viralRisk.score, t),
    target.frustration,
    t,
    link.incidentId,
  );
  const open = target.case.status === 'open';
  const caseTier =
    open && tierRank(decided.tier) > tierRank(target.case.tier) ? decided.tier : target.case.tier;
  return {
    incidentId: link.incidentId,
    viralRisk,
    tier: decided.tier,
    tierBecause: decided.because,
    caseTier,
    caseViralRisk: open ? Math.max(target.case.viralRisk, viralRisk.score) : target.case.viralRisk,
    briefText: open
      ? `${target.case.briefText}\n\nPart of incident ${link.incidentId}: ${link.mentions} mentions about the ${link.label} in ${link.windowMinutes} min; viral risk now ${viralRisk.score}, tier ${caseTier}. The incident's one alert covers this case.`
      : target.case.briefText,
  };
}

/** Words that say nothing about what a spike is about. */
const STOPWORDS = new Set(
  (
    'about above after again against also been before being below between both cannot could does doing ' +
    'during each from further have having here hers herself himself into itself just more most myself once ' +
    'only other ours ourselves over same should some such than that their theirs them themselves then there ' +
    'these they this those through under until very were what when where which while whom will with would ' +
    'your yours yourself yourselves still today really please thanks thank because every since anyone ' +
    'nobody someone something anything nothing know like want need time hello dear'
  ).split(' '),
);

/** Content words of a mention (letters only, 4–20 long, no stopwords), first ones first. */
export function termsOf(text: string, max = 8): string[] {
  const words =
    text
      .slice(0, 2000)
      .toLowerCase()
      .match(/\p{L}{4,20}/gu) ?? [];
  const out: string[] = [];
  for (const w of words) {
    if (STOPWORDS.has(w) || out.includes(w)) continue;
    out.push(w);
    if (out.length >= max) break;
  }
  return out;
}

/** The terms most mentions share; a term needs `minTermMentions` mentions so no one customer's words leak. */
export function topTerms(mentions: readonly Mention[], s: SpikeSettings = SPIKE_SETTINGS): string[] {
  const counts = new Map<string, number>();
  for (const m of mentions)
    for (const term of new Set(m.terms)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n >= s.minTermMentions)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, s.topTerms)
    .map(([term]) => term);
}

/** Distinct case ids, the opener's first, then in order of mention. */
export function exampleCases(
  mentions: readonly Mention[],
  first: string,
  s: SpikeSettings = SPIKE_SETTINGS,
): string[] {
  const ids = [first, ...[...mentions].sort((a, b) => a.at.localeCompare(b.at)).map((m) => m.caseId)];
  return [...new Set(ids)].slice(0, s.exampleCases);
}

export interface IncidentSummary {
  readonly mentions: number;
  readonly topTerms: readonly string[];
  readonly exampleCaseIds: readonly string[];
}

/** The incident's one alert: counts, terms and example cases, no customer's words. */
export function incidentAlert(
  incident: IncidentPointer,
  summary: IncidentSummary,
  s: SpikeSettings = SPIKE_SETTINGS,
): Extract<RoutingMessage, { kind: 'incident' }> {
  const minutes = s.windowBuckets * s.bucketMinutes;
  const terms = summary.topTerms.length > 0 ? summary.topTerms.join(', ') : 'none shared by enough mentions';
  return {
    kind: 'incident',
    alertId: incidentAlertIdFor(incident.incidentId),
    incidentId: incident.incidentId,
    caseId: summary.exampleCaseIds[0] ?? '',
    tier: 'critical',
    topic: incident.topic,
    windowStart: incident.windowStart,
    windowEnd: incident.windowEnd,
    mentions: summary.mentions,
    expected: incident.expected,
    topTerms: summary.topTerms,
    exampleCaseIds: summary.exampleCaseIds,
    openedAt: incident.openedAt,
    summary:
      `Incident ${incident.incidentId}: brand-wide spike about the ${incident.label} — ${summary.mentions} mentions in ` +
      `${minutes} min from ${incident.windowStart} (baseline expects ${incident.expected}). Top terms: ${terms}. ` +
      `Example cases: ${summary.exampleCaseIds.join(', ')}. Every case in it is linked and at least hot; ` +
      `no other alert goes out for them unless a case is heated on its own.`,
  };
}
