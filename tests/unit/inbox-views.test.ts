import { describe, expect, it } from 'vitest';
import { toCaseDetail } from '../../functions/core/inbox/case-detail.ts';
import { customerLabel } from '../../functions/core/inbox/customer-label.ts';
import { openCount, toIncidentSummary } from '../../functions/core/inbox/incidents.ts';
import { hottestFirst, LIST_ROW_ATTRIBUTES, toListRow } from '../../functions/core/inbox/list-row.ts';
import { aBrief, aStoredCase, aStoredIncident, caseId, incidentId } from '../helpers/inbox-fakes.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');

describe('customer label', () => {
  it('is the display name when there is one', () => {
    expect(customerLabel({ customerId: 'u_abcdef123456', name: '  Dana   Whitfield ' })).toBe(
      'Dana Whitfield',
    );
  });

  it('never shows an e-mail address or phone number, not even one given as the name', () => {
    const keys = { email: 'dana.whitfield@example.com', phone: '+44 7700 900123' };
    for (const name of [undefined, 'dana.whitfield@example.com', '+44 7700 900123']) {
      const label = customerLabel({ customerId: 'u_0000000000abc123', name, keys });
      expect(label).toBe('customer abc123');
      expect(label).not.toMatch(/@|7700/);
    }
  });

  it('masks a social handle and an account number', () => {
    expect(customerLabel({ customerId: 'u_1', keys: { handle: '@dana_whit' } })).toBe('@da•••');
    expect(customerLabel({ customerId: 'u_1', keys: { handle: '@ab' } })).toBe('@a•••');
    expect(customerLabel({ customerId: 'u_1', keys: { accountId: 'ACC-99887766' } })).toBe('account •••7766');
  });
});

describe('list row', () => {
  it('shows the scores with the 3 heaviest positive reasons, owner, deadline and channels', () => {
    const stored = aStoredCase(
      1,
      { acknowledgedAt: '2026-11-20T09:00:00.000Z', incidentId: incidentId(7) },
      {
        whyHeated: [
          { signal: 'calm_words', weight: -5, detail: 'polite' },
          { signal: 'anger_words', weight: 12, detail: 'angry words' },
          { signal: 'repeat_contact', weight: 30, detail: '3rd contact' },
          { signal: 'public_post', weight: 8, detail: 'posted publicly' },
          { signal: 'broken_promise', weight: 20, detail: 'a promise was broken' },
        ],
        latestMessage: { channel: 'social' },
        timeline: [
          { at: '2026-11-18T08:00:00.000Z', channel: 'chat', tier: 'warm', frustration: 40, excerpt: 'x' },
          { at: '2026-11-17T08:00:00.000Z', channel: 'social', tier: 'warm', frustration: 35, excerpt: 'y' },
          { at: '2026-11-14T08:00:00.000Z', channel: 'email', tier: 'calm', frustration: 10, excerpt: 'z' },
        ],
      },
    );
    const row = toListRow(stored);
    expect(row.topReasons.map((r) => [r.signal, r.weight])).toEqual([
      ['repeat_contact', 30],
      ['broken_promise', 20],
      ['anger_words', 12],
    ]);
    expect(row.channels).toEqual(['social', 'chat', 'email']);
    expect(row).toMatchObject({
      caseId: caseId(1),
      customer: 'Dana Whitfield',
      tier: 'hot',
      frustration: 70,
      viralRisk: 20,
      owner: 'amara',
      deadline: '2026-11-20T12:00:00.000Z',
      acknowledged: true,
      acknowledgedAt: '2026-11-20T09:00:00.000Z',
      contactCount: 3,
      incidentId: incidentId(7),
    });
    expect(JSON.stringify(row)).not.toContain('dana.whitfield@example.com');
  });

  it('still lists a case whose stored brief cannot be read, labelled by customer id and without reasons', () => {
    // The reader hands over null for a stored brief it cannot read (tests/integration/inbox-api.test.ts).
    const stored = { ...aStoredCase(2, { customerId: 'u_00000000000000000000000000fedcba' }), brief: null };
    const row = toListRow(stored);
    expect(row).toMatchObject({ customer: 'customer fedcba', topReasons: [], channels: [], tier: 'hot' });
  });

  it('names every attribute it reads, so an index serving the list can project them', () => {
    expect(LIST_ROW_ATTRIBUTES).toEqual(expect.arrayContaining(['brief', 'tier', 'owner', 'deadline']));
  });

  it('orders hottest first: tier, then the nearest deadline (overdue first), then case id', () => {
    const rows = [
      toListRow(aStoredCase(1, { tier: 'hot', frustration: 90, deadline: '2026-11-20T13:00:00.000Z' })),
      toListRow(aStoredCase(2, { tier: 'critical', deadline: '2026-11-21T09:00:00.000Z' })),
      toListRow(aStoredCase(3, { tier: 'hot', frustration: 60, deadline: '2026-11-20T08:00:00.000Z' })),
      toListRow(aStoredCase(4, { tier: 'hot', deadline: '2026-11-20T13:00:00.000Z' })),
      toListRow(aStoredCase(5, { tier: 'warm', deadline: '2026-11-19T09:00:00.000Z' })),
    ];
    expect(rows.toSorted(hottestFirst).map((r) => r.caseId)).toEqual([2, 3, 1, 4, 5].map(caseId));
  });
});

describe('case detail', () => {
  const promise = (id: string, dueAt: string, kept = false) => ({
    promiseId: id,
    text: `promise ${id}`,
    madeAt: '2026-11-15T08:00:00.000Z',
    dueAt,
    kept,
    source: 'agent' as const,
  });

  it('is the brief plus what was recorded since: outcomes, actions and promises read fresh', () => {
    const stored = aStoredCase(
      1,
      { deadline: '2026-11-20T09:30:00.000Z' },
      {
        timeline: [
          {
            at: '2026-11-17T08:00:00.000Z',
            channel: 'chat',
            tier: 'warm',
            frustration: 40,
            excerpt: 'chat one',
          },
        ],
        alreadyTried: [
          { at: '2026-11-16T08:00:00.000Z', what: 'We will have it ready in two days.' },
          { at: '2026-11-18T10:00:00.000Z', what: 'reset the order (failed)' },
        ],
      },
    );
    const detail = toCaseDetail({
      stored,
      outcomes: [
        {
          outcomeId: 'o_2',
          kind: 'note',
          recordedAt: '2026-11-19T10:00:00.000Z',
          by: 'bo',
          actions: [{ what: 'called the pharmacy', result: 'pending' }],
        },
        {
          outcomeId: 'o_1',
          kind: 'note',
          recordedAt: '2026-11-18T10:00:00.000Z',
          by: 'amara',
          actions: [{ what: 'reset the order', result: 'failed' }],
        },
      ],
      promises: [
        promise('p_late', '2026-11-19T00:00:00.000Z'),
        promise('p_soon', '2026-11-21T00:00:00.000Z'),
        promise('p_kept', '2026-11-18T00:00:00.000Z', true),
      ],
      now: NOW,
    });
    expect(detail.timeline.map((t) => [t.channel, t.latest])).toEqual([
      ['email', true],
      ['chat', false],
    ]);
    expect(detail.alreadyTried).toEqual([
      { at: '2026-11-16T08:00:00.000Z', what: 'We will have it ready in two days.' },
      { at: '2026-11-18T10:00:00.000Z', what: 'reset the order', result: 'failed', by: 'amara' },
      { at: '2026-11-19T10:00:00.000Z', what: 'called the pharmacy', result: 'pending', by: 'bo' },
    ]);
    expect(detail.promises.broken.map((p) => p.promiseId)).toEqual(['p_late']);
    expect(detail.promises.open.map((p) => p.promiseId)).toEqual(['p_soon']);
    expect(detail.outcomes.map((o) => o.outcomeId)).toEqual(['o_1', 'o_2']);
    expect(detail.secondsLeft).toBe(-30 * 60);
    expect(detail).toMatchObject({
      customer: 'Dana Whitfield',
      contactsSoFar: 3,
      suggestedOpening: 'Dana, you have now contacted us 3 times.',
      latestMessage: { channel: 'email', text: 'This is the third time I have come in.' },
      acknowledged: false,
      status: 'open',
      generatedAt: NOW.toISOString(),
    });
    expect(detail.whyHeated[0]?.signal).toBe('repeat_contact');
    expect(JSON.stringify(detail)).not.toContain('@example.com');
  });
});

describe('incident summary', () => {
  const incident = aStoredIncident(1, {
    expected: 1.5,
    linkedContacts: 11,
    topTerms: ['login', 'app'],
    exampleCaseIds: [caseId(3)],
  });

  it('counts its open cases and shows its own examples first, then the hottest', () => {
    const views = [1, 2, 3, 4, 5].map((n) => {
      const stored = aStoredCase(
        n,
        { incidentId: n === 5 ? incidentId(2) : incidentId(1), tier: n === 2 ? 'critical' : 'hot' },
        { latestMessage: { text: `cannot log in ${n}`, channel: 'social' } },
      );
      const brief = aBrief(stored.caseId, {
        latestMessage: { text: `cannot log in ${n}`, channel: 'social' },
      });
      return { row: toListRow(stored), brief };
    });
    const summary = toIncidentSummary(incident, views, openCount(4, true));
    expect([summary.openCases, summary.openCasesMore]).toEqual([4, false]);
    expect(summary.examples.map((e) => e.caseId)).toEqual([caseId(3), caseId(2), caseId(1)]);
    expect(summary.examples[0]).toMatchObject({
      channel: 'social',
      excerpt: 'cannot log in 3',
      customer: 'Dana Whitfield',
    });
    expect(summary).toMatchObject({
      label: 'app login',
      mentions: 9,
      linkedContacts: 11,
      topTerms: ['login', 'app'],
    });
  });
});
