import { describe, expect, it } from 'vitest';
import type { Contact } from '../../functions/core/contact.ts';
import type { RoutingMessage } from '../../functions/core/routing/messages.ts';
import { DEFAULT_THRESHOLDS } from '../../functions/core/scoring/tier.ts';
import { type TriageDeps, triageContact } from '../../functions/core/triage.ts';
import { aContact } from '../helpers/factories.ts';
import { fixedTextModel, RecordingPublisher } from '../helpers/fakes.ts';
import { MemoryCaseStore, MemorySpikeStore } from '../helpers/memory-store.ts';

const NOW = new Date('2026-11-20T12:00:00Z');

function deps(negative = 0.2) {
  const store = new MemoryCaseStore();
  const spikes = new MemorySpikeStore(store);
  const publisher = new RecordingPublisher();
  const d: TriageDeps = {
    store,
    spikes,
    publisher,
    textModel: fixedTextModel(negative),
    thresholds: DEFAULT_THRESHOLDS,
    clock: () => NOW,
  };
  return { d, store, spikes, publisher };
}

/** Distinct customers writing about the app within the last few minutes. */
function mention(i: number, over: Partial<Contact> = {}): Contact {
  return aContact({
    sourceId: `app-${i}`,
    identity: { email: `user${i}@example.com` },
    text: 'The app is down again, cannot log in this morning.',
    receivedAt: new Date(NOW.getTime() - 4 * 60_000 + i * 1_000).toISOString(),
    ...over,
  });
}

const incidents = (published: readonly RoutingMessage[]) => published.filter((m) => m.kind === 'incident');

describe('brand-wide spikes in triage', () => {
  it('opens one incident at the 20th mention, links every case before and after it, and alerts once', async () => {
    const { d, store, spikes, publisher } = deps();
    for (let i = 0; i < 30; i++) await triageContact(mention(i), d);

    const [alert, ...more] = incidents(publisher.published);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ kind: 'incident', topic: 'app', mentions: 20 });
    if (alert?.kind !== 'incident') throw new Error('no incident alert');
    expect(alert.exampleCaseIds).toHaveLength(5);
    expect(alert.topTerms).toEqual(expect.arrayContaining(['down', 'morning']));
    expect(spikes.linked(alert.incidentId)).toBe(30);
    for (const c of store.cases.values()) {
      expect(c).toMatchObject({ incidentId: alert.incidentId, tier: 'hot' });
    }
    const viral = [...store.stored.values()].map((s) => s.viralRisk.reasons.map((r) => r.signal));
    expect(viral.every((signals) => signals.includes('brand_spike'))).toBe(true);
    // No case alerts of their own: the incident's one alert covers them.
    expect(publisher.published.filter((m) => m.kind === 'alert')).toEqual([]);
    expect(store.decisions.at(-1)?.destination).toBe('senior (incident, alerted with it)');
  });

  it('still alerts a case that is heated on its own, at the tier the incident raises it to', async () => {
    const { d, publisher } = deps(0.9);
    for (let i = 0; i < 20; i++) await triageContact(mention(i), d);
    const angry = mention(20, {
      text: "Third time the app is down. Nobody called back as promised and I'm cancelling.",
    });
    const result = await triageContact(angry, d);
    expect(result.status === 'routed' && result.decision.caseTier).toBe('critical');
    expect(publisher.published.filter((m) => m.kind === 'alert')).toHaveLength(1);
  });

  it('joins the incident another triage opened first instead of opening a second one', async () => {
    const { d, spikes, publisher } = deps();
    for (let i = 0; i < 19; i++) await triageContact(mention(i), d);
    spikes.loseNextOpen = {
      incidentId: 'i_other',
      topic: 'app',
      label: 'app problem',
      windowStart: '2026-11-20T11:52:00.000Z',
      windowEnd: '2026-11-20T11:57:00.000Z',
      openedAt: NOW.toISOString(),
      openedBy: 'c_someone_else',
      mentions: 20,
      expected: 0,
      alertedAt: NOW.toISOString(),
    };
    const result = await triageContact(mention(19), d);
    expect(result.status === 'routed' && result.decision.incidentId).toBe('i_other');
    expect(incidents(publisher.published)).toEqual([]);
  });

  it('finishes the alert on retry when the opening triage failed to publish it', async () => {
    const { d, spikes, publisher } = deps();
    for (let i = 0; i < 19; i++) await triageContact(mention(i), d);
    publisher.failNext = new Error('SQS unavailable');
    await expect(triageContact(mention(19), d)).rejects.toThrow('SQS unavailable');
    await triageContact(mention(19), d);
    const [alert, ...more] = incidents(publisher.published);
    expect(more).toEqual([]);
    if (alert?.kind !== 'incident') throw new Error('no incident alert');
    expect(spikes.mentions.size).toBe(20);
    expect(spikes.linked(alert.incidentId)).toBe(20);
  });

  it('counts neither old mentions nor topic-less ones', async () => {
    const { d, spikes, publisher } = deps();
    for (let i = 0; i < 25; i++) {
      await triageContact(mention(i, { receivedAt: '2026-11-19T09:00:00.000Z' }), d);
      await triageContact(mention(100 + i, { text: 'Thank you so much for the lovely flowers!' }), d);
    }
    expect(spikes.mentions.size).toBe(0);
    expect(incidents(publisher.published)).toEqual([]);
  });
});
