import { RejectionError } from '../../errors.ts';
import * as z from '../../zod.ts';
import { IgnoredMessage } from '../adapter.ts';
import { jsonErrorPosition, validatePayload } from '../payload.ts';
import type { RawMailLocation } from '../raw-mail.ts';

/**
 * SES email receiving, as it reaches the email intake queue: SES runs the receipt rule's S3 action (the
 * raw mail goes to the bucket) and publishes a "Received" notification to SNS, which delivers it to the
 * queue — inside the SNS envelope, or bare when the subscription uses raw message delivery. Both are
 * accepted, so flipping that setting needs no code change. Field names follow the SES developer guide,
 * "Contents of notifications for Amazon SES email receiving".
 */

/** SNS's JSON envelope around a published message (raw message delivery off). */
export const snsEnvelopeSchema = z.object({
  Type: z.string().check(z.maxLength(64)),
  MessageId: z.optional(z.string().check(z.maxLength(100))),
  TopicArn: z.optional(z.string().check(z.maxLength(300))),
  Message: z.string(),
});

const verdictSchema = z.object({ status: z.string().check(z.maxLength(40)) });

/** S3 bucket names are 3–63 characters; S3 object keys are at most 1024 bytes. */
const s3ActionSchema = z.object({
  type: z.literal('S3'),
  bucketName: z.string().check(z.minLength(3), z.maxLength(63)),
  objectKey: z.string().check(z.minLength(1), z.maxLength(1024)),
  objectKeyPrefix: z.optional(z.string().check(z.maxLength(1024))),
  topicArn: z.optional(z.string().check(z.maxLength(300))),
});

/** The SNS action puts the whole mail (≤ 150 KB) in `content` instead of storing it. */
const snsActionSchema = z.object({
  type: z.literal('SNS'),
  encoding: z._default(z.enum(['UTF8', 'BASE64']), 'UTF8'),
  topicArn: z.optional(z.string().check(z.maxLength(300))),
});

export const sesNotificationSchema = z.object({
  notificationType: z.string().check(z.maxLength(100)),
  receipt: z.optional(
    z.object({
      timestamp: z.optional(z.string().check(z.iso.datetime({ offset: true }))),
      action: z.looseObject({ type: z.string().check(z.maxLength(40)) }),
      virusVerdict: z.optional(verdictSchema),
    }),
  ),
  mail: z.optional(z.object({ timestamp: z.optional(z.string().check(z.iso.datetime({ offset: true }))) })),
  content: z.optional(z.string()),
});

/** SES writes an object with this name when a receipt rule is created, to check it may write there. */
export const SES_SETUP_NOTIFICATION = 'AMAZON_SES_SETUP_NOTIFICATION';

/** What a notification says about the mail: where it is stored, or the mail itself. */
export type SesMail =
  | { readonly kind: 'stored'; readonly location: RawMailLocation; readonly receivedAt?: string }
  | {
      readonly kind: 'inline';
      readonly raw: string;
      readonly encoding: 'UTF8' | 'BASE64';
      readonly receivedAt?: string;
    };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isSnsEnvelope(json: unknown): boolean {
  return isRecord(json) && typeof json.Type === 'string' && 'Message' in json;
}

export function isSesNotification(json: unknown): boolean {
  return isRecord(json) && typeof json.notificationType === 'string';
}

/** The SES notification inside an SNS envelope; any other SNS message type is refused. */
export function unwrapSnsEnvelope(json: unknown): unknown {
  const envelope = validatePayload(json, snsEnvelopeSchema, 'SNS envelope');
  if (envelope.Type !== 'Notification') {
    throw new RejectionError(
      'unsupported_notification',
      `SNS message of type '${envelope.Type.slice(0, 64)}' carries no mail; only 'Notification' does`,
    );
  }
  try {
    return JSON.parse(envelope.Message);
  } catch (error) {
    throw new RejectionError(
      'malformed_json',
      `SNS envelope Message is not valid JSON${jsonErrorPosition(error)}`,
    );
  }
}

/** Reads a "Received" notification; anything SES sends that holds no mail is refused with its reason. */
export function readSesNotification(json: unknown): SesMail {
  const notification = validatePayload(json, sesNotificationSchema, 'SES notification');
  if (notification.notificationType === SES_SETUP_NOTIFICATION) {
    throw new IgnoredMessage('ses_setup_notification', 'SES confirmed it can deliver to this topic');
  }
  if (notification.notificationType !== 'Received') {
    throw new RejectionError(
      'unsupported_notification',
      `SES notification of type '${notification.notificationType}' carries no received mail`,
    );
  }
  const receipt = notification.receipt;
  if (!receipt) throw new RejectionError('missing_field', "SES notification field 'receipt' is missing");
  // SES scans inbound mail when the rule has scanEnabled; a mail it found a virus in is never parsed.
  if (receipt.virusVerdict?.status === 'FAIL') {
    throw new RejectionError('virus_detected', "SES's virus scan failed this mail; it was not read");
  }
  const receivedAt = receipt.timestamp ?? notification.mail?.timestamp;
  const at = receivedAt ? { receivedAt } : {};

  switch (receipt.action.type) {
    case 'S3': {
      const action = validatePayload(receipt.action, s3ActionSchema, 'SES notification receipt.action');
      if (action.objectKey.endsWith(SES_SETUP_NOTIFICATION)) {
        throw new IgnoredMessage('ses_setup_notification', 'SES confirmed it can write to the bucket');
      }
      return { kind: 'stored', location: { bucket: action.bucketName, key: action.objectKey }, ...at };
    }
    case 'SNS': {
      const action = validatePayload(receipt.action, snsActionSchema, 'SES notification receipt.action');
      if (notification.content === undefined) {
        throw new RejectionError('missing_field', "SES notification of an SNS action has no 'content'");
      }
      return { kind: 'inline', raw: notification.content, encoding: action.encoding, ...at };
    }
    default:
      throw new RejectionError(
        'unsupported_notification',
        `SES receipt action '${receipt.action.type}' leaves no mail to read; use an S3 (or SNS) action`,
      );
  }
}
