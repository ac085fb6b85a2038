import type { Channel } from './contact.ts';
import type { Tier } from './scoring/tier.ts';

/** One earlier contact from the same customer, as the store remembers it. */
export interface EarlierContact {
  readonly contactId: string;
  readonly caseId: string;
  readonly channel: Channel;
  readonly receivedAt: string;
  readonly tier: Tier;
  readonly frustration: number;
  /** First words of the message, for the brief's timeline. */
  readonly excerpt: string;
}

/** A commitment made to the customer, with the time it was due. */
export interface PromiseMade {
  readonly promiseId: string;
  readonly text: string;
  readonly madeAt: string;
  readonly dueAt: string;
  readonly kept: boolean;
  readonly source: 'agent' | 'customer_report' | 'staff';
}

/** Something staff already tried on the case, and how it ended: the brief says not to repeat it. */
export interface ActionTried {
  readonly at: string;
  readonly what: string;
  readonly result: 'worked' | 'failed' | 'pending';
}

export interface OpenCase {
  readonly caseId: string;
  readonly openedAt: string;
  readonly tier: Tier;
  /** Highest tier already alerted to senior staff: a case is alerted once per tier, never per message. */
  readonly alertedTier?: Tier;
  readonly contactCount: number;
  readonly owner?: string;
  readonly acknowledgedAt?: string;
}

/** What Flashpoint already knows about a customer when a new message arrives. */
export interface CustomerHistory {
  readonly customerId: string;
  /** Newest first. */
  readonly earlierContacts: readonly EarlierContact[];
  readonly openCase?: OpenCase;
  /** Promises made within the open case. */
  readonly promises: readonly PromiseMade[];
  /** Actions recorded by staff on the open case. */
  readonly actions: readonly ActionTried[];
  /** Who owned this customer's most recent heated case. */
  readonly lastOwner?: string;
}

export function emptyHistory(customerId: string): CustomerHistory {
  return { customerId, earlierContacts: [], promises: [], actions: [] };
}
