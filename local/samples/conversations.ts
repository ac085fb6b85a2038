import type { Channel } from '../../functions/core/contact.ts';

/**
 * Conversations written for the demo, each a story from ../shared/seeds or PRODUCT.md. Times are
 * relative to the replay ("hoursAgo") so that history, waiting and deadlines read naturally.
 */
export interface SampleMessage {
  readonly story: string;
  readonly channel: Channel;
  readonly hoursAgo: number;
  /** A function of the send time, so payload timestamps line up with hoursAgo. */
  readonly payload: (at: string) => unknown;
  /** Sent as-is instead of JSON: for poison messages. */
  readonly raw?: string;
}

const DANA = { address: 'dana.whitfield@example.com', name: 'Dana Whitfield' };

export const SAMPLES: readonly SampleMessage[] = [
  {
    story: 'prescription, visit 1',
    channel: 'email',
    hoursAgo: 6 * 24,
    payload: (at) => ({
      messageId: '<rx-1@example.com>',
      from: DANA,
      subject: 'Prescription not ready',
      sentAt: at,
      text: 'Hello, I came to collect my prescription today but it was not ready. The pharmacist said it would be ready in two days. Could you confirm?',
    }),
  },
  {
    story: 'prescription, visit 2',
    channel: 'email',
    hoursAgo: 3 * 24,
    payload: (at) => ({
      messageId: '<rx-2@example.com>',
      inReplyTo: '<rx-1@example.com>',
      from: DANA,
      subject: 'Re: Prescription not ready',
      sentAt: at,
      text: 'I came back two days later as I was told and the prescription was still not ready. Nobody could tell me why. I need this medication.',
    }),
  },
  {
    story: 'prescription, visit 3',
    channel: 'email',
    hoursAgo: 2,
    payload: (at) => ({
      messageId: '<rx-3@example.com>',
      inReplyTo: '<rx-1@example.com>',
      from: DANA,
      subject: 'Re: Prescription not ready',
      sentAt: at,
      text: 'This is the third time I have come in. You promised it would be ready and it still is not. I have been without my medication for a week.',
    }),
  },
  {
    story: 'voicemail never returned',
    channel: 'chat',
    hoursAgo: 1,
    payload: (at) => ({
      conversationId: 'chat-5521',
      customer: { name: 'Sam Okafor', email: 'sam.okafor@example.com', phone: '+44 7700 900123' },
      turns: [
        {
          role: 'customer',
          at: shift(at, -30),
          text: 'I left a voicemail yesterday about my broken boiler.',
        },
        {
          role: 'agent',
          at: shift(at, -25),
          text: 'Sorry about that, I have asked an engineer to call you back today.',
        },
        {
          role: 'customer',
          at,
          text: 'It has been 24 hours and nobody called me back. I have no heating and two small children. Why does nobody ever return a call?',
        },
      ],
    }),
  },
  {
    story: 'credit applied to the wrong account',
    channel: 'email',
    hoursAgo: 5,
    payload: (at) => ({
      messageId: '<credit-1@example.com>',
      from: { address: 'r.mendes@example.org', name: 'Rita Mendes' },
      subject: 'Credit applied to wrong account',
      sentAt: at,
      accountId: 'ACC-44718',
      text: 'Your agent told me the refund credit would go to account ACC-44718. It went to a different account and my bill is overdue. I was transferred three times and nobody knows what happened. If this is not fixed by Friday I am cancelling.',
    }),
  },
  {
    story: 'public post, 80k followers, press threat',
    channel: 'social',
    hoursAgo: 0.5,
    payload: (at) => ({
      platform: 'x',
      postId: '1859000000000000001',
      url: 'https://x.com/jordanreviews/status/1859000000000000001',
      author: { handle: '@jordanreviews', name: 'Jordan Lee', followers: 80_000, verified: true },
      visibility: 'post',
      text: '@AcmeHome three weeks without a working fridge and your support keeps hanging up on me. Talking to a journalist at the local paper tomorrow. Unbelievable.',
      postedAt: shift(at, -20),
      engagement: { reposts: 140, replies: 60, likes: 900, readAt: at },
    }),
  },
  {
    story: 'calm thank-you',
    channel: 'email',
    hoursAgo: 4,
    payload: (at) => ({
      messageId: '<thanks-1@example.com>',
      from: { address: 'lee.park@example.net', name: 'Lee Park' },
      subject: 'Thanks!',
      sentAt: at,
      text: 'Thanks, all sorted now! The new router works perfectly. Have a nice weekend.',
    }),
  },
  {
    story: 'Spanish message',
    channel: 'chat',
    hoursAgo: 3,
    payload: (at) => ({
      conversationId: 'chat-7730',
      customer: { name: 'Lucía Gómez', email: 'lucia.gomez@example.es' },
      turns: [
        {
          role: 'customer',
          at,
          text: 'Hola, el pedido no ha llegado todavía y es la segunda vez que escribo. ¿Me pueden decir qué pasa con mi pedido?',
        },
      ],
    }),
  },
  {
    story: 'malformed chat payload (poison)',
    channel: 'chat',
    hoursAgo: 0.2,
    payload: () => undefined,
    raw: '{"conversationId": "chat-broken", "turns": [',
  },
];

function shift(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}
