/**
 * The soak's messages: chat, e-mail and social payloads in the shapes the channel adapters accept
 * (functions/core/channels/*.ts), from a pool of customers so that cases gather several contacts,
 * plus poison messages of every kind the adapters reject, plus duplicates of both.
 */
import { ADAPTERS } from '../../functions/core/channels/index.ts';
import type { Channel } from '../../functions/core/contact.ts';
import { CHANNELS } from '../../functions/core/contact.ts';
import { RejectionError } from '../../functions/core/errors.ts';
import { mulberry32 } from '../../scripts/lib/prng.ts';

/** One distinct source message. Its copies are the same body sent more than once. */
export interface LogicalMessage {
  /** The contact id the pipeline will give it, or `poison:<n>` for a message it must reject. */
  readonly key: string;
  readonly channel: Channel;
  readonly body: string;
  /** The rejection code the adapter gives it; undefined for a valid message. */
  readonly poison?: string;
}

export interface Workload {
  readonly messages: readonly LogicalMessage[];
  /** Physical sends in order; copies sent "concurrently" sit next to their original (same SendMessageBatch). */
  readonly stream: readonly LogicalMessage[];
  /** Copies sent again once the pipeline has drained: a redelivery long after the original finished. */
  readonly replay: readonly LogicalMessage[];
}

export interface WorkloadOptions {
  readonly messages: number;
  readonly seed: number;
  /** Share of logical messages sent two or three times. */
  readonly duplicates: number;
  /** Share of logical messages that are poison. */
  readonly poison: number;
  readonly now: Date;
}

const FIRST = [
  'Dana',
  'Sam',
  'Jordan',
  'Priya',
  'Tomasz',
  'Aiko',
  'Lena',
  'Omar',
  'Grace',
  'Mateo',
  'Ines',
  'Kofi',
];
const LAST = ['Whitfield', 'Okafor', 'Reyes', 'Nair', 'Kowalski', 'Tanaka', 'Berg', 'Haddad', 'Ito', 'Silva'];

/** Texts from calm to critical; {ref} makes each one distinct, as real messages are. */
const TEXTS: readonly { readonly weight: number; readonly text: string }[] = [
  { weight: 12, text: 'Thanks for sorting out order {ref} so quickly, all good now.' },
  { weight: 10, text: 'Could you tell me when order {ref} will be delivered? No rush.' },
  { weight: 8, text: 'Hi, I would like to change the delivery address for order {ref}.' },
  { weight: 10, text: 'Order {ref} is a week late and nobody has told me why. Please look into it.' },
  { weight: 8, text: 'I have been waiting ten days for the refund on {ref}. When will it arrive?' },
  {
    weight: 8,
    text: "This is the third time I'm writing about {ref}. You promised a call back and nobody called.",
  },
  {
    weight: 6,
    text: 'Still no refund for {ref}. Your agent said it was done, it is not. I have been transferred three times.',
  },
  {
    weight: 5,
    text: "Third time about {ref}. You promised a refund twice and broke it both times. I'm cancelling and talking to my lawyer.",
  },
  {
    weight: 3,
    text: 'ABSOLUTELY USELESS. Order {ref} never came, nobody called back as promised, I am going to the press!!!',
  },
];
const TEXT_TOTAL = TEXTS.reduce((sum, t) => sum + t.weight, 0);

interface Customer {
  readonly name: string;
  readonly email: string;
  readonly handle: string;
  readonly followers: number;
  readonly verified: boolean;
}

export async function buildWorkload(o: WorkloadOptions): Promise<Workload> {
  const random = mulberry32(o.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const poisonCount = Math.round(o.messages * o.poison);
  const validCount = o.messages - poisonCount;
  // About three contacts per customer: enough history for cases to gather contacts and escalate.
  const customers: Customer[] = Array.from({ length: Math.max(1, Math.round(validCount / 3)) }, (_, i) => ({
    name: `${pick(FIRST)} ${pick(LAST)}`,
    email: `soak.${o.seed}.${i}@example.com`,
    handle: `@soak_${o.seed}_${i}`,
    followers: pick([40, 300, 2_500, 20_000, 90_000]),
    verified: random() < 0.1,
  }));

  const messages: LogicalMessage[] = [];
  for (let i = 0; i < validCount; i++) {
    const channel = pick(CHANNELS);
    const customer = pick(customers);
    // Up to two weeks back: recent enough to count as history for the customer's later contacts.
    const at = new Date(o.now.getTime() - Math.floor(random() * 14 * 86_400_000) - 3_600_000);
    const body = validPayload(channel, i, customer, textFor(random, `${o.seed}-${i}`), at, random, o.seed);
    const contact = await ADAPTERS[channel].toContact(body, { receivedAt: at.toISOString() });
    messages.push({ key: contact.id, channel, body });
  }
  for (let i = 0; i < poisonCount; i++) {
    const channel = pick(CHANNELS);
    const body = poisonPayload(i, channel, o.seed);
    messages.push({ key: `poison:${i}`, channel, body, poison: await rejectionCode(channel, body) });
  }

  // Physical order: shuffled; "concurrent" copies right after their original, "later" copies at a
  // random later point of the stream, "replay" copies after the first drain.
  const positioned: { at: number; message: LogicalMessage }[] = [];
  const replay: LogicalMessage[] = [];
  const order = messages.map((m) => ({ m, r: random() })).sort((a, b) => a.r - b.r);
  order.forEach(({ m }, index) => {
    positioned.push({ at: index, message: m });
    if (random() >= o.duplicates) return;
    const extra = random() < 0.5 ? 1 : 2;
    for (let k = 1; k <= extra; k++) {
      const mode = random();
      if (mode < 1 / 3) positioned.push({ at: index + k / 10, message: m });
      else if (mode < 2 / 3) positioned.push({ at: index + random() * (order.length - index), message: m });
      else replay.push(m);
    }
  });
  positioned.sort((a, b) => a.at - b.at);
  return { messages, stream: positioned.map((p) => p.message), replay };
}

function textFor(random: () => number, ref: string): string {
  let roll = random() * TEXT_TOTAL;
  for (const t of TEXTS) {
    roll -= t.weight;
    if (roll < 0) return t.text.replace('{ref}', `#${ref}`);
  }
  return (TEXTS[0] as { text: string }).text.replace('{ref}', `#${ref}`);
}

function validPayload(
  channel: Channel,
  i: number,
  c: Customer,
  text: string,
  at: Date,
  random: () => number,
  seed: number,
): string {
  const iso = (ms: number) => new Date(at.getTime() + ms).toISOString();
  switch (channel) {
    case 'chat': {
      const opening = {
        role: 'customer',
        at: iso(-600_000),
        text: 'Hello, I have a question about my order.',
      };
      const agent = { role: 'agent', at: iso(-300_000), text: 'Let me check that for you.' };
      const last = { role: 'customer', at: iso(0), text };
      return JSON.stringify({
        conversationId: `soak-${seed}-${i}`,
        customer: { name: c.name, email: c.email },
        turns: random() < 0.5 ? [last] : [opening, agent, last],
      });
    }
    case 'email':
      return JSON.stringify({
        messageId: `<soak-${seed}-${i}@mail.example.com>`,
        from: { address: c.email, name: c.name },
        subject: `Order ${i}`,
        sentAt: iso(0),
        text,
      });
    case 'social':
      return JSON.stringify({
        platform: 'x',
        postId: `soak-${seed}-${i}`,
        author: { handle: c.handle, name: c.name, followers: c.followers, verified: c.verified },
        visibility: random() < 0.5 ? 'post' : random() < 0.5 ? 'reply' : 'dm',
        text: `@brand ${text}`,
        postedAt: iso(0),
        engagement: { reposts: Math.floor(random() * 200), replies: 3, likes: 40, readAt: iso(1_200_000) },
      });
  }
}

/** Every kind of input the adapters must reject; `i` makes each body distinct. */
const POISON: readonly ((i: number, seed: number) => string)[] = [
  (i) => `{"conversationId": "poison-${i}", "customer": `,
  (i) => JSON.stringify({ conversationId: `poison-${i}`, turns: [] }),
  (i) => JSON.stringify({ event: 'ping', poison: i }),
  (i) => JSON.stringify([i, 'not a payload']),
  (i) => JSON.stringify(`poison ${i}`),
  (i, seed) =>
    JSON.stringify({
      messageId: `<poison-${seed}-${i}@mail.example.com>`,
      from: { address: 'not-an-address' },
      text: 'Where is my order?',
    }),
  (i, seed) =>
    JSON.stringify({
      platform: 'x',
      postId: `poison-${seed}-${i}`,
      author: { handle: '@someone', followers: 'many' },
      visibility: 'post',
      text: 'hello',
      postedAt: '2026-11-20T10:00:00Z',
    }),
];

/** Empty text is poison only in the shape of the channel it is sent to. */
function emptyText(channel: Channel, i: number, seed: number): string {
  const at = '2026-11-20T10:00:00Z';
  switch (channel) {
    case 'chat':
      return JSON.stringify({
        conversationId: `poison-${seed}-${i}`,
        customer: { email: 'empty@example.com' },
        turns: [{ role: 'customer', at, text: '   ' }],
      });
    case 'email':
      return JSON.stringify({
        messageId: `<poison-${seed}-${i}@mail.example.com>`,
        from: { address: 'empty@example.com' },
        sentAt: at,
        text: '\n\n',
      });
    case 'social':
      return JSON.stringify({
        platform: 'x',
        postId: `poison-${seed}-${i}`,
        author: { handle: '@empty', followers: 1 },
        visibility: 'post',
        text: ' ',
        postedAt: at,
      });
  }
}

function poisonPayload(i: number, channel: Channel, seed: number): string {
  const kind = i % (POISON.length + 1);
  const make = POISON[kind];
  return make ? make(i, seed) : emptyText(channel, i, seed);
}

async function rejectionCode(channel: Channel, body: string): Promise<string> {
  try {
    await ADAPTERS[channel].toContact(body, { receivedAt: new Date().toISOString() });
  } catch (error) {
    if (error instanceof RejectionError) return error.code;
    throw error;
  }
  throw new Error(`soak workload: a poison message was accepted by the ${channel} adapter`);
}
