import type { Channel, Contact } from '../contact.ts';

export interface IntakeMeta {
  /** When the queue received the message: the fallback when the payload carries no time of its own. */
  readonly receivedAt: string;
}

/** One per channel: turns that channel's payload into a Contact, or throws a RejectionError. */
export interface ChannelAdapter {
  readonly channel: Channel;
  toContact(body: string, meta: IntakeMeta): Promise<Contact>;
}

/**
 * A message that by design carries no customer contact — SES's setup notification, written when a
 * receipt rule is created. Neither poison nor retryable: the intake handler logs its code and counts it.
 */
export class IgnoredMessage extends Error {
  override readonly name = 'IgnoredMessage';
  constructor(
    readonly code: string,
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
  }
}
