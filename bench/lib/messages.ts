import type { Channel } from '../../functions/core/contact.ts';
import { mulberry32 } from '../../scripts/lib/prng.ts';
import { syntheticTexts } from '../text-model.ts';

/** One inbound message as a channel would deliver it to its intake queue. */
export interface BenchMessage {
  readonly channel: Channel;
  readonly body: string;
  /** Customer number: messages with the same channel and customer share an identity (a repeat contact). */
  readonly customer: number;
  readonly chars: number;
}

/** Short texts (chat turns, social posts) are ~100 characters; mail bodies ~1,000. */
export const SHORT_CHARS = 100;
export const MAIL_CHARS = 1_000;

/**
 * Channel share of the pipeline mix: chat 40 %, email 30 %, social 30 % (an assumption, not data). The cost
 * model's default mix is the same (functions/core/cost/usage.ts; tests/unit/cost-model.test.ts checks it).
 */
export const CHANNEL_MIX: readonly (readonly [Channel, number])[] = [
  ['chat', 0.4],
  ['email', 0.3],
  ['social', 0.3],
];

export function payloadFor(channel: Channel, text: string, customer: number, id: string, at: string): string {
  switch (channel) {
    case 'email':
      return JSON.stringify({
        messageId: `<${id}@bench.example.com>`,
        from: { address: `customer-${customer}@example.com`, name: `Customer ${customer}` },
        subject: 'About my order',
        sentAt: at,
        text,
      });
    case 'chat':
      return JSON.stringify({
        conversationId: `conv-${id}`,
        customer: { name: `Customer ${customer}`, email: `chat-${customer}@example.com` },
        turns: [{ role: 'customer', at, text }],
      });
    case 'social':
      return JSON.stringify({
        platform: 'x',
        postId: id,
        author: {
          handle: `@customer${customer}`,
          followers: 50 + ((customer * 7919) % 20_000),
          verified: false,
        },
        visibility: 'post',
        text,
        postedAt: at,
      });
  }
}

export interface MixOptions {
  readonly seed: number;
  /** Share of messages (after the first `repeatLag`) from a customer who wrote `repeatLag` messages earlier. */
  readonly repeatShare: number;
  readonly repeatLag: number;
  /** Prefix that keeps source ids (hence contact ids) of separate runs apart. */
  readonly runId: string;
  readonly at: string;
}

/** A deterministic mix of channels and sizes: chat and social ~100 characters, email ~1,000. */
export function messageMix(count: number, o: MixOptions): BenchMessage[] {
  const random = mulberry32(o.seed);
  const short = syntheticTexts(count, SHORT_CHARS, o.seed + 1);
  const mail = syntheticTexts(count, MAIL_CHARS, o.seed + 2);
  const out: BenchMessage[] = [];
  for (let i = 0; i < count; i++) {
    const earlier = i >= o.repeatLag && random() < o.repeatShare ? out[i - o.repeatLag] : undefined;
    const channel = earlier?.channel ?? pickChannel(random());
    const customer = earlier?.customer ?? i;
    const text = (channel === 'email' ? mail[i] : short[i]) ?? '';
    out.push({
      channel,
      customer,
      chars: text.length,
      body: payloadFor(channel, text, customer, `${o.runId}-${i}`, o.at),
    });
  }
  return out;
}

function pickChannel(r: number): Channel {
  let acc = 0;
  for (const [channel, share] of CHANNEL_MIX) {
    acc += share;
    if (r < acc) return channel;
  }
  return 'chat';
}

/** Share of messages from a customer already seen on the same channel: the repeat contacts of a mix. */
export function repeatShareOf(messages: readonly BenchMessage[]): number {
  const seen = new Set<string>();
  let repeats = 0;
  for (const m of messages) {
    const key = `${m.channel}:${m.customer}`;
    if (seen.has(key)) repeats++;
    seen.add(key);
  }
  return repeats / messages.length;
}
