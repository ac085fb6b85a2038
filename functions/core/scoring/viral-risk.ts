import type { Contact } from '../contact.ts';
import { cueFires, SENSITIVE_TOPIC } from './cues.ts';
import { type Reason, type Score, toScore } from './reason.ts';

/**
 * A considered prior, not a validated model: no public data set labels real blow-ups, so these
 * weights rank "public + reach + spreading + threatening" above any one of them alone. The reach and
 * verified terms are calibrated on public tweet engagement by scripts/calibrate-viral.ts (see
 * docs/viral-risk.md for the figures): at 20 points per ten-fold rise in the odds of a post reaching
 * the top 5 % of engagement — the weight of an explicit threat to go public.
 */
export const VIRAL_WEIGHTS = {
  /** How public the channel is; e-mail and chat add nothing here (a threat inside them still counts). */
  visibility: { post: 25, reply: 18, dm: 4 },
  /**
   * Points per decade of followers above 100. Measured: the odds of a post reaching the top 5 % of
   * engagement rise ×2.14 per decade of followers (0.33 decades of odds × 20 points = 6.6).
   * 1k → 6.6, 10k → 13, 100k → 20.
   */
  reachPerDecade: 6.6,
  /** 1M followers and above (4 decades): the largest accounts the calibration sample holds. */
  reachMax: 26,
  /**
   * Measured: no effect at equal reach (×0.90 odds); the badge works through the follower count.
   * Kept as a small prior because verified accounts are the ones press and other accounts quote.
   */
  verified: 2,
  /** Hand-kept lists (VIRAL_LISTS): press accounts turn a complaint into a story, influencers into a trend. */
  listed: { press: 20, influencer: 12 },
  /** Per engagement: reposts spread a post furthest (≈ 2–6 likes per repost in the sample), replies show a conversation. */
  engagement: { repost: 3, reply: 2, like: 1 },
  /** Points per decade of weighted engagements per minute above 0.1 a minute, capped. */
  velocityPerDecade: 10,
  velocityMax: 20,
  /** Points per decade of replies from 10 replies on: a thread growing under the post. */
  replyChainPerDecade: 4,
  replyChainMax: 8,
  threatToGoPublic: 20,
  sensitiveTopic: 12,
  /** Part of a brand-wide spike (functions/core/spikes): many customers, same topic, short window. */
  brandSpike: 25,
} as const;

/** The signal name of the brand-wide spike reason; the tier rule for incidents keys on it. */
export const BRAND_SPIKE = 'brand_spike';

/**
 * Accounts that matter more than their follower count says, as `platform:handle` (or a bare handle
 * for any platform), lower case. Small and hand-kept by the social-media team; injectable for tests.
 */
export interface ViralLists {
  readonly press: readonly string[];
  readonly influencers: readonly string[];
}

export const VIRAL_LISTS: ViralLists = {
  press: ['x:bbcbreaking', 'x:reuters', 'x:ap', 'x:nytimes', 'x:guardian', 'x:which'],
  influencers: [],
};

export interface ViralOptions {
  readonly lists?: ViralLists;
}

const MAX_TEXT = 20_000;
const MINUTE_MS = 60_000;

export function scoreViralRisk(contact: Contact, options: ViralOptions = {}): Score {
  const reasons: Reason[] = [];
  if (contact.social) reasons.push(...socialReasons(contact, options.lists ?? VIRAL_LISTS));
  const text = contact.text.slice(0, MAX_TEXT);
  // The public_threat cue's pattern (PUBLIC_THREAT), already run on this text by frustration scoring.
  if (cueFires(text, 'public_threat')) {
    reasons.push({
      signal: 'threat_to_go_public',
      weight: VIRAL_WEIGHTS.threatToGoPublic,
      detail: isPrivate(contact) ? 'threatens to go public, in a private message' : 'threatens to go public',
    });
  }
  const sensitive = SENSITIVE_TOPIC.exec(text);
  if (sensitive) {
    reasons.push({
      signal: 'sensitive_topic',
      weight: VIRAL_WEIGHTS.sensitiveTopic,
      detail: `mentions a sensitive topic ("${sensitive[0].toLowerCase()}")`,
    });
  }
  return toScore(reasons);
}

function isPrivate(contact: Contact): boolean {
  return contact.social ? contact.social.visibility === 'dm' : !contact.isPublic;
}

function socialReasons(contact: Contact, lists: ViralLists): Reason[] {
  const w = VIRAL_WEIGHTS;
  const social = contact.social;
  if (!social) return [];
  const reasons: Reason[] = [
    {
      signal: 'public_channel',
      weight: w.visibility[social.visibility],
      detail: `${social.platform} ${social.visibility === 'dm' ? 'direct message (private)' : `public ${social.visibility}`}`,
    },
  ];
  const decades = Math.log10(Math.max(1, social.followers)) - 2;
  if (decades > 0) {
    reasons.push({
      signal: 'author_reach',
      weight: Math.min(w.reachMax, decades * w.reachPerDecade),
      detail: `author has ${social.followers.toLocaleString('en-US')} followers`,
    });
  }
  if (social.verified)
    reasons.push({ signal: 'verified_author', weight: w.verified, detail: 'verified account' });
  const listed = listedAs(contact.identity.handle, lists);
  if (listed) {
    reasons.push({
      signal: listed === 'press' ? 'press_author' : 'influencer_author',
      weight: listed === 'press' ? w.listed.press : w.listed.influencer,
      detail: `author is on the ${listed === 'press' ? 'press' : 'influencer'} list`,
    });
  }
  const e = social.engagement;
  const minutes = Math.max(1, (Date.parse(e.readAt) - Date.parse(e.postedAt)) / MINUTE_MS);
  const weighted =
    w.engagement.repost * e.reposts + w.engagement.reply * e.replies + w.engagement.like * e.likes;
  const perMinute = weighted / minutes;
  if (perMinute > 0.1) {
    reasons.push({
      signal: 'engagement_velocity',
      weight: Math.min(w.velocityMax, (Math.log10(perMinute) + 1) * w.velocityPerDecade),
      detail: `${perMinute.toFixed(1)} weighted engagements per minute over ${Math.round(minutes)} min (${e.reposts} reposts, ${e.replies} replies, ${e.likes} likes as of ${e.readAt})`,
    });
  }
  if (e.replies >= 10) {
    reasons.push({
      signal: 'reply_chain',
      weight: Math.min(w.replyChainMax, Math.log10(e.replies) * w.replyChainPerDecade),
      detail: `${e.replies} replies: a conversation is growing under the post`,
    });
  }
  return reasons;
}

/** 'press' or 'influencer' when the author's `platform:handle` (or bare handle) is on a list. */
export function listedAs(
  handleKey: string | undefined,
  lists: ViralLists,
): 'press' | 'influencer' | undefined {
  if (!handleKey) return undefined;
  const full = handleKey.toLowerCase().replace(/:@/, ':');
  const bare = full.slice(full.indexOf(':') + 1);
  const on = (list: readonly string[]) =>
    list.some((entry) => {
      const e = entry.toLowerCase().replace(/^@/, '').replace(/:@/, ':');
      return e.includes(':') ? e === full : e === bare;
    });
  if (on(lists.press)) return 'press';
  if (on(lists.influencers)) return 'influencer';
  return undefined;
}
