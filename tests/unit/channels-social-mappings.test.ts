import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { socialAdapter } from '../../functions/core/channels/social.ts';
import {
  type ListeningCell,
  readCount,
  socialPayloadFromListeningRow,
  socialPayloadsFromX,
} from '../../functions/core/channels/social-mappings.ts';
import { RejectionError } from '../../functions/core/errors.ts';

const READ_AT = '2026-11-20T10:30:00.000Z';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/channels/${name}`, import.meta.url), 'utf8'));
}

/** A listening fixture: a flat object of JSON scalars, as an export row is. */
function row(name: string): Record<string, ListeningCell> {
  return fixture(name) as Record<string, ListeningCell>;
}

function refusal(run: () => unknown): RejectionError {
  try {
    run();
  } catch (error) {
    if (error instanceof RejectionError) return error;
    throw error;
  }
  throw new Error('expected a RejectionError');
}

describe('X API v2 → social payload', () => {
  it('maps a reply with its author from includes.users', () => {
    // Act
    const [payload] = socialPayloadsFromX(fixture('x-api-v2-reply.json'), READ_AT);

    // Assess
    expect(payload).toEqual({
      platform: 'x',
      postId: '1861234567890123456',
      url: 'https://x.com/jordan_r/status/1861234567890123456',
      author: { handle: 'jordan_r', name: 'Jordan Reyes', followers: 80_000, verified: true },
      visibility: 'reply',
      text: expect.stringContaining('Going to the press tomorrow'),
      postedAt: '2026-11-20T10:00:00.000Z',
      inReplyTo: '1861200000000000000',
      engagement: { reposts: 140, replies: 60, likes: 900, readAt: READ_AT },
    });
  });

  it('feeds the social adapter: a public contact with reach, threaded under the conversation root', async () => {
    const [payload] = socialPayloadsFromX(fixture('x-api-v2-reply.json'), READ_AT);
    const contact = await socialAdapter.toContact(JSON.stringify(payload), { receivedAt: READ_AT });
    expect(contact.identity).toEqual({ handle: 'x:jordan_r' });
    expect(contact.threadKey).toBe('social:x:1861200000000000000');
    expect(contact.social?.followers).toBe(80_000);
    expect(contact.isPublic).toBe(true);
  });

  it('maps every tweet of a search response, and names a missing author expansion', () => {
    // Prepare
    const reply = fixture('x-api-v2-reply.json') as { data: Record<string, unknown>; includes: unknown };
    const root = {
      ...reply.data,
      id: '1861200000000000000',
      referenced_tweets: undefined,
      public_metrics: undefined,
    };
    const search = { data: [reply.data, root], includes: reply.includes };

    // Act
    const payloads = socialPayloadsFromX(search, READ_AT);

    // Assess
    expect(payloads.map((p) => [p.postId, p.visibility, p.inReplyTo])).toEqual([
      ['1861234567890123456', 'reply', '1861200000000000000'],
      ['1861200000000000000', 'post', undefined],
    ]);
    expect(payloads[1]?.engagement).toEqual({ reposts: 0, replies: 0, likes: 0, readAt: READ_AT });
    const error = refusal(() => socialPayloadsFromX({ data: reply.data }, READ_AT));
    expect(error.code).toBe('missing_field');
    expect(error.reason).toContain('expansions=author_id');
  });
});

describe('listening-tool row → social payload', () => {
  it('maps a Brandwatch Consumer Research mention', () => {
    expect(socialPayloadFromListeningRow(row('brandwatch-mention.json'), READ_AT)).toEqual({
      platform: 'instagram',
      postId: '17981234567890123',
      url: 'https://www.instagram.com/p/C0ab12CdEfG/',
      author: { handle: 'sam.okafor', name: 'Sam Okafor', followers: 12_400, verified: false },
      visibility: 'post',
      text: 'Ordered a sofa six weeks ago. Delivery cancelled twice, no refund. Never again.',
      postedAt: '2026-11-20T10:00:00.000Z',
      engagement: { reposts: 1_200, replies: 42, likes: 310, readAt: READ_AT },
    });
  });

  it('maps a CSV export row with spaced headers, reading a comment as a reply and a zone-less time as UTC', () => {
    expect(socialPayloadFromListeningRow(row('listening-export-row.json'), READ_AT)).toEqual({
      platform: 'facebook',
      postId: 'fb-556677',
      url: 'https://www.facebook.com/acme/posts/556677',
      author: { handle: 'kim.lee.77', name: 'Kim Lee', followers: 950, verified: false },
      visibility: 'reply',
      text: 'Third message to you this week about my router. Still nothing.',
      postedAt: '2026-11-20T10:05:00.000Z',
      inReplyTo: 'acme-post-1001',
      engagement: { reposts: 0, replies: 3, likes: 14, readAt: READ_AT },
    });
  });

  it('reads a private message as a DM and "twitter" as x', () => {
    const payload = socialPayloadFromListeningRow(
      {
        network: 'Twitter',
        id: '42',
        username: '@dana',
        text: 'Sent you my order number twice now.',
        date: '2026-11-20T10:00:00Z',
        'Message Type': 'Direct Message',
        verified: 'blue',
      },
      READ_AT,
    );
    expect(payload).toMatchObject({
      platform: 'x',
      visibility: 'dm',
      author: { handle: '@dana', verified: true },
    });
  });

  it('refuses a row without an author or with a date it cannot read, naming the field', () => {
    const base = row('brandwatch-mention.json');
    expect(refusal(() => socialPayloadFromListeningRow({ ...base, author: '' }, READ_AT)).reason).toContain(
      "'author.handle'",
    );
    const badDate = refusal(() => socialPayloadFromListeningRow({ ...base, date: '20/11/2026' }, READ_AT));
    expect(badDate.code).toBe('invalid_field');
    expect(badDate.reason).toContain("'date'");
  });

  it.each([
    ['12,400', 12_400],
    ['1.2K', 1_200],
    ['3M', 3_000_000],
    [77, 77],
    ['n/a', undefined],
    [-1, undefined],
  ] as const)('reads the count %s as %s', (cell, expected) => {
    expect(readCount(cell)).toBe(expected);
  });
});
