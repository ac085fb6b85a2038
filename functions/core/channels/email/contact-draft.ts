import { createHash } from 'node:crypto';
import { type Identity, MAX_ATTACHMENTS } from '../../contact.ts';
import { RejectionError } from '../../errors.ts';
import * as z from '../../zod.ts';
import type { ContactDraft } from '../normalise.ts';
import type { ParsedEmail } from './parse-email.ts';

/** The Contact's own limit on a subject; the parser keeps header text longer than that. */
const MAX_SUBJECT_CHARS = 1000;

const contactEmail = z.string().check(z.email());

/**
 * The id of a mail: its Message-ID (`<id>`, as the JSON channel receives it too), else a hash of the raw
 * bytes, so the same mail delivered twice — or once as base64 and once from S3 — is one contact.
 */
export function emailSourceId(parsed: ParsedEmail, raw: Uint8Array): string {
  if (parsed.messageId) return parsed.messageId;
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/**
 * Who the customer is: the original sender's address (not the inbox that forwarded it), plus the first
 * account/order reference and phone number found in their own words, so a mail from a new address
 * can still join the customer's history.
 */
function identityOf(parsed: ParsedEmail): Identity {
  const email = contactEmail.safeParse(parsed.customer.address).success ? parsed.customer.address : undefined;
  const accountId = parsed.accountIds[0];
  const phone = parsed.phones[0];
  const identity: Identity = {
    ...(email ? { email } : {}),
    ...(accountId ? { accountId } : {}),
    ...(phone ? { phone } : {}),
  };
  if (Object.keys(identity).length === 0) {
    throw new RejectionError(
      'invalid_sender',
      'The sender address cannot serve as an identity and the text names no account or phone number.',
    );
  }
  return identity;
}

/** A parsed mail as a Contact draft; normalise() then cleans the text, bounds it and gives the id. */
export function draftFromParsedEmail(parsed: ParsedEmail, raw: Uint8Array, receivedAt: string): ContactDraft {
  return {
    channel: 'email',
    sourceId: emailSourceId(parsed, raw),
    // the customer's own Date line for a forward, else the mail's Date header, else when it arrived
    receivedAt: parsed.sentAt ?? receivedAt,
    identity: identityOf(parsed),
    displayName: parsed.customer.name,
    threadKey: `email:${parsed.threadKey}`,
    subject: parsed.subject?.slice(0, MAX_SUBJECT_CHARS),
    text: parsed.text,
    isPublic: false,
    ...(parsed.attachments.length > 0 ? { attachments: parsed.attachments.slice(0, MAX_ATTACHMENTS) } : {}),
  };
}
