import * as z from 'zod';
import type { ChannelAdapter } from './adapter.ts';
import { normalise } from './normalise.ts';
import { parsePayload } from './payload.ts';

const isoTime = z.string().datetime({ offset: true });

/** A mention pushed by a listening tool. Documented, with mappings from common exports, in docs/channels.md. */
export const socialPayloadSchema = z.object({
  platform: z
    .string()
    .min(1)
    .max(40)
    .describe('e.g. x, instagram, facebook: part of the identity <platform>:<handle>'),
  postId: z.string().min(1).max(200),
  url: z.string().url().max(2000).optional(),
  author: z.object({
    handle: z.string().min(1).max(100),
    name: z.string().max(200).optional(),
    followers: z.number().int().nonnegative(),
    verified: z.boolean().default(false),
  }),
  visibility: z.enum(['post', 'reply', 'dm']),
  text: z.string().max(20_000),
  postedAt: isoTime,
  inReplyTo: z.string().max(200).optional().describe('id of the post this answers: the thread'),
  engagement: z
    .object({
      reposts: z.number().int().nonnegative().default(0),
      replies: z.number().int().nonnegative().default(0),
      likes: z.number().int().nonnegative().default(0),
      readAt: isoTime,
    })
    .optional()
    .describe('counts as of readAt; absent: the post was just seen'),
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
