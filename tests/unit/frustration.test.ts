import { describe, expect, it } from 'vitest';
import { type CustomerHistory, emptyHistory } from '../../functions/core/history.ts';
import { scoreFrustration } from '../../functions/core/scoring/frustration.ts';
import { aContact } from '../helpers/factories.ts';

const now = new Date('2026-11-20T10:00:00Z');
const calmTone = { negative: 0.1, model: 'fixed' };
const signals = (reasons: readonly { signal: string }[]) => reasons.map((r) => r.signal);

describe('scoreFrustration', () => {
  it('names repeat contact, broken promise and churn cues with their weights', () => {
    const contact = aContact({
      text: "This is the third time I'm writing. Nobody called me back as promised and I'm cancelling.",
    });
    const score = scoreFrustration(contact, { negative: 0.8, model: 'fixed' }, emptyHistory('u1'), now, true);
    expect(signals(score.reasons)).toEqual(
      expect.arrayContaining(['repeat_contact', 'broken_promise', 'churn_threat']),
    );
    expect(score.score).toBeGreaterThanOrEqual(60);
    const total = score.reasons.reduce((s, r) => s + r.weight, 0);
    expect(score.score).toBe(Math.round(Math.min(100, total)));
  });

  it('keeps a thank-you calm', () => {
    const score = scoreFrustration(
      aContact({ text: 'Thanks, all sorted now!' }),
      calmTone,
      emptyHistory('u1'),
      now,
      true,
    );
    expect(score.score).toBeLessThan(30);
    expect(signals(score.reasons)).toEqual(['tone']);
  });

  it('raises a calm-worded message when history shows repeat contacts, days open and a broken promise', () => {
    const history: CustomerHistory = {
      customerId: 'u1',
      earlierContacts: [
        {
          contactId: 'c2',
          caseId: 'k1',
          channel: 'email',
          receivedAt: '2026-11-18T10:00:00Z',
          tier: 'warm',
          frustration: 35,
          excerpt: 'x',
        },
        {
          contactId: 'c1',
          caseId: 'k1',
          channel: 'chat',
          receivedAt: '2026-11-15T10:00:00Z',
          tier: 'calm',
          frustration: 20,
          excerpt: 'y',
        },
      ],
      openCase: { caseId: 'k1', openedAt: '2026-11-15T10:00:00Z', tier: 'warm', contactCount: 2 },
      promises: [
        {
          promiseId: 'p1',
          text: 'call back by Tuesday',
          madeAt: '2026-11-15T10:00:00Z',
          dueAt: '2026-11-17T10:00:00Z',
          kept: false,
          source: 'agent',
        },
      ],
      actions: [],
    };
    const text = 'Could you let me know where my order is?';
    const first = scoreFrustration(aContact({ text }), calmTone, emptyHistory('u1'), now, true);
    const repeat = scoreFrustration(aContact({ text }), calmTone, history, now, true);
    expect(signals(repeat.reasons)).toEqual(
      expect.arrayContaining(['repeat_contact_history', 'days_open', 'promise_past_due', 'worsening_trend']),
    );
    expect(repeat.reasons.find((r) => r.signal === 'repeat_contact_history')?.detail).toContain(
      '2 earlier contacts',
    );
    expect(repeat.score - first.score).toBeGreaterThanOrEqual(40);
  });

  it('counts contacts older than 30 days as history, not as repeats', () => {
    const history: CustomerHistory = {
      customerId: 'u1',
      earlierContacts: [
        {
          contactId: 'c1',
          caseId: 'k0',
          channel: 'email',
          receivedAt: '2026-08-01T10:00:00Z',
          tier: 'hot',
          frustration: 70,
          excerpt: 'x',
        },
      ],
      promises: [],
      actions: [],
    };
    const score = scoreFrustration(aContact(), calmTone, history, now, true);
    expect(signals(score.reasons)).not.toContain('repeat_contact_history');
    expect(signals(score.reasons)).not.toContain('earlier_escalation');
  });

  it('halves tone for non-English text and says so', () => {
    const english = scoreFrustration(
      aContact({ text: 'x' }),
      { negative: 1, model: 'fixed' },
      emptyHistory('u'),
      now,
      true,
    );
    const spanish = scoreFrustration(
      aContact({ text: 'x', language: 'es' }),
      { negative: 1, model: 'fixed' },
      emptyHistory('u'),
      now,
      false,
    );
    expect(spanish.reasons.find((r) => r.signal === 'tone')?.weight).toBe(
      (english.reasons.find((r) => r.signal === 'tone')?.weight ?? 0) / 2,
    );
    expect(spanish.reasons.find((r) => r.signal === 'non_english_text')?.detail).toContain(
      "'es' (low confidence)",
    );
  });

  it('scores intensity: shouting, repeated punctuation, profanity', () => {
    const score = scoreFrustration(
      aContact({ text: 'WHERE IS MY REFUND YOU ARE USELESS!!!' }),
      calmTone,
      emptyHistory('u'),
      now,
      true,
    );
    expect(signals(score.reasons)).toEqual(
      expect.arrayContaining(['shouting', 'repeated_punctuation', 'profanity']),
    );
  });

  it('stays linear on hostile input', () => {
    const hostile = `${'again '.repeat(50_000)}${'!'.repeat(100_000)}`;
    const score = scoreFrustration(
      aContact({ text: hostile.slice(0, 50_000) }),
      calmTone,
      emptyHistory('u'),
      now,
      true,
    );
    expect(score.score).toBeLessThanOrEqual(100);
  });
});
