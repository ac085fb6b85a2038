import * as z from '../zod.ts';
import type { ChannelAdapter } from './adapter.ts';
import { identityFields } from './identity-fields.ts';
import { normalise } from './normalise.ts';
import { parsePayload } from './payload.ts';

const turnSchema = z.object({
  role: z.enum(['customer', 'agent']),
  at: z.string().check(z.iso.datetime({ offset: true })),
  text: z.string().check(z.maxLength(20_000)),
});

/**
 * A chat transcript, or a single turn (`turns` with one element). Documented in docs/channels.md.
 * Only customer turns are scored; agent turns are kept as context: they are what was already tried.
 */
export const chatPayloadSchema = z.object({
  conversationId: z
    .string()
    .check(z.minLength(1), z.maxLength(200), z.describe('the thread: chat:<conversationId>')),
  customer: identityFields.check(z.describe('needs at least one of email, handle, phone, accountId')),
  turns: z
    .array(turnSchema)
    .check(z.minLength(1), z.maxLength(500), z.describe('in any order: sorted by `at`')),
});
export type ChatPayload = z.infer<typeof chatPayloadSchema>;

export const chatAdapter: ChannelAdapter = {
  channel: 'chat',
  async toContact(body) {
    const chat = parsePayload(body, chatPayloadSchema, 'chat');
    const turns = [...chat.turns].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const lastCustomer = turns.findLastIndex((t) => t.role === 'customer');
    // The message to score is the customer's latest burst: their turns since the last agent reply.
    let start = lastCustomer;
    while (start > 0 && turns[start - 1]?.role === 'customer') start--;
    const latest = lastCustomer >= 0 ? turns.slice(start, lastCustomer + 1) : [];
    const last = turns.at(-1);
    const { name, ...identity } = chat.customer;
    return normalise({
      channel: 'chat',
      // A transcript re-sent with more turns is a new contact on the same thread; the same one again is not.
      sourceId: `${chat.conversationId}@${last?.at ?? ''}#${turns.length}`,
      receivedAt: latest.at(-1)?.at ?? last?.at ?? new Date().toISOString(),
      identity,
      displayName: name,
      threadKey: `chat:${chat.conversationId}`,
      text: latest.map((t) => t.text).join('\n'),
      isPublic: false,
      priorTurns: turns.slice(0, start),
    });
  },
};
