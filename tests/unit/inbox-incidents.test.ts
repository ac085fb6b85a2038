import { describe, expect, it } from 'vitest';
import { handleInboxRequest } from '../../functions/core/inbox/api.ts';
import {
  exampleCaseIds,
  hottestCaseIds,
  INCIDENT_SCAN_BUDGET,
  incidentsFound,
  openCount,
} from '../../functions/core/inbox/incidents.ts';
import type { IncidentCaseEntry, StoredIncident } from '../../functions/core/inbox/ports.ts';
import type { IncidentDetail, IncidentListResponse, Tier } from '../../functions/core/inbox/views.ts';
import { aStoredCase, aStoredIncident, caseId, incidentId, MemoryInbox } from '../helpers/inbox-fakes.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const MINUTE = 60_000;

function anIncident(n: number, s: Partial<StoredIncident> = {}): StoredIncident {
  return aStoredIncident(n, {
    openedAt: `2026-11-20T09:${String(15 + n).padStart(2, '0')}:00.000Z`,
    mentions: 40,
    expected: 2,
    linkedContacts: 40,
    ...s,
  });
}

const entry = (n: number, incident: number, tier: Tier, minutes: number): IncidentCaseEntry => ({
  caseId: caseId(n),
  incidentId: incidentId(incident),
  tier,
  deadline: new Date(NOW.getTime() + minutes * MINUTE).toISOString(),
});

/** `count` open cases of `incident`, numbered from `first`, hot and critical in turn, deadlines a minute apart. */
function casesOf(incident: number, first: number, count: number, tier?: Tier) {
  return Array.from({ length: count }, (_, i) =>
    aStoredCase(first + i, {
      incidentId: incidentId(incident),
      tier: tier ?? (i % 2 === 0 ? 'hot' : 'critical'),
      deadline: new Date(NOW.getTime() + (first + i) * MINUTE).toISOString(),
    }),
  );
}

function setup(inbox: MemoryInbox) {
  const get = async <T>(path: string) => {
    const res = await handleInboxRequest(
      { method: 'GET', path, query: {}, body: null, actor: 'amara' },
      { reader: inbox, ops: inbox, clock: () => NOW },
    );
    expect(res.status).toBe(200);
    return res.body as T;
  };
  return { get };
}

describe('counting and choosing from the case index', () => {
  it('counts up to the cap and says more past it, or when the read stopped at its budget', () => {
    expect(openCount(7, true)).toEqual({ count: 7, more: false });
    expect(openCount(100, true)).toEqual({ count: 100, more: false });
    expect(openCount(101, true)).toEqual({ count: 100, more: true });
    expect(openCount(7, false)).toEqual({ count: 7, more: true });
  });

  it('lists incidents by their most recently decided open case, at most `max`', () => {
    const entries = [
      entry(1, 1, 'hot', 5),
      entry(2, 2, 'critical', 1),
      entry(3, 3, 'hot', 9),
      entry(4, 2, 'hot', 7),
    ];

    expect(incidentsFound(entries, 5)).toEqual({
      ids: [incidentId(3), incidentId(2), incidentId(1)],
      more: false,
    });
    expect(incidentsFound(entries, 2)).toEqual({ ids: [incidentId(3), incidentId(2)], more: true });
  });

  it("reads an incident's own open example cases first, then its hottest, three in all", () => {
    const mine = [
      entry(1, 1, 'hot', 50),
      entry(2, 1, 'critical', 1),
      entry(3, 1, 'critical', 9),
      entry(4, 1, 'hot', 3),
    ];
    const incident = anIncident(1, { exampleCaseIds: [caseId(4), caseId(99)] });

    expect(exampleCaseIds(incident, mine)).toEqual([caseId(4), caseId(3), caseId(2)]);
    expect(hottestCaseIds(mine, 2)).toEqual([caseId(3), caseId(2)]);
  });
});

describe('the incidents pages read a bounded number of cases', () => {
  it('GET /api/incidents counts 150 open cases as 100+ and reads only 3 example cases of them', async () => {
    // Prepare
    const inbox = new MemoryInbox([...casesOf(1, 1, 150), ...casesOf(2, 500, 4)]);
    inbox.incidents.set(incidentId(1), anIncident(1, { exampleCaseIds: [caseId(7)] }));
    inbox.incidents.set(incidentId(2), anIncident(2));

    // Act
    const list = await setup(inbox).get<IncidentListResponse>('/api/incidents');

    // Assess
    expect(list.incidents.map((i) => [i.incidentId, i.openCases, i.openCasesMore])).toEqual([
      [incidentId(2), 4, false],
      [incidentId(1), 100, true],
    ]);
    expect(list.complete).toBe(true);
    // Its own example first, then the hottest: critical, the most recently decided (equal scores: any order).
    const examples = list.incidents[1]?.examples.map((e) => e.caseId) ?? [];
    expect(examples[0]).toBe(caseId(7));
    expect(examples.slice(1).toSorted()).toEqual([caseId(148), caseId(150)]);
    expect(inbox.idsRead).toHaveLength(6);
    expect(inbox.incidentQueries).toEqual([{ budget: INCIDENT_SCAN_BUDGET }]);
  });

  it('GET /api/incidents says its counts are lower bounds once the open cases outgrow the budget', async () => {
    // Prepare: the incident's 5 cases were decided most recently; 1,200 older hot cases belong to no incident.
    const unrelated = Array.from({ length: 1_200 }, (_, i) =>
      aStoredCase(10_000 + i, {
        tier: 'hot',
        deadline: new Date(NOW.getTime() - (i + 1) * MINUTE).toISOString(),
      }),
    );
    const inbox = new MemoryInbox([...casesOf(1, 1, 5, 'hot'), ...unrelated]);
    inbox.incidents.set(incidentId(1), anIncident(1));

    // Act
    const list = await setup(inbox).get<IncidentListResponse>('/api/incidents');

    // Assess
    expect(list.complete).toBe(false);
    expect(list.incidents.map((i) => [i.openCases, i.openCasesMore])).toEqual([[5, true]]);
    expect(inbox.idsRead).toHaveLength(3);
  });

  it('GET /api/incidents/{id} lists the hottest 50 of 150 open cases, counts 100+, and reads no more', async () => {
    // Prepare: a closed example case still shows what the spike was about.
    const closed = aStoredCase(900, { incidentId: incidentId(1), status: 'closed' });
    const inbox = new MemoryInbox([...casesOf(1, 1, 150), closed, ...casesOf(2, 500, 3)]);
    inbox.incidents.set(incidentId(1), anIncident(1, { exampleCaseIds: [caseId(900)] }));

    // Act
    const detail = await setup(inbox).get<IncidentDetail>(`/api/incidents/${incidentId(1)}`);

    // Assess
    expect(detail.cases).toHaveLength(50);
    expect(detail.cases.every((c) => c.tier === 'critical' && c.incidentId === incidentId(1))).toBe(true);
    expect([detail.openCases, detail.openCasesMore]).toEqual([100, true]);
    expect(detail.examples[0]?.caseId).toBe(caseId(900));
    expect(inbox.idsRead).toHaveLength(51);
    expect(inbox.incidentQueries).toEqual([{ budget: INCIDENT_SCAN_BUDGET, incidentId: incidentId(1) }]);
  });

  it('GET /api/incidents/{id} counts an open example case that joined another incident first', async () => {
    const inbox = new MemoryInbox([
      ...casesOf(1, 1, 2),
      aStoredCase(50, { incidentId: incidentId(2), tier: 'critical' }),
    ]);
    inbox.incidents.set(incidentId(1), anIncident(1, { exampleCaseIds: [caseId(50)] }));

    const detail = await setup(inbox).get<IncidentDetail>(`/api/incidents/${incidentId(1)}`);

    expect([detail.openCases, detail.openCasesMore]).toEqual([3, false]);
    expect(detail.cases.map((c) => c.caseId).toSorted()).toEqual([caseId(1), caseId(2), caseId(50)]);
    expect(detail.cases.find((c) => c.caseId === caseId(50))?.incidentId).toBe(incidentId(2));
  });
});
