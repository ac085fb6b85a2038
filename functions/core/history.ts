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
  readonly text: string;
  readonly madeAt: string;
  readonly dueAt: string;
  readonly kept: boolean;
}

export interface OpenCase {
  readonly caseId: string;
  readonly openedAt: string;
  readonly tier: Tier;
  /** Highest tier already alerted to senior staff: a case is alerted once per tier, never per message. */
  readonly alertedTier?: Tier;
  readonly contactCount: number;
  readonly owner?: string;
}

/** What Flashpoint already knows about a customer when a new message arrives. */
export interface CustomerHistory {
  readonly customerId: string;
  /** Newest first. */
  readonly earlierContacts: readonly EarlierContact[];
  readonly openCase?: OpenCase;
  readonly promises: readonly PromiseMade[];
}

export function emptyHistory(customerId: string): CustomerHistory {
  return { customerId, earlierContacts: [], promises: [] };
}
