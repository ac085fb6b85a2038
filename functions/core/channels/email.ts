import type { Contact } from '../contact.ts';
import { RejectionError } from '../errors.ts';
import * as z from '../zod.ts';
import type { ChannelAdapter, IntakeMeta } from './adapter.ts';
import { draftFromParsedEmail } from './email/contact-draft.ts';
import { DEFAULT_EMAIL_LIMITS, type EmailLimits, EmailRejection, parseEmail } from './email/parse-email.ts';
import {
  isSesNotification,
  isSnsEnvelope,
  readSesNotification,
  type SesMail,
  unwrapSnsEnvelope,
} from './email/ses-notification.ts';
import { normalise } from './normalise.ts';
import { MAX_PAYLOAD_BYTES, parseJson, validatePayload } from './payload.ts';
import type { RawMailSource } from './raw-mail.ts';

/** Mail as JSON, for inboxes that already extracted it. */
export const emailJsonSchema = z.object({
  messageId: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(998),
      z.describe('Message-ID header (`<id@host>`): the contact id derives from it'),
    ),
  from: z.object({
    address: z.string().check(z.email(), z.toLowerCase()),
    name: z.optional(z.string().check(z.maxLength(200))),
  }),
  subject: z.optional(z.string().check(z.maxLength(998))),
  text: z.string().check(z.maxLength(200_000), z.describe("the customer's own words")),
  sentAt: z.optional(z.string().check(z.iso.datetime({ offset: true }))),
  inReplyTo: z
    .optional(z.string().check(z.maxLength(998)))
    .check(z.describe('Message-ID this mail answers: the thread')),
  accountId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});

/** A whole raw mail (RFC 5322 / MIME), base64-encoded, for inboxes that forward by other means than SES. */
export const rawMimeSchema = z.object({
  rawMime: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(MAX_PAYLOAD_BYTES),
      z.describe('the whole raw mail (RFC 5322 / MIME), base64'),
    ),
});

/** What the email intake accepts over HTTP (and on its queue, besides SES notifications). */
export const emailPayloadSchema = z.union([emailJsonSchema, rawMimeSchema]);

export interface EmailAdapterOptions {
  /** Where SES stores received mail; without it an SES notification of an S3 action is refused. */
  readonly rawMail?: RawMailSource | undefined;
  readonly limits?: EmailLimits;
}

/** JSON bodies start with `{` (or `[`); a raw mail starts with a header name, never with either. */
function looksLikeJson(body: string): boolean {
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) continue;
    return c === 0x7b || c === 0x5b;
  }
  return false;
}

/** Base64 (standard or URL-safe, line breaks allowed), checked by a loop rather than a regex. */
function decodeBase64(text: string, what: string): Uint8Array {
  let data = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (alnum || c === 0x2b || c === 0x2f || c === 0x2d || c === 0x5f) data++;
    else if (c !== 0x3d && c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09) {
      throw new RejectionError('invalid_base64', `${what} is not base64 (character ${i + 1} is not)`);
    }
  }
  const bytes = Buffer.from(text, 'base64');
  if (data === 0 || bytes.length === 0)
    throw new RejectionError('invalid_base64', `${what} decodes to nothing`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * One adapter for every way mail arrives:
 * - a raw mail as the whole body (anything not starting with `{`): `flashpoint explain some.eml`, or an
 *   inbox that puts the MIME text on the queue itself;
 * - `{ "rawMime": "<base64>" }`;
 * - an SES "Received" notification, in its SNS envelope or bare: the mail is fetched from S3 (S3 action)
 *   or read from the notification (SNS action);
 * - the JSON mail of `emailJsonSchema`.
 * Raw mail goes through parseEmail; its refusals become RejectionErrors with the parser's code.
 */
export function createEmailAdapter(options: EmailAdapterOptions = {}): ChannelAdapter {
  const limits = options.limits ?? DEFAULT_EMAIL_LIMITS;

  async function fromRaw(raw: Uint8Array | string, receivedAt: string): Promise<Contact> {
    const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
    const parsed = await parseEmail(bytes, limits);
    if (parsed instanceof EmailRejection) throw new RejectionError(parsed.code, parsed.detail);
    return normalise(draftFromParsedEmail(parsed, bytes, receivedAt));
  }

  async function fromSes(mail: SesMail, meta: IntakeMeta): Promise<Contact> {
    const receivedAt = mail.receivedAt ?? meta.receivedAt;
    if (mail.kind === 'inline') {
      const raw = mail.encoding === 'BASE64' ? decodeBase64(mail.raw, 'SES notification content') : mail.raw;
      return fromRaw(raw, receivedAt);
    }
    const source = options.rawMail;
    if (!source) {
      throw new RejectionError(
        'raw_mail_unavailable',
        'SES stored this mail in S3, but this intake has no raw-mail bucket configured (RAW_MAIL_BUCKET)',
      );
    }
    // The role may read only its own bucket anyway; refusing here says why instead of retrying a 403.
    if (mail.location.bucket !== source.bucket) {
      throw new RejectionError(
        'unexpected_bucket',
        `SES notification names bucket '${mail.location.bucket}', not the configured '${source.bucket}'`,
      );
    }
    const fetched = await source.store.get(mail.location, limits.maxBytes);
    if (fetched.status === 'missing') {
      throw new RejectionError(
        'raw_mail_missing',
        `no object at s3://${mail.location.bucket}/${mail.location.key} (expired or deleted)`,
      );
    }
    if (fetched.status === 'too_large') {
      throw new RejectionError(
        'too_large',
        `The mail is ${fetched.bytes} bytes, over the limit of ${limits.maxBytes} bytes.`,
      );
    }
    return fromRaw(fetched.bytes, receivedAt);
  }

  return {
    channel: 'email',
    async toContact(body, meta) {
      if (!looksLikeJson(body)) return fromRaw(body, meta.receivedAt);

      const json = parseJson(body, 'email');
      if (isSnsEnvelope(json)) return fromSes(readSesNotification(unwrapSnsEnvelope(json)), meta);
      if (isSesNotification(json)) return fromSes(readSesNotification(json), meta);
      if (typeof json === 'object' && json !== null && 'rawMime' in json) {
        const { rawMime } = validatePayload(json, rawMimeSchema, 'email');
        return fromRaw(decodeBase64(rawMime, "email payload field 'rawMime'"), meta.receivedAt);
      }

      const mail = validatePayload(json, emailJsonSchema, 'email');
      return normalise({
        channel: 'email',
        sourceId: mail.messageId,
        receivedAt: mail.sentAt ?? meta.receivedAt,
        identity: { email: mail.from.address, ...(mail.accountId ? { accountId: mail.accountId } : {}) },
        displayName: mail.from.name,
        threadKey: `email:${mail.inReplyTo ?? mail.messageId}`,
        subject: mail.subject,
        text: mail.text,
        isPublic: false,
      });
    },
  };
}

/** The email adapter with no raw-mail store: everything but SES's S3 action (the CLI, tests, replay). */
export const emailAdapter: ChannelAdapter = createEmailAdapter();
