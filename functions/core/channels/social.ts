import * as z from '../zod.ts';
import type { ChannelAdapter } from './adapter.ts';
import { normalise } from './normalise.ts';
import { parsePayload } from './payload.ts';

const isoTime = z.string().check(z.iso.datetime({ offset: true }));

/** A mention pushed by a listening tool. Documented, with mappings from common exports, in docs/channels.md. */
export const socialPayloadSchema = z.object({
  platform: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(40),
      z.describe('e.g. x, instagram, facebook: part of the identity <platform>:<handle>'),
    ),
  postId: z.string().check(z.minLength(1), z.maxLength(200)),
  url: z.optional(z.string().check(z.url(), z.maxLength(2000))),
  author: z.object({
    handle: z.string().check(z.minLength(1), z.maxLength(100)),
    name: z.optional(z.string().check(z.maxLength(200))),
    followers: z.number().check(z.int(), z.nonnegative()),
    verified: z._default(z.boolean(), false),
  }),
  visibility: z.enum(['post', 'reply', 'dm']),
  text: z.string().check(z.maxLength(20_000)),
  postedAt: isoTime,
  inReplyTo: z
    .optional(z.string().check(z.maxLength(200)))
    .check(z.describe('id of the post this answers: the thread')),
  engagement: z
    .optional(
      z.object({
        reposts: z._default(z.number().check(z.int(), z.nonnegative()), 0),
        replies: z._default(z.number().check(z.int(), z.nonnegative()), 0),
        likes: z._default(z.number().check(z.int(), z.nonnegative()), 0),
        readAt: isoTime,
      }),
    )
    .check(z.describe('counts as of readAt; absent: the post was just seen')),
});
export type SocialPayload = z.infer<typeof socialPayloadSchema>;

export const socialAdapter: ChannelAdapter = {
  channel: 'social',
  async toContact(body) {
    const post = parsePayload(body, socialPayloadSchema, 'social');
    const handle = post.author.handle.replace(/^@/, '').toLowerCase();
    const engagement = post.engagement ?? { reposts: 0, replies: 0, likes: 0, readAt: post.postedAt };
    return normalise({
      channel: 'social',
      sourceId: `${post.platform}:${post.postId}`,
      receivedAt: post.postedAt,
      identity: { handle: `${post.platform.toLowerCase()}:${handle}` },
      displayName: post.author.name,
      threadKey: `social:${post.platform}:${post.inReplyTo ?? post.postId}`,
      text: post.text,
      isPublic: post.visibility !== 'dm',
      social: {
        platform: post.platform,
        followers: post.author.followers,
        verified: post.author.verified,
        visibility: post.visibility,
        engagement: { ...engagement, postedAt: post.postedAt },
      },
    });
  },
};
