import type { Brief } from '../brief/brief.ts';
import type { PromiseMade } from '../history.ts';
import type { CaseOperations } from '../operations-port.ts';
import type { StaffMember } from '../routing/roster.ts';
import type { Tier } from '../scoring/tier.ts';
import type { IncidentPointer } from '../spikes/incident.ts';

/**
 * What the inbox reads, as the store keeps it. DynamoCaseReader (functions/adapters/dynamodb/case-reader.ts)
 * satisfies it; the fields are the ones the views use, nothing more.
 */
export interface StoredCase {
  readonly caseId: string;
  readonly customerId: string;
  readonly status: 'open' | 'closed';
  readonly tier: Tier;
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly owner: string | null;
  readonly deadline: string;
  readonly acknowledgedAt?: string | null | undefined;
  readonly closedAt?: string | undefined;
  readonly closedAs?: string | undefined;
  readonly wentPublic?: boolean | undefined;
  readonly escalationLevel: number;
  readonly contactCount: number;
  readonly frustration: number;
  readonly viralRisk: number;
  /**
   * The brief of the case's latest triage, whole (functions/core/brief/brief.ts): the reader assembles it
   * from the items that hold its parts. Null when the stored brief could not be read.
   */
  readonly brief: Brief | null;
  readonly incidentId?: string | undefined;
}

export interface StoredOutcome {
  readonly outcomeId: string;
  readonly kind: string;
  readonly recordedAt: string;
  readonly by: string;
  readonly actions: readonly { readonly what: string; readonly result: 'worked' | 'failed' | 'pending' }[];
  readonly csat?: number | undefined;
  readonly note?: string | undefined;
  readonly owner?: string | undefined;
}

/** A promise as stored: the same record triage keeps in a customer's history. */
export type StoredPromise = PromiseMade;

/** An incident as the inbox reads it: its pointer item (who opened it is triage's business) and what was linked. */
export interface StoredIncident extends Omit<IncidentPointer, 'openedBy' | 'alertedAt'> {
  readonly alertedAt?: string | undefined;
  readonly linkedContacts: number;
  readonly topTerms: readonly string[];
  readonly exampleCaseIds: readonly string[];
}

/** A roster entry as far as the inbox reads it: who a case can go to, not their capacity or load. */
export type StoredStaffMember = Pick<StaffMember, 'id' | 'name' | 'languages' | 'onShift'>;

/**
 * Where a page of open cases starts: at the beginning of `tier`, or just after the case `after` names in it.
 * Tiers are read hottest first; within one, the deadline soonest first.
 */
export interface CasePosition {
  readonly tier: Tier;
  readonly after?: { readonly deadline: string; readonly caseId: string };
}

export interface CasePageQuery {
  /** At most this many cases. */
  readonly limit: number;
  /** Only this tier. */
  readonly tier?: Tier;
  /** Only this owner's. */
  readonly owner?: string;
  /** Absent: from the hottest tier's most urgent case. */
  readonly from?: CasePosition;
}

export interface CasePage {
  /** In list order: tier (hottest first), then deadline (soonest first). */
  readonly cases: readonly StoredCase[];
  /** Where the next page starts; absent when nothing is left. */
  readonly next?: CasePosition;
}

/** Open cases per tier, each counted up to a cap. */
export type TierCounts = Readonly<Record<Tier, { readonly count: number; readonly more: boolean }>>;

/** An open case that is part of an incident, as the case index holds it (no brief). */
export interface IncidentCaseEntry {
  readonly caseId: string;
  readonly incidentId: string;
  readonly tier: Tier;
  readonly deadline: string;
}

export interface IncidentCaseQuery {
  /** Index entries the read may evaluate, whatever it keeps: what bounds its reads. */
  readonly budget: number;
  /** Only this incident's cases. */
  readonly incidentId?: string;
}

export interface IncidentCaseScan {
  /** Hottest tier first; within one, the latest deadline (the most recently decided) first. */
  readonly entries: readonly IncidentCaseEntry[];
  /** False when the budget ran out with open cases left unread: what was found is then a lower bound. */
  readonly complete: boolean;
}

/** The read side the inbox needs. Every read is bounded by a limit, a cap or a budget, not by the open cases. */
export interface InboxReader {
  /** One page of open cases, hottest first; its reads are bounded by `limit`, not by how many are open. */
  openCasePage(query: CasePageQuery): Promise<CasePage>;
  /** Open cases per tier, each counted up to `cap` (reads bounded by the cap). */
  openTierCounts(cap: number): Promise<TierCounts>;
  /**
   * Open cases that are part of an incident (hot and critical only: an incident raises its cases to at least
   * hot, and an open case's tier only rises), from the case index, evaluating at most `budget` entries.
   */
  openIncidentCases(query: IncidentCaseQuery): Promise<IncidentCaseScan>;
  /** These cases as stored now, open or closed, with their briefs, in the order asked; unknown ids are left out. */
  casesById(caseIds: readonly string[]): Promise<readonly StoredCase[]>;
  getCase(caseId: string): Promise<StoredCase | undefined>;
  caseOutcomes(caseId: string): Promise<readonly StoredOutcome[]>;
  casePromises(customerId: string, caseId: string): Promise<readonly StoredPromise[]>;
  getIncident(incidentId: string): Promise<StoredIncident | undefined>;
  /** The senior staff of the roster. */
  staff(): Promise<readonly StoredStaffMember[]>;
}

/** The write side: the same operations as `flashpoint outcome`, plus acknowledge and reassign. */
export type InboxOperations = Pick<CaseOperations, 'recordOutcome' | 'acknowledge' | 'reassign'>;
