import type { PromiseMade } from '../history.ts';
import type { CaseOperations } from '../operations-port.ts';
import type { Tier } from '../scoring/tier.ts';

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
  /** The brief as JSON (functions/core/brief/brief.ts), written at each triage of the case. */
  readonly brief: string;
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

export interface StoredIncident {
  readonly incidentId: string;
  readonly topic: string;
  readonly label: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly openedAt: string;
  readonly mentions: number;
  readonly expected: number;
  readonly alertedAt?: string | undefined;
  readonly linkedContacts: number;
  readonly topTerms: readonly string[];
  readonly exampleCaseIds: readonly string[];
}

/** The read side the inbox needs. */
export interface InboxReader {
  /** Open cases; with `owner`, only theirs. */
  openCases(options?: { owner?: string }): Promise<readonly StoredCase[]>;
  getCase(caseId: string): Promise<StoredCase | undefined>;
  caseOutcomes(caseId: string): Promise<readonly StoredOutcome[]>;
  casePromises(customerId: string, caseId: string): Promise<readonly StoredPromise[]>;
  getIncident(incidentId: string): Promise<StoredIncident | undefined>;
}

/** The write side: the same operations as `flashpoint outcome`, plus acknowledge and reassign. */
export type InboxOperations = Pick<CaseOperations, 'recordOutcome' | 'acknowledge' | 'reassign'>;
