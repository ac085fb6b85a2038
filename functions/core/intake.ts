import type { ChannelAdapter } from './channels/adapter.ts';
import { ADAPTERS } from './channels/index.ts';
import type { Channel, Contact } from './contact.ts';
import type { ContactQueue } from './ports.ts';

export interface IntakeDeps {
  readonly contacts: ContactQueue;
  /** Default ADAPTERS; the email intake passes one that can read SES's raw mail from S3. */
  readonly adapters?: Readonly<Record<Channel, ChannelAdapter>>;
}

/** Validate and normalise one channel payload, then hand it to triage. Throws RejectionError on bad input. */
export async function intakeMessage(
  channel: Channel,
  body: string,
  receivedAt: string,
  deps: IntakeDeps,
): Promise<Contact> {
  const contact = await (deps.adapters ?? ADAPTERS)[channel].toContact(body, { receivedAt });
  await deps.contacts.send(contact);
  return contact;
}
