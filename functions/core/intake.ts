import { ADAPTERS } from './channels/index.ts';
import type { Channel, Contact } from './contact.ts';
import type { ContactQueue } from './ports.ts';

export interface IntakeDeps {
  readonly contacts: ContactQueue;
}

/** Validate and normalise one channel payload, then hand it to triage. Throws RejectionError on bad input. */
export async function intakeMessage(
  channel: Channel,
  body: string,
  receivedAt: string,
  deps: IntakeDeps,
): Promise<Contact> {
  const contact = await ADAPTERS[channel].toContact(body, { receivedAt });
  await deps.contacts.send(contact);
  return contact;
}
