import type { Contact, Identity } from './contact.ts';
import type { TriageDecision } from './decision.ts';
import type { CustomerHistory, OpenCase } from './history.ts';
import type { EngagementRefresh } from './refresh.ts';
import type { RoutingMessage } from './routing/messages.ts';
import type { StaffLoad } from './routing/roster.ts';
import type { Score } from './scoring/reason.ts';
import type { Tier } from './scoring/tier.ts';
import type { IncidentPointer, IncidentSummary, LinkPlan, LinkTarget, Mention } from './spikes/incident.ts';
import type { BucketCount } from './spikes/window.ts';

/** What the store remembers about an already-seen contact: enough to finish its routing after a crash. */
export interface StoredContact {
  readonly contactId: string;
  readonly caseId: string;
  readonly routing?: RoutingMessage;
  readonly routedAt?: string;
  /** When the first delivery stored its decision: a recent one may still be publishing. */
  readonly decidedAt?: string;
  /** Additive (absent on contacts stored before it existed): needed to re-score a re-ingested mention. */
  readonly customerId?: string;
  readonly receivedAt?: string;
  /** Social only: when the stored engagement counts were read; a later snapshot refreshes viral risk. */
  readonly engagementReadAt?: string;
}

/** The stored decision of one contact: what a re-ingested mention keeps (frustration) and replaces (viral risk). */
export interface StoredDecision {
  readonly contactId: string;
  readonly caseId: string;
  readonly customerId: string;
  readonly receivedAt: string;
  readonly frustration: Score;
  readonly viralRisk: Score;
  readonly tier: Tier;
  readonly caseTier: Tier;
  readonly incidentId?: string;
}

/** What a decision depends on in the open case it joins: any change means it must be decided again. */
export type CaseAsRead = Pick<OpenCase, 'contactCount' | 'tier' | 'alertedTier'>;

export interface ResolvedCustomer {
  readonly customerId: string;
  /** Identity keys not yet linked to any customer; saved with the decision. */
  readonly newKeys: readonly string[];
}

/** Port for the case store (DynamoDB in AWS and locally; in-memory in unit tests). */
export interface CaseStore {
  getContact(contactId: string): Promise<StoredContact | undefined>;
  resolveCustomer(identity: Identity, contactId: string): Promise<ResolvedCustomer>;
  loadHistory(customerId: string): Promise<CustomerHistory>;
  /** Senior staff with their current load, for owner assignment. */
  loadRoster(): Promise<StaffLoad[]>;
  /**
   * Writes contact, timeline entry, case, decision and identity links in one transaction.
   * Returns 'duplicate' when the contact was already stored (a redelivery): nothing is written.
   * `caseAsRead` is the open case the decision was made from: the case is updated only if it is still
   * so, else nothing is written and a RetryableError says to decide again from fresh history (two
   * contacts of one case decided side by side must not both alert it at the same tier).
   */
  saveDecision(
    decision: TriageDecision,
    newKeys: readonly string[],
    caseAsRead?: CaseAsRead,
  ): Promise<'saved' | 'duplicate'>;
  markRouted(contactId: string, at: string): Promise<void>;
  getDecision(contactId: string): Promise<StoredDecision | undefined>;
  /**
   * Re-scores a stored social mention with newer engagement counts, in one transaction: contact snapshot,
   * its decision, timeline tier and case. No new contact, timeline entry or case; contactCount unchanged.
   * Throws RetryableError when the contact or case changed meanwhile (SQS redelivers, triage re-reads).
   */
  refreshEngagement(refresh: EngagementRefresh): Promise<void>;
}

/**
 * Port for brand-wide spike state (DynamoDB: atomic counters with TTL, a per-topic incident pointer as the
 * lock, incident records). In-memory in unit tests.
 */
export interface SpikeStore {
  /**
   * Counts the mention once (a retry finds its record and does not count again) and returns the
   * topic's bucket counters from `from` to the mention's bucket.
   */
  recordMention(mention: Mention, from: string, expiresAt: number): Promise<BucketCount[]>;
  /** The topic's latest incident (consistent read), whether or not its cooldown is over. */
  currentIncident(topic: string): Promise<IncidentPointer | undefined>;
  /**
   * Writes the incident and moves the topic's pointer to it unless the pointer names an incident whose
   * window ended after `cooldownEdge`: concurrent triages open exactly one.
   */
  openIncident(incident: IncidentPointer, cooldownEdge: string): Promise<'opened' | 'exists'>;
  /** Mentions recorded for the topic in buckets `fromBucket` … `toBucket` (inclusive), at most `limit`. */
  windowMentions(topic: string, fromBucket: string, toBucket: string, limit: number): Promise<Mention[]>;
  /** A contact's stored decision and case, for linking; undefined while its triage has not saved it. */
  linkTarget(contactId: string): Promise<LinkTarget | undefined>;
  /** Links conditionally: 'already' when the decision is linked, 'conflict' when the case changed meanwhile. */
  applyLink(target: LinkTarget, plan: LinkPlan): Promise<'linked' | 'already' | 'conflict'>;
  markAlerted(incident: IncidentPointer, summary: IncidentSummary, at: string): Promise<void>;
}

/** Port for the queues a decision is published to (SQS). */
export interface RoutingPublisher {
  publish(message: RoutingMessage): Promise<void>;
}

/** Port for the intake side: hand a validated Contact to triage. */
export interface ContactQueue {
  send(contact: Contact): Promise<void>;
}
