import { describe, expect, it } from 'vitest';
import { toScore } from '../../functions/core/scoring/reason.ts';
import { DEFAULT_THRESHOLDS } from '../../functions/core/scoring/tier.ts';
import {
  type IncidentPointer,
  incidentAlert,
  incidentIdFor,
  judge,
  linkOf,
  type Mention,
  planLink,
  raiseForIncident,
  termsOf,
  topTerms,
  withoutSpike,
  withSpike,
} from '../../functions/core/spikes/incident.ts';
import { type WindowStats, windowRange } from '../../functions/core/spikes/window.ts';

const NOW = new Date('2026-11-20T10:07:30Z');
const range = windowRange(new Date('2026-11-20T10:07:10Z'));
const mention = (over: Partial<Mention> = {}): Mention => ({
  topic: 'app',
  contactId: 'c_1',
  caseId: 'k_1',
  at: '2026-11-20T10:07:10.000Z',
  bucketStart: range.bucketStart,
  terms: ['crashing', 'login'],
  ...over,
});
const spiking: WindowStats = { mentions: 24, expected: 2, ratio: 12 };
const quiet: WindowStats = { mentions: 3, expected: 2, ratio: 1.5 };
const judgeWith = (stats: WindowStats, current?: IncidentPointer, m = mention()) =>
  judge({ mention: m, label: 'app problem', range, stats, now: NOW, ...(current ? { current } : {}) });

function opened(over: Partial<IncidentPointer> = {}): IncidentPointer {
  const verdict = judgeWith(spiking);
  if (verdict.kind !== 'open') throw new Error('expected an open verdict');
  return { ...verdict.incident, openedBy: 'c_0', alertedAt: '2026-11-20T10:07:31.000Z', ...over };
}

describe('incident decision', () => {
  it('opens an incident with a deterministic id per topic and window start', () => {
    const verdict = judgeWith(spiking);
    expect(verdict).toMatchObject({
      kind: 'open',
      incident: {
        incidentId: incidentIdFor('app', range.windowStart),
        topic: 'app',
        windowStart: range.windowStart,
        windowEnd: range.windowEnd,
        openedBy: 'c_1',
        mentions: 24,
      },
    });
    expect(incidentIdFor('app', range.windowStart)).toBe(incidentIdFor('app', range.windowStart));
    expect(incidentIdFor('app', range.windowStart)).not.toBe(incidentIdFor('billing', range.windowStart));
  });

  it('opens nothing without a spike', () => {
    expect(judgeWith(quiet)).toEqual({ kind: 'none' });
  });

  it('joins the open incident, in its window or later while the spike lasts, without opening another', () => {
    const incident = opened();
    expect(judgeWith(quiet, incident)).toEqual({ kind: 'join', incident });
    const later = mention({ at: '2026-11-20T10:40:00.000Z' });
    expect(judgeWith(spiking, incident, later)).toEqual({ kind: 'join', incident });
    expect(judgeWith(quiet, incident, later)).toEqual({ kind: 'none' });
  });

  it('keeps the cooldown: no second incident for the topic within the hour, a new one after it', () => {
    const incident = opened({
      windowStart: '2026-11-20T09:20:00.000Z',
      windowEnd: '2026-11-20T09:25:00.000Z',
    });
    // 10:07 is within 60 min of 09:25 and spiking: joins rather than opens.
    expect(judgeWith(spiking, incident).kind).toBe('join');
    const old = opened({ windowStart: '2026-11-20T08:50:00.000Z', windowEnd: '2026-11-20T08:55:00.000Z' });
    expect(judgeWith(spiking, old).kind).toBe('open');
    expect(judgeWith(quiet, old)).toEqual({ kind: 'none' });
  });

  it("resumes when this contact opened the incident and its alert never went out (the opener's retry)", () => {
    const { alertedAt: _a, ...unalerted } = opened({ openedBy: 'c_1' });
    expect(judgeWith(spiking, unalerted)).toEqual({ kind: 'resume', incident: unalerted });
    expect(judgeWith(spiking, opened({ openedBy: 'c_1' })).kind).toBe('join');
  });
});

describe('what an incident does to a case', () => {
  const link = linkOf(opened(), spiking);

  it('adds one brand_spike reason naming the incident, and can take it away again', () => {
    const own = toScore([{ signal: 'public_channel', weight: 25, detail: 'x public post' }]);
    const raised = withSpike(own, link);
    expect(raised.score).toBe(50);
    expect(raised.reasons.find((r) => r.signal === 'brand_spike')?.detail).toContain(link.incidentId);
    expect(withSpike(raised, link)).toBe(raised);
    expect(withoutSpike(raised)).toEqual(own);
  });

  it('makes a case at least hot, and critical when the customer is also clearly unhappy', () => {
    const calm = { tier: 'calm', because: 'frustration 10 < 30' } as const;
    expect(raiseForIncident(calm, 10, DEFAULT_THRESHOLDS, 'i_1').tier).toBe('hot');
    expect(raiseForIncident(calm, 30, DEFAULT_THRESHOLDS, 'i_1')).toEqual({
      tier: 'critical',
      because: 'part of incident i_1 with frustration 30 ≥ 30',
    });
    const critical = { tier: 'critical', because: 'frustration 90 ≥ 85' } as const;
    expect(raiseForIncident(critical, 90, DEFAULT_THRESHOLDS, 'i_1')).toBe(critical);
  });

  it('plans the link of an earlier case: raised, never lowered, once', () => {
    const target = {
      contactId: 'c_9',
      caseId: 'k_9',
      receivedAt: '2026-11-20T10:05:00.000Z',
      frustration: 40,
      viralRisk: toScore([]),
      case: {
        status: 'open',
        tier: 'warm',
        viralRisk: 0,
        updatedAt: '2026-11-20T10:05:01.000Z',
        briefText: 'BRIEF',
      },
    } as const;
    const plan = planLink(target, link, DEFAULT_THRESHOLDS);
    expect(plan).toMatchObject({
      incidentId: link.incidentId,
      tier: 'critical',
      caseTier: 'critical',
      caseViralRisk: 25,
    });
    expect(plan?.briefText).toMatch(/^BRIEF\n\nPart of incident i_/);
    expect(planLink({ ...target, incidentId: link.incidentId }, link, DEFAULT_THRESHOLDS)).toBeUndefined();
    const closed = planLink(
      { ...target, case: { ...target.case, status: 'closed' } },
      link,
      DEFAULT_THRESHOLDS,
    );
    expect(closed).toMatchObject({ caseTier: 'warm', caseViralRisk: 0, briefText: 'BRIEF' });
  });
});

describe('the incident alert', () => {
  it('lists only terms several mentions share, so no single customer’s words reach it', () => {
    const mentions = [
      mention({ terms: termsOf('The app keeps crashing at login. Signed, Priscilla') }),
      mention({ contactId: 'c_2', caseId: 'k_2', terms: termsOf('Login crashing again on the app!') }),
      mention({ contactId: 'c_3', caseId: 'k_3', terms: termsOf('crashing app, cannot login') }),
    ];
    expect(topTerms(mentions)).toEqual(['crashing', 'login']);
    expect(termsOf('Hello, this is about THE app: crashing crashing.')).toEqual(['crashing']);
  });

  it('summarises count, baseline, top terms and example cases, as a critical incident message', () => {
    const incident = opened();
    const alert = incidentAlert(incident, {
      mentions: 24,
      topTerms: ['crashing', 'login'],
      exampleCaseIds: ['k_1', 'k_2'],
    });
    expect(alert).toMatchObject({
      kind: 'incident',
      incidentId: incident.incidentId,
      caseId: 'k_1',
      tier: 'critical',
      mentions: 24,
      exampleCaseIds: ['k_1', 'k_2'],
    });
    expect(alert.alertId).toMatch(/^a_[0-9a-f]{32}$/);
    expect(alert.summary).toContain('24 mentions in 5 min');
    expect(alert.summary).toContain('Top terms: crashing, login');
  });
});
