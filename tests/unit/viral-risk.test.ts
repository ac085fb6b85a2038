import { describe, expect, it } from 'vitest';
import { scoreViralRisk } from '../../functions/core/scoring/viral-risk.ts';
import { aContact } from '../helpers/factories.ts';

const social = (followers: number, verified: boolean, visibility: 'post' | 'reply' | 'dm') => ({
  platform: 'x',
  followers,
  verified,
  visibility,
  engagement: {
    reposts: 140,
    replies: 60,
    likes: 900,
    postedAt: '2026-11-20T10:00:00Z',
    readAt: '2026-11-20T10:20:00Z',
  },
});

describe('scoreViralRisk', () => {
  it('gives a verified 80k-follower public post threatening the press a high score with reach and threat reasons', () => {
    const score = scoreViralRisk(
      aContact({
        channel: 'social',
        isPublic: true,
        text: 'Talking to the press tomorrow.',
        social: social(80_000, true, 'post'),
      }),
    );
    expect(score.score).toBeGreaterThanOrEqual(75);
    expect(score.reasons.map((r) => r.signal)).toEqual(
      expect.arrayContaining([
        'public_channel',
        'author_reach',
        'verified_author',
        'engagement_velocity',
        'threat_to_go_public',
      ]),
    );
  });

  it('ranks a DM from a small account far below the same words in a public post', () => {
    const words = 'Still waiting for my refund.';
    const dm = scoreViralRisk(aContact({ channel: 'social', text: words, social: social(50, false, 'dm') }));
    const post = scoreViralRisk(
      aContact({ channel: 'social', text: words, social: social(80_000, true, 'post') }),
    );
    expect(post.score - dm.score).toBeGreaterThan(40);
  });

  it('finds a threat to go public inside a private email', () => {
    const score = scoreViralRisk(aContact({ text: "If this isn't fixed I'll post this everywhere." }));
    expect(score.reasons.map((r) => r.signal)).toEqual(['threat_to_go_public']);
  });

  it('is zero for a private, harmless email', () => {
    expect(scoreViralRisk(aContact({ text: 'When does my order arrive?' }))).toEqual({
      score: 0,
      reasons: [],
    });
  });
});
