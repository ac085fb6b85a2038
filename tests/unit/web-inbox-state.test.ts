import { describe, expect, it } from 'vitest';
import type { CaseListRow } from '../../functions/core/inbox/views.ts';
import {
  appendPage,
  arrivalAnnouncement,
  filterQuery,
  hottestFirst,
  mergePages,
  newArrivals,
  ownersOf,
  parseFilter,
  tierCountsLine,
  withFilter,
} from '../../web/src/inbox-state.ts';
import { hrefFor, parseRoute } from '../../web/src/router.ts';

function row(caseId: string, over: Partial<CaseListRow> = {}): CaseListRow {
  return {
    caseId,
    customer: 'Dana W.',
    tier: 'hot',
    frustration: 70,
    viralRisk: 10,
    topReasons: [],
    owner: null,
    channels: ['email'],
    deadline: '2026-11-25T13:00:00.000Z',
    acknowledged: false,
    acknowledgedAt: null,
    status: 'open',
    updatedAt: '2026-11-25T12:00:00.000Z',
    contactCount: 1,
    incidentId: null,
    escalationLevel: 0,
    ...over,
  };
}

describe('inbox filters in the URL', () => {
  it('round-trips owner, tier and channel in one stable order', () => {
    const filter = parseFilter('channel=chat&owner=amara&tier=critical');
    expect(filter).toEqual({ owner: 'amara', tier: 'critical', channel: 'chat' });
    expect(filterQuery(filter)).toBe('owner=amara&tier=critical&channel=chat');
  });

  it('drops values the API would refuse instead of sending them', () => {
    expect(parseFilter('tier=lukewarm&channel=fax&owner=')).toEqual({});
    expect(parseFilter(`owner=${'x'.repeat(65)}`)).toEqual({});
  });

  it('sets and clears one filter at a time', () => {
    const hot = withFilter({ owner: 'amara' }, 'tier', 'hot');
    expect(hot).toEqual({ owner: 'amara', tier: 'hot' });
    expect(withFilter(hot, 'owner', '')).toEqual({ tier: 'hot' });
  });

  it('routes #/?… to the filtered inbox and back to the same link', () => {
    const route = parseRoute('#/?tier=hot&owner=bruno');
    expect(route).toEqual({ page: 'inbox', filter: { owner: 'bruno', tier: 'hot' } });
    expect(hrefFor(route)).toBe('#/?owner=bruno&tier=hot');
    expect(hrefFor({ page: 'inbox', filter: {} })).toBe('#/');
  });

  it('routes case and incident pages, and names unknown paths', () => {
    const caseId = `k_${'a'.repeat(32)}`;
    expect(parseRoute(`#/cases/${caseId}`)).toEqual({ page: 'case', caseId });
    expect(parseRoute('#/incidents')).toEqual({ page: 'incidents' });
    expect(parseRoute('#/incidents/i_1')).toEqual({ page: 'incident', incidentId: 'i_1' });
    expect(parseRoute('')).toEqual({ page: 'inbox', filter: {} });
    expect(parseRoute('#/cases/../../etc')).toEqual({ page: 'not_found', path: '/cases/../../etc' });
  });
});

describe('hottest first', () => {
  it('orders by tier, then the nearest deadline (overdue first), then case id, as the API pages them', () => {
    const rows = [
      row('warm', { tier: 'warm', deadline: '2026-11-25T09:00:00.000Z' }),
      row('hot-later', { deadline: '2026-11-25T15:00:00.000Z' }),
      row('critical', { tier: 'critical', deadline: '2026-11-26T10:00:00.000Z' }),
      row('hot-overdue', { deadline: '2026-11-25T08:00:00.000Z', frustration: 40 }),
      row('hot-b', { deadline: '2026-11-25T13:00:00.000Z' }),
      row('hot-a', { deadline: '2026-11-25T13:00:00.000Z' }),
    ];
    expect(hottestFirst(rows).map((r) => r.caseId)).toEqual([
      'critical',
      'hot-overdue',
      'hot-a',
      'hot-b',
      'hot-later',
      'warm',
    ]);
  });

  it('merges the polled first page with pages loaded later, the first page winning for a case in both', () => {
    const first = [row('a', { acknowledged: true }), row('b', { tier: 'critical' })];
    const later = [row('a', { acknowledged: false }), row('c', { tier: 'calm' })];

    const merged = mergePages(first, later);

    expect(merged.map((r) => [r.caseId, r.acknowledged])).toEqual([
      ['b', false],
      ['a', true],
      ['c', false],
    ]);
  });

  it('keeps only the latest copy of a case that two "Load more" reads returned', () => {
    const earlier = [row('a', { deadline: '2026-11-20T10:00:00.000Z' }), row('b')];
    const page = [row('c'), row('a', { deadline: '2026-11-20T11:00:00.000Z' })];

    const rows = appendPage(earlier, page);

    expect(rows.map((r) => [r.caseId, r.deadline])).toEqual([
      ['b', row('b').deadline],
      ['c', row('c').deadline],
      ['a', '2026-11-20T11:00:00.000Z'],
    ]);
  });

  it('writes the tier counts hottest first, a capped count with a plus', () => {
    expect(
      tierCountsLine({
        calm: { count: 100, more: true },
        warm: { count: 12, more: false },
        hot: { count: 0, more: false },
        critical: { count: 3, more: false },
      }),
    ).toBe('3 critical · 0 hot · 12 warm · 100+ calm');
  });
});

describe('new arrivals between polls', () => {
  it('treats nothing as new on the first poll, then only cases not seen before', () => {
    expect(newArrivals(undefined, [row('a')])).toEqual([]);
    expect(newArrivals(new Set(['a']), [row('a'), row('b')]).map((r) => r.caseId)).toEqual(['b']);
  });

  it('announces tiers and counts, never customer words', () => {
    const text = arrivalAnnouncement([row('a', { tier: 'critical' }), row('b'), row('c')]);
    expect(text).toBe('3 new cases: 1 critical, 2 hot');
    expect(text).not.toContain('Dana');
    expect(arrivalAnnouncement([])).toBe('');
  });

  it('offers each owner once, sorted, without unassigned', () => {
    expect(
      ownersOf([row('a', { owner: 'bruno' }), row('b'), row('c', { owner: 'amara' })], ['bruno']),
    ).toEqual(['amara', 'bruno']);
  });
});
