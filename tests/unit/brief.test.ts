import { describe, expect, it } from 'vitest';
import { renderBrief } from '../../functions/core/brief/render.ts';
import { decide } from '../../functions/core/decision.ts';
import type { CustomerHistory } from '../../functions/core/history.ts';
import { DEFAULT_THRESHOLDS } from '../../functions/core/scoring/tier.ts';
import { aContact } from '../helpers/factories.ts';

const history: CustomerHistory = {
  customerId: 'u1',
  earlierContacts: [
    {
      contactId: 'c2',
      caseId: 'k1',
      channel: 'email',
      receivedAt: '2026-11-17T09:00:00Z',
      tier: 'warm',
      frustration: 40,
      excerpt: 'Came back Thursday, still not ready',
    },
    {
      contactId: 'c1',
      caseId: 'k1',
      channel: 'email',
      receivedAt: '2026-11-14T09:00:00Z',
      tier: 'calm',
      frustration: 20,
      excerpt: 'Prescription not ready',
    },
  ],
  openCase: { caseId: 'k1', openedAt: '2026-11-14T09:00:00Z', tier: 'warm', contactCount: 2 },
  promises: [
    {
      promiseId: 'p1',
      text: 'ready on Thursday',
      madeAt: '2026-11-14T09:00:00Z',
      dueAt: '2026-11-16T17:00:00Z',
      kept: false,
      source: 'agent',
    },
  ],
  actions: [],
};

describe('the brief', () => {
  const d = decide({
    contact: aContact({
      text: 'This is the third time I have come in for my prescription and it is still not ready.',
      receivedAt: '2026-11-20T09:00:00.000Z',
      priorTurns: [
        { role: 'agent', at: '2026-11-17T09:05:00Z', text: 'I have re-ordered it from the wholesaler.' },
      ],
    }),
    tone: { negative: 0.7, model: 'fixed' },
    languageConfident: true,
    history,
    roster: [],
    thresholds: DEFAULT_THRESHOLDS,
    now: new Date('2026-11-20T09:00:05Z'),
  });

  it('joins the open case and carries the timeline, what was tried and the broken promise', () => {
    expect(d.caseId).toBe('k1');
    expect(d.brief.timeline.map((t) => t.excerpt)).toEqual([
      'Came back Thursday, still not ready',
      'Prescription not ready',
    ]);
    expect(d.brief.alreadyTried).toEqual([
      { at: '2026-11-17T09:05:00Z', what: 'I have re-ordered it from the wholesaler.' },
    ]);
    expect(d.brief.promises.broken.map((p) => p.text)).toEqual(['ready on Thursday']);
  });

  it('suggests an opening from this case: times, days, the promise and a concrete next step, in order', () => {
    const opening = d.brief.suggestedOpening;
    expect(opening).toMatch(/^Dana, you have now contacted us 3 times about the prescription over 6 days/);
    const ack = opening.indexOf('contacted us');
    const apology = opening.indexOf('I am sorry we did not keep our word ("ready on Thursday"');
    const own = opening.indexOf('personally responsible');
    const step = opening.indexOf('calling the pharmacy team');
    expect(ack).toBeGreaterThanOrEqual(0);
    expect(apology).toBeGreaterThan(ack);
    expect(own).toBeGreaterThan(apology);
    expect(step).toBeGreaterThan(own);
    expect(opening).toContain(d.deadline.slice(0, 16).replace('T', ' '));
  });

  it('renders as text with reasons and the do-not-repeat list', () => {
    const text = renderBrief(d.brief);
    expect(text).toContain('Why it is heated:');
    expect(text).toContain('promise_past_due');
    expect(text).toContain('Already tried (do not repeat):');
    expect(text).toContain('BROKEN (due 2026-11-16T17:00:00Z): ready on Thursday');
  });
});
