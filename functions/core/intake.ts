import type { ChannelAdapter } from './channels/adapter.ts';
import type { Contact } from './contact.ts';
import type { ContactQueue } from './ports.ts';

export interface IntakeDeps {
  readonly contacts: ContactQueue;
  /** The channel's adapter; the email intake's can read SES's raw mail from S3. */
  readonly adapter: ChannelAdapter;
}

/** Validate and normalise one channel payload, then hand it to triage. Throws RejectionError on bad input. */
export async function intakeMessage(body: string, receivedAt: string, deps: IntakeDeps): Promise<Contact> {
  const contact = await deps.adapter.toContact(body, { receivedAt });
  await deps.contacts.send(contact);
  return contact;
}
