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

describe('scoreViralRisk: reach lists, engagement and reply chains', () => {
  const post = (handle: string, followers = 500) =>
    aContact({
      channel: 'social',
      isPublic: true,
      identity: { handle },
      text: 'Still waiting for my refund.',
      social: { ...social(followers, false, 'post'), engagement: quiet },
    });
  const quiet = {
    reposts: 0,
    replies: 0,
    likes: 0,
    postedAt: '2026-11-20T10:00:00Z',
    readAt: '2026-11-20T10:20:00Z',
  };

  it('names an author on the press list, by platform:handle or bare handle, with a list injected for the test', () => {
    const lists = { press: ['x:dailybugle', 'tribune'], influencers: ['x:@bigvoice'] };
    const signals = (handle: string) => scoreViralRisk(post(handle), { lists }).reasons.map((r) => r.signal);
    expect(signals('x:dailybugle')).toContain('press_author');
    expect(signals('mastodon:tribune')).toContain('press_author');
    expect(signals('x:bigvoice')).toContain('influencer_author');
    expect(signals('instagram:dailybugle')).not.toContain('press_author');
    expect(signals('x:nobody')).toEqual(['public_channel', 'author_reach']);
  });

  it('adds reach on a log scale: each decade of followers above 100 adds the same points, up to the cap', () => {
    const reach = (followers: number) =>
      scoreViralRisk(post('x:someone', followers)).reasons.find((r) => r.signal === 'author_reach')?.weight ??
      0;
    expect(reach(100)).toBe(0);
    expect(reach(10_000) - reach(1_000)).toBeCloseTo(reach(1_000), 0);
    expect(reach(100_000_000)).toBe(reach(10_000_000));
  });

  it('rises with fresher, faster engagement on the same post', () => {
    const at = (minutes: number, reposts: number, replies: number, likes: number) =>
      scoreViralRisk(
        aContact({
          channel: 'social',
          text: 'My order never came.',
          social: {
            ...social(2_000, false, 'post'),
            engagement: {
              reposts,
              replies,
              likes,
              postedAt: '2026-11-20T10:00:00Z',
              readAt: new Date(Date.parse('2026-11-20T10:00:00Z') + minutes * 60_000).toISOString(),
            },
          },
        }),
      );
    const first = at(10, 1, 2, 5);
    const second = at(20, 40, 30, 200);
    const third = at(30, 400, 300, 3_000);
    expect(second.score).toBeGreaterThan(first.score);
    expect(third.score).toBeGreaterThan(second.score);
    expect(third.reasons.map((r) => r.signal)).toEqual(
      expect.arrayContaining(['engagement_velocity', 'reply_chain']),
    );
  });

  it('says a threat to go public came in a private message', () => {
    const [reason] = scoreViralRisk(aContact({ text: 'Fix this or I will go to the newspapers.' })).reasons;
    expect(reason).toMatchObject({
      signal: 'threat_to_go_public',
      detail: expect.stringContaining('private'),
    });
  });
});
