import type { Attachment, Email } from 'postal-mime';
import PostalMime from 'postal-mime';
import { normaliseBodyText } from './body-text.ts';
import { extractCustomerPortion, type ForwardedHeaders } from './forward-detection.ts';
import { htmlToText } from './html-to-text.ts';
import { findIdentityHints } from './identity-hints.ts';
import { checkMimeLimits, type EmailLimits, sanitiseLimits, tooLarge } from './limits.ts';
import { parseLooseDate } from './loose-date.ts';
import { cleanHeaderText, type Mailbox, mailboxFromAddress } from './mailbox.ts';
import { cleanCustomerText } from './quote-stripping.ts';
import { EmailRejection, isLimitRejection } from './rejection.ts';
import { isForwardSubject, normaliseSubject, parseMessageIds, threadKeyFor } from './threading.ts';

export { DEFAULT_EMAIL_LIMITS, type EmailLimits } from './limits.ts';
export type { Mailbox } from './mailbox.ts';
export { EmailRejection, type EmailRejectionCode } from './rejection.ts';

export interface EmailAttachment {
  filename?: string;
  mimeType: string;
  bytes: number;
}

/** A support mail reduced to the customer's own words and what identifies them and their thread. */
export interface ParsedEmail {
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  subject?: string;
  /** "Re: Fwd: RE:  Order 123 " → "order 123" */
  normalisedSubject: string;
  /** root of References, else In-Reply-To, else the customer's Message-ID, else "subject:<subject>|<address>" */
  threadKey: string;
  /** the original sender when the mail was forwarded, else From */
  customer: Mailbox;
  /** the support inbox that forwarded the customer's mail */
  forwardedBy?: Mailbox;
  /** ISO 8601; for an inline forward the original's Date line when it reads as a date, else the mail's Date */
  sentAt?: string;
  /** the customer's own words only: no quoted history, signature, disclaimer or forwarding header */
  text: string;
  /** metadata only; attachment content is never parsed */
  attachments: EmailAttachment[];
  phones: string[];
  accountIds: string[];
}

/** Detail of the last-resort catch; any other rejection comes from a check that recognised the problem. */
export const UNEXPECTED_FAILURE = 'The mail could not be parsed.';

/** A forward attached as message/rfc822 inside another such forward: three levels is plenty. */
const MAX_ATTACHED_FORWARDS = 3;
const MAX_FILENAME_LENGTH = 255;
/**
 * Decoded body characters looked at. A Contact keeps 50k characters of text and a customer writes a
 * few KB; past 256k characters a body is quoted history or machine output. Bounding it keeps the
 * line-by-line cleaning of a 10 MB one-paragraph-per-line body from taking seconds.
 */
const MAX_BODY_CHARS = 256 * 1024;

function parserOptions(limits: Required<EmailLimits>) {
  return {
    // message/rfc822 parts come back as raw attachments; the one that carries a forwarded customer
    // mail is parsed by parseBytes again, after its own limit scan
    forceRfc822Attachments: true,
    maxRfc822NestingDepth: 0,
    maxNestingDepth: limits.maxDepth,
    maxHeadersSize: limits.maxHeaderBytes,
    attachmentEncoding: 'arraybuffer' as const,
  };
}

function rejectionFromParserError(error: unknown): EmailRejection {
  const message = error instanceof Error ? error.message.toLowerCase() : '';
  if (message.includes('nesting depth')) {
    return new EmailRejection('too_deep', 'The MIME parser found the parts nested deeper than the limit.');
  }
  if (message.includes('header size')) {
    return new EmailRejection(
      'header_too_long',
      "The MIME parser found the mail's headers over the size limit.",
    );
  }
  return new EmailRejection('unparseable', 'The mail could not be read as MIME.');
}

function contentBytes(content: Attachment['content']): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

function attachmentMetadata(attachment: Attachment): EmailAttachment {
  const content = attachment.content;
  const bytes = typeof content === 'string' ? content.length : content.byteLength;
  const filename = cleanHeaderText(attachment.filename ?? undefined, MAX_FILENAME_LENGTH);
  const mimeType = cleanHeaderText(attachment.mimeType, 200) ?? 'application/octet-stream';
  return filename ? { filename, mimeType, bytes } : { mimeType, bytes };
}

/** The first MAX_BODY_CHARS of text, cut at a line end when one is near. */
function bounded(text: string): string {
  if (text.length <= MAX_BODY_CHARS) return text;
  const lineEnd = text.lastIndexOf('\n', MAX_BODY_CHARS);
  return text.slice(0, lineEnd > MAX_BODY_CHARS / 2 ? lineEnd : MAX_BODY_CHARS);
}

function bodyTextOf(mail: Email): string {
  if (mail.text && mail.text.trim() !== '') return normaliseBodyText(bounded(mail.text));
  if (mail.html) return normaliseBodyText(bounded(htmlToText(mail.html, MAX_BODY_CHARS)));
  return '';
}

function headerDate(mail: Email): string | undefined {
  const raw = mail.headers.find((header) => header.key === 'date')?.value;
  const loose = parseLooseDate(raw);
  if (loose) return loose;
  const parsed = mail.date ? Date.parse(mail.date) : Number.NaN;
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

function senderOf(mail: Email): Mailbox | undefined {
  return mailboxFromAddress(mail.from) ?? mailboxFromAddress(mail.sender);
}

/** Attached original: a lone message/rfc822 part in a mail whose own text is empty or that says Fwd:. */
async function parseAttachedForward(
  mail: Email,
  body: string,
  limits: Required<EmailLimits>,
  level: number,
): Promise<ParsedEmail | EmailRejection | undefined> {
  if (level >= MAX_ATTACHED_FORWARDS) return undefined;
  const attached = mail.attachments.filter((attachment) => attachment.mimeType === 'message/rfc822');
  const original = attached[0];
  if (!original || attached.length !== 1) return undefined;
  if (!isForwardSubject(mail.subject) && cleanCustomerText(body).words !== '') return undefined;

  // the attached mail sits at least one level below this one
  const innerLimits = { ...limits, maxDepth: Math.max(0, limits.maxDepth - 1) };
  const inner = await parseBytes(contentBytes(original.content), innerLimits, level + 1);
  if (inner instanceof EmailRejection) return isLimitRejection(inner) ? inner : undefined;

  const outerFrom = senderOf(mail);
  const others = mail.attachments.filter((attachment) => attachment !== original).map(attachmentMetadata);
  const forwarded: ParsedEmail = { ...inner, attachments: [...others, ...inner.attachments] };
  if (outerFrom && outerFrom.address !== inner.customer.address) forwarded.forwardedBy = outerFrom;
  return forwarded;
}

async function parseBytes(
  bytes: Uint8Array,
  limits: Required<EmailLimits>,
  level: number,
): Promise<ParsedEmail | EmailRejection> {
  const overLimit = checkMimeLimits(bytes, limits);
  if (overLimit) return overLimit;

  let mail: Email;
  try {
    mail = await PostalMime.parse(bytes, parserOptions(limits));
  } catch (error) {
    return rejectionFromParserError(error);
  }

  const outerFrom = senderOf(mail);
  const outerSubject = cleanHeaderText(mail.subject);
  const body = bodyTextOf(mail);

  const attachedForward = await parseAttachedForward(mail, body, limits, level);
  if (attachedForward) return attachedForward;

  const portion = extractCustomerPortion(body, {
    outerFrom,
    subjectIsForward: isForwardSubject(outerSubject),
  });
  const forward: ForwardedHeaders | undefined = portion.forward;
  const customer = forward?.from ?? outerFrom;
  if (!customer) {
    return new EmailRejection('no_sender', 'The mail names no sender address that could be read.');
  }

  const cleaned = cleanCustomerText(portion.body);
  if (cleaned.words === '') {
    return new EmailRejection(
      'no_text',
      'The mail has no text of the customer once quotes and signatures are removed.',
    );
  }

  const subject = cleanHeaderText(forward?.subject) ?? outerSubject;
  const normalisedSubject = normaliseSubject(subject);
  const messageId = parseMessageIds(mail.messageId)[0];
  const inReplyTo = parseMessageIds(mail.inReplyTo)[0];
  const references = parseMessageIds(mail.references);
  const threadKey = threadKeyFor({
    references,
    inReplyTo,
    // an inline forward's own Message-ID names the forward, not the customer's mail
    messageId: forward ? undefined : messageId,
    normalisedSubject,
    customerAddress: customer.address,
  });
  const sentAt = (forward ? parseLooseDate(forward.date) : undefined) ?? headerDate(mail);
  const hints = findIdentityHints(
    cleaned.signature ? `${cleaned.words}\n${cleaned.signature}` : cleaned.words,
  );

  const parsed: ParsedEmail = {
    references,
    normalisedSubject,
    threadKey,
    customer,
    text: cleaned.words,
    attachments: mail.attachments.map(attachmentMetadata),
    phones: hints.phones,
    accountIds: hints.accountIds,
  };
  if (messageId) parsed.messageId = messageId;
  if (inReplyTo) parsed.inReplyTo = inReplyTo;
  if (subject) parsed.subject = subject;
  if (forward && outerFrom) parsed.forwardedBy = outerFrom;
  if (sentAt) parsed.sentAt = sentAt;
  return parsed;
}

/**
 * Raw MIME (as SES stores it) to the customer's own words and metadata. Pure and total: any input,
 * random bytes included, resolves to a ParsedEmail or an EmailRejection; nothing is thrown and
 * nothing is logged. Limits are checked in one linear pass before postal-mime sees a byte.
 */
export async function parseEmail(
  raw: Uint8Array | string,
  limits?: EmailLimits,
): Promise<ParsedEmail | EmailRejection> {
  try {
    const checked = sanitiseLimits(limits);
    let bytes: Uint8Array;
    if (typeof raw === 'string') {
      // a UTF-16 code unit is at least one UTF-8 byte: refuse before encoding a huge string
      if (raw.length > checked.maxBytes) return tooLarge(raw.length, checked, true);
      bytes = new TextEncoder().encode(raw);
    } else if (raw instanceof Uint8Array) {
      bytes = raw;
    } else {
      return new EmailRejection('unparseable', 'The mail was neither bytes nor a string.');
    }
    return await parseBytes(bytes, checked, 0);
  } catch {
    return new EmailRejection('unparseable', UNEXPECTED_FAILURE);
  }
}
