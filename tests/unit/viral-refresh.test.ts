import { describe, expect, it } from 'vitest';
import type { Contact } from '../../functions/core/contact.ts';
import { emptyHistory } from '../../functions/core/history.ts';
import { decideRefresh, hasNewerEngagement } from '../../functions/core/refresh.ts';
import { toScore } from '../../functions/core/scoring/reason.ts';
import { DEFAULT_THRESHOLDS } from '../../functions/core/scoring/tier.ts';
import { type TriageDeps, triageContact } from '../../functions/core/triage.ts';
import { aContact } from '../helpers/factories.ts';
import { fixedTextModel, RecordingPublisher } from '../helpers/fakes.ts';
import { MemoryCaseStore, MemorySpikeStore } from '../helpers/memory-store.ts';

const POSTED = '2026-11-20T10:00:00.000Z';
const minutesAfter = (m: number) => new Date(Date.parse(POSTED) + m * 60_000).toISOString();

/** The same post (same sourceId, so the same contact id) read at `minutes` with these counts. */
function snapshot(minutes: number, reposts: number, replies: number, likes: number): Contact {
  return aContact({
    channel: 'social',
    sourceId: 'x:777',
    receivedAt: POSTED,
    identity: { handle: 'x:casey' },
    threadKey: 'social:x:777',
    text: 'My order has been stuck for a week and nobody answers.',
    isPublic: true,
    social: {
      platform: 'x',
      followers: 3_000,
      verified: false,
      visibility: 'post',
      engagement: { reposts, replies, likes, postedAt: POSTED, readAt: minutesAfter(minutes) },
    },
  });
}

function deps() {
  const store = new MemoryCaseStore();
  const publisher = new RecordingPublisher();
  const d: TriageDeps = {
    store,
    spikes: new MemorySpikeStore(store),
    publisher,
    textModel: fixedTextModel(0.5),
    thresholds: DEFAULT_THRESHOLDS,
    clock: () => new Date(minutesAfter(40)),
  };
  return { d, store, publisher };
}

describe('refreshing a re-ingested mention', () => {
  it('refreshes only a social contact read later than the stored copy', () => {
    const stored = { contactId: 'c', caseId: 'k', receivedAt: POSTED, engagementReadAt: minutesAfter(10) };
    expect(hasNewerEngagement(snapshot(20, 0, 0, 0), stored)).toBe(true);
    expect(hasNewerEngagement(snapshot(10, 0, 0, 0), stored)).toBe(false);
    expect(hasNewerEngagement(snapshot(5, 0, 0, 0), stored)).toBe(false);
    expect(hasNewerEngagement(aContact(), stored)).toBe(false);
    // Stored before the read time was kept: any snapshot after posting is newer.
    expect(
      hasNewerEngagement(snapshot(1, 0, 0, 0), { contactId: 'c', caseId: 'k', receivedAt: POSTED }),
    ).toBe(true);
  });

  it('keeps the stored frustration and a brand-spike reason, re-scores the rest, and skips a closed case', () => {
    const frustration = toScore([{ signal: 'tone', weight: 40, detail: 'negative' }]);
    const spike = { signal: 'brand_spike', weight: 25, detail: 'part of incident i_1' };
    const stored = {
      contactId: snapshot(0, 0, 0, 0).id,
      caseId: 'k_1',
      customerId: 'u_1',
      receivedAt: POSTED,
      frustration,
      viralRisk: toScore([{ signal: 'public_channel', weight: 25, detail: 'x public post' }, spike]),
      tier: 'critical',
      caseTier: 'critical',
      incidentId: 'i_1',
    } as const;
    const history = {
      ...emptyHistory('u_1'),
      openCase: { caseId: 'k_1', openedAt: POSTED, tier: 'critical', contactCount: 1 },
    } as const;
    const input = {
      contact: snapshot(30, 400, 300, 3_000),
      stored,
      previousReadAt: minutesAfter(10),
      history,
      roster: [],
      thresholds: DEFAULT_THRESHOLDS,
      now: new Date(minutesAfter(31)),
    };
    const refresh = decideRefresh(input);
    expect(refresh?.decision.frustration).toBe(frustration);
    expect(refresh?.decision.viralRisk.reasons.map((r) => r.signal)).toEqual(
      expect.arrayContaining(['brand_spike', 'engagement_velocity', 'reply_chain']),
    );
    expect(refresh?.decision).toMatchObject({ caseId: 'k_1', isNewCase: false, incidentId: 'i_1' });
    expect(refresh?.previousViralRisk).toBe(50);
    expect(decideRefresh({ ...input, history: emptyHistory('u_1') })).toBeUndefined();
  });

  it('updates one case from three snapshots with rising counts: one contact, one timeline entry, rising viral risk', async () => {
    const { d, store, publisher } = deps();
    const results = [];
    for (const s of [snapshot(10, 1, 2, 5), snapshot(20, 40, 30, 200), snapshot(30, 400, 300, 3_000)]) {
      results.push(await triageContact(s, d));
    }
    expect(results.map((r) => r.status)).toEqual(['routed', 'refreshed', 'refreshed']);
    const scores = results.map((r) => (r.status === 'duplicate' ? -1 : r.decision.viralRisk.score));
    expect(scores[1]).toBeGreaterThan(scores[0] ?? 100);
    expect(scores[2]).toBeGreaterThan(scores[1] ?? 100);
    expect(store.cases.size).toBe(1);
    expect(store.decisions).toHaveLength(1);
    expect([...store.timelines.values()].flat()).toHaveLength(1);
    expect([...store.cases.values()][0]).toMatchObject({ contactCount: 1, viralRisk: scores[2] });
    // No repeat-contact history from its own earlier snapshot.
    const last = results[2];
    expect(
      last?.status === 'refreshed' && last.decision.frustration.reasons.map((r) => r.signal),
    ).not.toContain('repeat_contact_history');
    // It reached hot once: one senior alert, once.
    expect(publisher.published.filter((m) => m.kind === 'alert')).toHaveLength(1);
    expect(await triageContact(snapshot(30, 400, 300, 3_000), d)).toMatchObject({ status: 'duplicate' });
    expect(await triageContact(snapshot(15, 9, 9, 9), d)).toMatchObject({ status: 'duplicate' });
    expect(store.refreshes).toHaveLength(2);
  });
});
