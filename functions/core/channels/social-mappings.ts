/**
 * Pure mappings from two common export shapes to the social payload (docs/channels.md):
 * - the X API v2 tweet object with its `includes.users` expansion;
 * - a row from a social-listening tool (JSON or a CSV line already split into columns), with the field
 *   names of Brandwatch Consumer Research mentions and the usual CSV export headers as aliases.
 * Each returns a validated SocialPayload or throws a RejectionError naming what is missing.
 */

import { RejectionError } from '../errors.ts';
import * as z from '../zod.ts';
import { validatePayload } from './payload.ts';
import { type SocialPayload, socialPayloadSchema } from './social.ts';

const count = z.optional(z.number().check(z.int(), z.nonnegative()));

/** The tweet fields used; request them with tweet.fields=created_at,public_metrics,conversation_id,referenced_tweets. */
export const xTweetSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(40)),
  text: z.string(),
  author_id: z.string().check(z.minLength(1), z.maxLength(40)),
  created_at: z.string().check(z.iso.datetime({ offset: true })),
  conversation_id: z.optional(z.string().check(z.maxLength(40))),
  referenced_tweets: z.optional(
    z.array(z.object({ type: z.string().check(z.maxLength(20)), id: z.string().check(z.maxLength(40)) })),
  ),
  public_metrics: z.optional(
    z.object({ retweet_count: count, reply_count: count, like_count: count, quote_count: count }),
  ),
});

/** The user fields used; request them with expansions=author_id&user.fields=public_metrics,verified,verified_type. */
export const xUserSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(40)),
  username: z.string().check(z.minLength(1), z.maxLength(100)),
  name: z.optional(z.string().check(z.maxLength(200))),
  verified: z.optional(z.boolean()),
  verified_type: z.optional(z.string().check(z.maxLength(40))),
  public_metrics: z.optional(z.object({ followers_count: count })),
});

export const xResponseSchema = z.object({
  data: z.union([xTweetSchema, z.array(xTweetSchema)]),
  includes: z._default(z.object({ users: z._default(z.array(xUserSchema), []) }), { users: [] }),
});

/**
 * One payload per tweet of an X API v2 response (`data` one tweet or a list, `includes.users` the authors).
 * `readAt` is when the response was fetched: the engagement counts are as of then.
 */
export function socialPayloadsFromX(response: unknown, readAt: string): SocialPayload[] {
  const parsed = validatePayload(response, xResponseSchema, 'X API response');
  const tweets = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  return tweets.map((tweet) => {
    const author = parsed.includes.users.find((user) => user.id === tweet.author_id);
    if (!author) {
      throw new RejectionError(
        'missing_field',
        `X API response has no includes.users entry for the author of tweet ${tweet.id} (expansions=author_id)`,
      );
    }
    const metrics = tweet.public_metrics ?? {};
    const isReply = tweet.referenced_tweets?.some((ref) => ref.type === 'replied_to') ?? false;
    const root =
      tweet.conversation_id && tweet.conversation_id !== tweet.id ? tweet.conversation_id : undefined;
    return validatePayload(
      {
        platform: 'x',
        postId: tweet.id,
        url: `https://x.com/${author.username}/status/${tweet.id}`,
        author: {
          handle: author.username,
          ...(author.name ? { name: author.name } : {}),
          followers: author.public_metrics?.followers_count ?? 0,
          // Since 2023 a paid or organisational check mark is `verified_type`; legacy `verified` still counts.
          verified: author.verified === true || (author.verified_type ?? 'none') !== 'none',
        },
        visibility: isReply ? 'reply' : 'post',
        text: tweet.text,
        postedAt: tweet.created_at,
        ...(root ? { inReplyTo: root } : {}),
        engagement: {
          // Quotes spread a post like reposts do.
          reposts: (metrics.retweet_count ?? 0) + (metrics.quote_count ?? 0),
          replies: metrics.reply_count ?? 0,
          likes: metrics.like_count ?? 0,
          readAt,
        },
      },
      socialPayloadSchema,
      'X tweet',
    );
  });
}

/** Column names differ per tool and export; these are tried in order, compared without case, spaces or `_`. */
export const LISTENING_ALIASES = {
  platform: ['platform', 'network', 'pageType', 'source', 'site'],
  postId: ['postId', 'guid', 'resourceId', 'messageId', 'id'],
  url: ['url', 'link', 'permalink', 'postUrl'],
  handle: ['authorHandle', 'author', 'username', 'authorUsername', 'handle', 'profile'],
  name: ['fullname', 'authorName', 'fullName', 'name'],
  followers: ['followers', 'twitterFollowers', 'authorFollowers', 'audience', 'followerCount'],
  verified: ['verified', 'twitterVerified', 'authorVerified', 'authorVerifiedType'],
  text: ['fullText', 'text', 'message', 'content', 'snippet'],
  postedAt: ['date', 'postedAt', 'publishedAt', 'createdAt', 'timestamp', 'published'],
  replyTo: ['replyTo', 'inReplyTo', 'threadId', 'parentId'],
  reposts: ['reposts', 'shares', 'twitterRetweets', 'retweets'],
  replies: ['replies', 'comments', 'twitterReplyCount', 'commentCount'],
  likes: ['likes', 'reactions', 'likeCount', 'favorites'],
  messageType: ['messageType', 'postType', 'visibility', 'type', 'threadEntryType'],
} as const;

type ListeningField = keyof typeof LISTENING_ALIASES;
/** A value as JSON or a CSV parser gives it. */
export type ListeningCell = string | number | boolean | null | undefined;
type Cell = ListeningCell;

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[\s_-]/g, '');
}

function pick(row: ReadonlyMap<string, Cell>, field: ListeningField): Cell {
  for (const alias of LISTENING_ALIASES[field]) {
    const value = row.get(normaliseKey(alias));
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

/** "12,345" → 12345, "1.2K" → 1200, "3M" → 3000000; anything else unreadable is undefined. */
export function readCount(value: Cell): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*([0-9][0-9,]{0,20}(?:\.[0-9]{1,6})?)\s*([kKmM]?)\s*$/.exec(value);
  if (!match?.[1]) return undefined;
  const base = Number(match[1].replaceAll(',', ''));
  const factor = match[2]?.toLowerCase() === 'k' ? 1_000 : match[2]?.toLowerCase() === 'm' ? 1_000_000 : 1;
  return Math.round(base * factor);
}

function readBoolean(value: Cell): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value !== 'string') return false;
  const v = value.trim().toLowerCase();
  // authorVerifiedType carries the kind of check mark ("blue", "business", "government") instead of true
  return v !== '' && !['false', 'no', '0', 'none', 'n', 'unverified', 'null'].includes(v);
}

/**
 * ISO 8601 with or without a colon in the offset ("+0000" as Brandwatch writes it); a time with no zone
 * is read as UTC (the exports' default), never as the machine's local time. Else undefined.
 */
function readTime(value: Cell): string | undefined {
  if (typeof value !== 'string') return undefined;
  let text = value.trim().replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(text)) return undefined;
  if (!/(?:Z|[+-]\d\d:\d\d)$/i.test(text)) text = `${text}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function readVisibility(type: Cell, replyTo: Cell): 'post' | 'reply' | 'dm' {
  const t = typeof type === 'string' ? type.toLowerCase() : '';
  if (/\b(?:dm|direct|private)\b/.test(t)) return 'dm';
  if (/\b(?:reply|replies|comment)\b/.test(t)) return 'reply';
  return replyTo !== undefined ? 'reply' : 'post';
}

/** Listening tools say "twitter" where the X mapping says "x"; one name keeps one identity per author. */
function readPlatform(value: Cell): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const platform = value.trim().toLowerCase();
  return platform === 'twitter' || platform === 'x (twitter)' ? 'x' : platform;
}

/**
 * A listening-tool mention (one JSON object, or one CSV row as header → cell) as a social payload.
 * `readAt` is when the export was taken: the engagement counts are as of then.
 */
export function socialPayloadFromListeningRow(
  row: Readonly<Record<string, Cell>>,
  readAt: string,
): SocialPayload {
  const cells = new Map(Object.entries(row).map(([key, value]) => [normaliseKey(key), value] as const));
  const text = (v: Cell) =>
    typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
  const handle = text(pick(cells, 'handle'));
  const replyTo = pick(cells, 'replyTo');
  const name = text(pick(cells, 'name'));
  const url = text(pick(cells, 'url'));
  const postedAtRaw = pick(cells, 'postedAt');
  const postedAt = readTime(postedAtRaw);
  if (postedAtRaw !== undefined && postedAt === undefined) {
    throw new RejectionError('invalid_field', "listening row field 'date' is not an ISO 8601 date and time");
  }
  return validatePayload(
    {
      platform: readPlatform(pick(cells, 'platform')),
      postId: text(pick(cells, 'postId')),
      ...(url ? { url } : {}),
      author: {
        handle,
        ...(name && name !== handle ? { name } : {}),
        followers: readCount(pick(cells, 'followers')) ?? 0,
        verified: readBoolean(pick(cells, 'verified')),
      },
      visibility: readVisibility(pick(cells, 'messageType'), replyTo),
      text: text(pick(cells, 'text')),
      postedAt,
      ...(replyTo !== undefined ? { inReplyTo: text(replyTo) } : {}),
      engagement: {
        reposts: readCount(pick(cells, 'reposts')) ?? 0,
        replies: readCount(pick(cells, 'replies')) ?? 0,
        likes: readCount(pick(cells, 'likes')) ?? 0,
        readAt,
      },
    },
    socialPayloadSchema,
    'listening row',
  );
}
