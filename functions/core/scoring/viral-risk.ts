import type { Contact } from '../contact.ts';
import { PUBLIC_THREAT, SENSITIVE_TOPIC } from './cues.ts';
import { type Reason, type Score, toScore } from './reason.ts';

/**
 * A considered prior, not a validated model: no public data set labels real blow-ups, so these
 * weights are chosen to rank "public + reach + spreading + threatening" above any one of them alone.
 */
export const VIRAL_WEIGHTS = {
  visibility: { post: 25, reply: 18, dm: 4 },
  /** Points per decade of followers above 100 (1k → 8, 10k → 16, 100k → 24), capped. */
  reachPerDecade: 8,
  reachMax: 30,
  verified: 10,
  /** Points per decade of weighted engagements per minute, capped. */
  velocityPerDecade: 10,
  velocityMax: 20,
  threatToGoPublic: 20,
  sensitiveTopic: 12,
} as const;

const MAX_TEXT = 20_000;

export function scoreViralRisk(contact: Contact): Score {
  const w = VIRAL_WEIGHTS;
  const reasons: Reason[] = [];
  const social = contact.social;
  if (social) {
    reasons.push({
      signal: 'public_channel',
      weight: w.visibility[social.visibility],
      detail: `${social.platform} ${social.visibility === 'dm' ? 'direct message (private)' : `public ${social.visibility}`}`,
    });
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
    const e = social.engagement;
    const minutes = Math.max(1, (Date.parse(e.readAt) - Date.parse(e.postedAt)) / 60_000);
    // Reposts spread a post furthest, replies show a conversation forming, likes least.
    const perMinute = (3 * e.reposts + 2 * e.replies + e.likes) / minutes;
    if (perMinute > 0.1) {
      reasons.push({
        signal: 'engagement_velocity',
        weight: Math.min(w.velocityMax, Math.max(0, (Math.log10(perMinute) + 1) * w.velocityPerDecade)),
        detail: `${perMinute.toFixed(1)} weighted engagements per minute since posting`,
      });
    }
  }
  const text = contact.text.slice(0, MAX_TEXT);
  if (PUBLIC_THREAT.test(text)) {
    reasons.push({
      signal: 'threat_to_go_public',
      weight: w.threatToGoPublic,
      detail: 'threatens to go public',
    });
  }
  const sensitive = SENSITIVE_TOPIC.exec(text);
  if (sensitive) {
    reasons.push({
      signal: 'sensitive_topic',
      weight: w.sensitiveTopic,
      detail: `mentions a sensitive topic ("${sensitive[0].toLowerCase()}")`,
    });
  }
  return toScore(reasons);
}
