import type { Contact } from '../contact.ts';
import { RetryableError } from '../errors.ts';
import type { RoutingPublisher, SpikeStore } from '../ports.ts';
import type { TierThresholds } from '../scoring/tier.ts';
import { topicOf } from '../topics.ts';
import {
  cooldownEdge,
  exampleCases,
  type IncidentLink,
  type IncidentPointer,
  incidentAlert,
  joins,
  judge,
  linkOf,
  type Mention,
  planLink,
  termsOf,
  topTerms,
} from './incident.ts';
import {
  expiresAt,
  SPIKE_SETTINGS,
  type SpikeSettings,
  type WindowStats,
  windowRange,
  windowStats,
} from './window.ts';

export interface SpikeDeps {
  readonly spikes: SpikeStore;
  readonly publisher: RoutingPublisher;
  readonly thresholds: TierThresholds;
  readonly settings?: SpikeSettings;
}

/** What counting one mention found: its window, and the incident it belongs to, if any. */
export interface SpikeObservation {
  readonly mention: Mention;
  readonly stats: WindowStats;
  readonly link?: IncidentLink;
}

const MINUTE_MS = 60_000;
/** Optimistic retries of one link before the whole triage is retried by SQS. */
const LINK_ATTEMPTS = 3;

/**
 * Counts a contact's mention of its topic, then looks for the topic's incident (count first, look
 * second: an incident opened in between either sees this mention or is seen by it). Opens the incident
 * when the window spikes and no other is in cooldown; the opener links the window's earlier cases and
 * sends the one alert before its own decision is saved, so a retry of it can finish the job.
 */
export async function observeMention(
  contact: Contact,
  caseId: string,
  now: Date,
  deps: SpikeDeps,
): Promise<SpikeObservation | undefined> {
  const s = deps.settings ?? SPIKE_SETTINGS;
  const topic = topicOf(contact.text);
  if (!topic) return undefined;
  const at = new Date(Math.min(Date.parse(contact.receivedAt), now.getTime()));
  if (now.getTime() - at.getTime() > s.maxAgeMinutes * MINUTE_MS) return undefined;
  const range = windowRange(at, s);
  const mention: Mention = {
    topic: topic.name,
    contactId: contact.id,
    caseId,
    at: at.toISOString(),
    bucketStart: range.bucketStart,
    terms: termsOf(contact.text),
  };
  const counts = await deps.spikes.recordMention(
    mention,
    range.baselineStart,
    expiresAt(range.bucketStart, s),
  );
  const stats = windowStats(counts, range, s);
  const judgeWith = (current: IncidentPointer | undefined) =>
    judge({ mention, label: topic.label, range, stats, now, ...(current ? { current } : {}) }, s);
  let verdict = judgeWith(await deps.spikes.currentIncident(topic.name));
  if (verdict.kind === 'open') {
    const opened = await deps.spikes.openIncident(verdict.incident, cooldownEdge(mention.at, s));
    if (opened === 'opened') verdict = { kind: 'resume', incident: verdict.incident };
    else {
      // Another triage opened one first: join it (or stay out if it does not cover this mention).
      verdict = judgeWith(await deps.spikes.currentIncident(topic.name));
      if (verdict.kind === 'open') verdict = { kind: 'none' };
    }
  }
  if (verdict.kind === 'none') return { mention, stats };
  const link = linkOf(verdict.incident, stats, s);
  if (verdict.kind === 'resume') await completeOpening(verdict.incident, mention, link, now, deps);
  return { mention, stats, link };
}

/** The opener's part: link the cases already decided in the window, then send the incident's one alert. */
async function completeOpening(
  incident: IncidentPointer,
  opener: Mention,
  link: IncidentLink,
  now: Date,
  deps: SpikeDeps,
): Promise<void> {
  const s = deps.settings ?? SPIKE_SETTINGS;
  const mentions = await deps.spikes.windowMentions(
    incident.topic,
    incident.windowStart,
    opener.bucketStart,
    s.maxLinkedAtOpening,
  );
  // Mentions whose triage has not saved yet are 'missing' here; they link themselves after saving.
  for (const m of mentions) if (m.contactId !== opener.contactId) await linkContact(m.contactId, link, deps);
  const summary = {
    mentions: Math.max(incident.mentions, mentions.length),
    topTerms: topTerms(mentions, s),
    exampleCaseIds: exampleCases(mentions, opener.caseId, s),
  };
  await deps.publisher.publish(incidentAlert(incident, summary, s));
  await deps.spikes.markAlerted(incident, summary, now.toISOString());
}

/** Links one already saved contact (and its case) to an incident; idempotent. */
export async function linkContact(
  contactId: string,
  link: IncidentLink,
  deps: SpikeDeps,
): Promise<'linked' | 'already' | 'missing'> {
  for (let attempt = 0; attempt < LINK_ATTEMPTS; attempt++) {
    const target = await deps.spikes.linkTarget(contactId);
    if (!target) return 'missing';
    const plan = planLink(target, link, deps.thresholds);
    if (!plan) return 'already';
    const applied = await deps.spikes.applyLink(target, plan);
    if (applied !== 'conflict') return applied;
  }
  throw new RetryableError(`case of ${contactId} kept changing while linking it to ${link.incidentId}`);
}

/**
 * After its decision is saved, a mention that saw no incident looks once more: an incident opened
 * between its count and its look at the pointer may not have found its case saved yet.
 */
export async function linkIfOpenedMeanwhile(
  observation: SpikeObservation,
  deps: SpikeDeps,
): Promise<IncidentLink | undefined> {
  if (observation.link) return undefined;
  const s = deps.settings ?? SPIKE_SETTINGS;
  const current = await deps.spikes.currentIncident(observation.mention.topic);
  if (!current || !joins(current, observation.mention.at, observation.stats, s)) return undefined;
  const link = linkOf(current, observation.stats, s);
  await linkContact(observation.mention.contactId, link, deps);
  return link;
}
