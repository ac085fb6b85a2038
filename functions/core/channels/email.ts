import { z } from 'zod';
import type { ChannelAdapter } from './adapter.ts';
import { normalise } from './normalise.ts';
import { parsePayload } from './payload.ts';

/**
 * Mail as JSON, for inboxes that already extracted it. Raw MIME (SES → S3, or base64 in the
 * message) goes through the MIME parser in ./email/.
 */
export const emailJsonSchema = z.object({
  messageId: z.string().min(1).max(998),
  from: z.object({ address: z.string().email().toLowerCase(), name: z.string().max(200).optional() }),
  subject: z.string().max(998).optional(),
  text: z.string().max(200_000),
  sentAt: z.string().datetime({ offset: true }).optional(),
  inReplyTo: z.string().max(998).optional(),
  accountId: z.string().min(1).max(64).optional(),
});

export const emailAdapter: ChannelAdapter = {
  channel: 'email',
  async toContact(body, meta) {
    const mail = parsePayload(body, emailJsonSchema, 'email');
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
