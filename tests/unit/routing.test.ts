import { describe, expect, it } from 'vitest';
import { findPromises } from '../../functions/core/promises.ts';
import { buildReport } from '../../functions/core/report.ts';
import { chooseOwner } from '../../functions/core/routing/assign.ts';
import type { StaffLoad } from '../../functions/core/routing/roster.ts';
import { overdue } from '../../functions/core/sweeper.ts';

const person = (id: string, over: Partial<StaffLoad> = {}): StaffLoad => ({
  id,
  name: id,
  channels: ['email', 'chat'],
  languages: ['en'],
  topics: [],
  capacity: 5,
  onShift: true,
  openCases: 0,
  ...over,
});

describe('chooseOwner', () => {
  it('prefers the customer’s previous owner when on shift with room', () => {
    const roster = [person('a', { openCases: 4 }), person('b')];
    expect(chooseOwner(roster, { channel: 'email', language: 'en', previousOwner: 'a' })?.owner.id).toBe('a');
  });

  it('skips a previous owner who is off shift or full, then ranks language over load', () => {
    const roster = [
      person('a', { onShift: false }),
      person('b', { openCases: 3, languages: ['en', 'es'] }),
      person('c'),
    ];
    const pick = chooseOwner(roster, { channel: 'chat', language: 'es', previousOwner: 'a' });
    expect(pick?.owner.id).toBe('b');
    expect(pick?.because).toContain('speaks es');
  });

  it('breaks ties by fewest open cases, then longest since last assignment', () => {
    const roster = [
      person('a', { openCases: 1, lastAssignedAt: '2026-11-20T09:00:00Z' }),
      person('b', { openCases: 1, lastAssignedAt: '2026-11-20T08:00:00Z' }),
      person('c', { openCases: 2 }),
    ];
    expect(chooseOwner(roster, { channel: 'email', language: 'en' })?.owner.id).toBe('b');
  });

  it('returns nobody when everyone is full or off shift', () => {
    expect(
      chooseOwner([person('a', { openCases: 5 }), person('b', { onShift: false })], {
        channel: 'email',
        language: 'en',
      }),
    ).toBeUndefined();
  });
});

describe('findPromises', () => {
  const at = '2026-11-19T11:00:00.000Z';
  it('dates an agent promise from its words', () => {
    expect(findPromises('An engineer will call you back by 5pm.', at, 'agent')).toEqual([
      expect.objectContaining({ dueAt: '2026-11-19T17:00:00.000Z', source: 'agent' }),
    ]);
    expect(findPromises('We will send a replacement within 3 days.', at, 'agent')[0]?.dueAt).toBe(
      '2026-11-22T11:00:00.000Z',
    );
  });

  it('takes a customer’s report of a promise only when it carries a time', () => {
    expect(
      findPromises('The pharmacist said it would be ready in two days.', at, 'customer_report')[0]?.dueAt,
    ).toBe('2026-11-21T11:00:00.000Z');
    expect(
      findPromises('You promised it would be ready and it still is not.', at, 'customer_report'),
    ).toEqual([]);
  });

  it('finds nothing in a pleasantry', () => {
    expect(findPromises('Thanks for waiting, have a nice day.', at, 'agent')).toEqual([]);
  });
});

describe('overdue', () => {
  const now = new Date('2026-11-20T12:00:00Z');
  const base = { owner: 'a', escalationLevel: 0, deadline: '2026-11-20T11:00:00Z' };
  it('escalates hot cases past their deadline one tier, with a new alert id per level', () => {
    const [e] = overdue([{ caseId: 'k1', tier: 'hot', ...base }], now);
    expect(e).toMatchObject({
      caseId: 'k1',
      tier: 'critical',
      level: 1,
      deadline: '2026-11-20T13:00:00.000Z',
    });
    const [again] = overdue([{ caseId: 'k1', tier: 'critical', ...base, escalationLevel: 1 }], now);
    expect(again?.alertId).not.toBe(e?.alertId);
  });

  it('leaves acknowledged, not-yet-due and calm cases alone', () => {
    expect(
      overdue(
        [
          { caseId: 'k1', tier: 'hot', ...base, acknowledgedAt: '2026-11-20T10:30:00Z' },
          { caseId: 'k2', tier: 'hot', ...base, deadline: '2026-11-20T13:00:00Z' },
          { caseId: 'k3', tier: 'warm', ...base },
        ],
        now,
      ),
    ).toEqual([]);
  });
});

describe('buildReport', () => {
  it('suggests lowering the hot threshold when calm cases churn', () => {
    const calm = Array.from({ length: 10 }, (_, i) => ({
      tier: 'calm' as const,
      openedAt: '2026-11-01T00:00:00Z',
      escalationLevel: 0,
      ...(i < 3 ? { closedAs: 'churned' } : {}),
    }));
    const report = buildReport(calm);
    expect(report.rows.find((r) => r.tier === 'calm')).toMatchObject({
      cases: 10,
      churned: 3,
      badShare: 0.3,
    });
    expect(report.suggestions[0]).toContain('lower the hot threshold');
  });

  it('measures the median time to acknowledge', () => {
    const hot = [10, 20, 40].map((m) => ({
      tier: 'hot' as const,
      openedAt: '2026-11-01T00:00:00Z',
      acknowledgedAt: new Date(Date.parse('2026-11-01T00:00:00Z') + m * 60_000).toISOString(),
      escalationLevel: 0,
    }));
    expect(buildReport(hot).rows.find((r) => r.tier === 'hot')?.medianMinutesToAcknowledge).toBe(20);
  });
});
