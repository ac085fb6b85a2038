import type { Contact, Identity } from './contact.ts';
import type { TriageDecision } from './decision.ts';
import type { CustomerHistory } from './history.ts';
import type { RoutingMessage } from './routing/messages.ts';
import type { StaffLoad } from './routing/roster.ts';

/** What the store remembers about an already-seen contact: enough to finish its routing after a crash. */
export interface StoredContact {
  readonly contactId: string;
  readonly caseId: string;
  readonly routing?: RoutingMessage;
  readonly routedAt?: string;
}

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
   */
  saveDecision(decision: TriageDecision, newKeys: readonly string[]): Promise<'saved' | 'duplicate'>;
  markRouted(contactId: string, at: string): Promise<void>;
}

/** Port for the queues a decision is published to (SQS). */
export interface RoutingPublisher {
  publish(message: RoutingMessage): Promise<void>;
}

/** Port for the intake side: hand a validated Contact to triage. */
export interface ContactQueue {
  send(contact: Contact): Promise<void>;
}
