import { describe, expect, it } from 'vitest';
import { handleInboxRequest, type InboxRequest } from '../../functions/core/inbox/api.ts';
import { ApiRefusal } from '../../functions/core/inbox/refusal.ts';
import { matchRoute } from '../../functions/core/inbox/routes.ts';
import type {
  CaseDetail,
  CaseListResponse,
  IncidentDetail,
  IncidentListResponse,
} from '../../functions/core/inbox/views.ts';
import { aStoredCase, aStoredIncident, caseId, incidentId, MemoryInbox } from '../helpers/inbox-fakes.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');

function setup(inbox = new MemoryInbox()) {
  const call = (method: string, path: string, extra: Partial<InboxRequest> = {}) =>
    handleInboxRequest(
      { method, path, query: {}, body: null, actor: 'amara@example.org', ...extra },
      { reader: inbox, ops: inbox, clock: () => NOW },
    );
  return { inbox, call };
}

function refusalOf(fn: () => unknown): ApiRefusal {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiRefusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('routes', () => {
  it('match with or without the /api prefix and carry the ids', () => {
    expect(matchRoute('GET', '/api/cases')).toEqual({ name: 'listCases' });
    expect(matchRoute('GET', '/cases/')).toEqual({ name: 'listCases' });
    expect(matchRoute('post', `/api/cases/${caseId(1)}/outcomes`)).toEqual({
      name: 'recordOutcome',
      caseId: caseId(1),
    });
    expect(matchRoute('GET', `/api/incidents/${incidentId(2)}`)).toEqual({
      name: 'getIncident',
      incidentId: incidentId(2),
    });
  });

  it('answer 405 with the allowed methods, 404 for unknown paths and for ids that cannot exist', () => {
    const wrongMethod = refusalOf(() => matchRoute('DELETE', `/api/cases/${caseId(1)}`));
    expect([wrongMethod.status, wrongMethod.code, wrongMethod.headers.allow]).toEqual([
      405,
      'method_not_allowed',
      'GET',
    ]);
    expect(refusalOf(() => matchRoute('GET', '/api/cases/x/y/z')).status).toBe(404);
    expect(refusalOf(() => matchRoute('GET', '/api/secrets')).code).toBe('not_found');
    expect(refusalOf(() => matchRoute('GET', '/api/cases/..%2F..%2Fetc')).code).toBe('case_not_found');
    expect(refusalOf(() => matchRoute('GET', '/api/incidents/i_short')).code).toBe('incident_not_found');
  });
});

describe('GET /api/cases', () => {
  const inbox = () =>
    new MemoryInbox([
      aStoredCase(1, { tier: 'warm', frustration: 40, owner: 'bo' }, { latestMessage: { channel: 'chat' } }),
      aStoredCase(2, { tier: 'critical', frustration: 90 }),
      aStoredCase(
        3,
        { tier: 'hot', frustration: 65, viralRisk: 70 },
        { latestMessage: { channel: 'social' } },
      ),
      aStoredCase(4, { status: 'closed' }),
    ]);

  it('lists open cases hottest first', async () => {
    const res = await setup(inbox()).call('GET', '/api/cases');
    expect(res.status).toBe(200);
    const body = res.body as CaseListResponse;
    expect(body.cases.map((c) => c.caseId)).toEqual([caseId(2), caseId(3), caseId(1)]);
    expect(body.generatedAt).toBe(NOW.toISOString());
    expect(res.log).toMatchObject({ route: 'listCases', count: 3 });
  });

  it.each([
    [{ owner: 'bo' }, [1]],
    [{ tier: 'hot' }, [3]],
    [{ channel: 'social' }, [3]],
    [{ channel: 'email', tier: 'critical' }, [2]],
    [{ owner: '', tier: '' }, [2, 3, 1]],
  ])('filters by %o', async (query, expected) => {
    const res = await setup(inbox()).call('GET', '/api/cases', { query });
    expect((res.body as CaseListResponse).cases.map((c) => c.caseId)).toEqual(expected.map(caseId));
  });

  it('refuses a filter it does not know with 400 naming the field', async () => {
    const res = await setup(inbox()).call('GET', '/api/cases', {
      query: { tier: 'boiling', status: 'closed' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request' });
    expect((res.body as { message: string }).message).toMatch(/^tier: .*; status: /);
  });
});

describe('case and incident pages', () => {
  it('GET /api/cases/{id} answers the brief, 404 for an unknown case', async () => {
    const { call } = setup(new MemoryInbox([aStoredCase(1)]));
    const found = await call('GET', `/api/cases/${caseId(1)}`);
    expect(found.status).toBe(200);
    expect((found.body as CaseDetail).suggestedOpening).toContain('contacted us 3 times');
    const missing = await call('GET', `/api/cases/${caseId(9)}`);
    expect([missing.status, missing.body]).toEqual([
      404,
      { error: 'case_not_found', message: `no case ${caseId(9)}` },
    ]);
  });

  it('GET /api/cases/{id} with an unreadable stored brief is a 500 with a code, not a crash', async () => {
    const inbox = new MemoryInbox([{ ...aStoredCase(1), brief: null }]);
    const res = await setup(inbox).call('GET', `/api/cases/${caseId(1)}`);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: 'internal_error',
      message: `case ${caseId(1)} has an unreadable brief`,
    });
  });

  it('GET /api/incidents lists incidents that still have open cases; GET /api/incidents/{id} shows them', async () => {
    const inbox = new MemoryInbox([
      aStoredCase(1, { incidentId: incidentId(1) }),
      aStoredCase(2, { incidentId: incidentId(1), tier: 'critical' }),
      aStoredCase(3, { incidentId: incidentId(2), status: 'closed' }),
    ]);
    for (const n of [1, 2]) {
      inbox.incidents.set(
        incidentId(n),
        aStoredIncident(n, { exampleCaseIds: n === 1 ? [caseId(1)] : [caseId(3)] }),
      );
    }
    const { call } = setup(inbox);
    const list = (await call('GET', '/api/incidents')).body as IncidentListResponse;
    expect(list.incidents.map((i) => [i.incidentId, i.openCases])).toEqual([[incidentId(1), 2]]);
    expect(list.incidents[0]?.examples.map((e) => e.caseId)).toEqual([caseId(1), caseId(2)]);

    const closedOne = (await call('GET', `/api/incidents/${incidentId(2)}`)).body as IncidentDetail;
    expect(closedOne.openCases).toBe(0);
    expect(closedOne.cases).toEqual([]);
    expect(closedOne.examples.map((e) => e.caseId)).toEqual([caseId(3)]);
    const missing = await call('GET', `/api/incidents/${incidentId(3)}`);
    expect([missing.status, (missing.body as { error: string }).error]).toEqual([404, 'incident_not_found']);
  });
});

describe('actions', () => {
  it('acknowledge is idempotent: the first acknowledgement stands', async () => {
    const { call, inbox } = setup(new MemoryInbox([aStoredCase(1)]));
    const first = await call('POST', `/api/cases/${caseId(1)}/acknowledge`);
    expect([first.status, first.body]).toEqual([
      200,
      { caseId: caseId(1), acknowledgedAt: NOW.toISOString(), changed: true },
    ]);
    const again = await call('POST', `/api/cases/${caseId(1)}/acknowledge`, { body: '{}' });
    expect(again.body).toMatchObject({ changed: false, acknowledgedAt: NOW.toISOString() });
    expect(inbox.cases.get(caseId(1))?.acknowledgedAt).toBe(NOW.toISOString());
  });

  it.each([
    ['reassign', '{"owner":"bo"}', 200, undefined],
    ['reassign', '{"owner":"nobody"}', 409, 'unknown_owner'],
    ['reassign', '{}', 400, 'invalid_request'],
    ['reassign', '{"owner":', 400, 'malformed_json'],
    ['outcomes', '{"kind":"exploded"}', 400, 'invalid_request'],
    ['outcomes', '{"kind":"reassigned"}', 400, 'invalid_request'],
    ['outcomes', '{"kind":"resolved","csat":9}', 400, 'invalid_request'],
    [
      'outcomes',
      '{"kind":"resolved","promises":[{"text":"call back","dueAt":"tomorrow"}]}',
      400,
      'invalid_request',
    ],
    ['outcomes', '[1,2]', 400, 'invalid_request'],
  ])('POST %s %s → %i %s', async (action, body, status, code) => {
    const res = await setup(new MemoryInbox([aStoredCase(1)])).call(
      'POST',
      `/api/cases/${caseId(1)}/${action}`,
      { body },
    );
    expect(res.status).toBe(status);
    if (code) expect(res.body).toMatchObject({ error: code, message: expect.any(String) });
  });

  it('records an outcome as the signed-in user, with the same validation as `flashpoint outcome`', async () => {
    const { call, inbox } = setup(new MemoryInbox([aStoredCase(1)]));
    const body = JSON.stringify({
      kind: 'resolved',
      by: 'someone-else',
      csat: 4,
      actions: [{ what: 'refunded the fee', result: 'worked' }],
    });
    const res = await call('POST', `/api/cases/${caseId(1)}/outcomes`, { body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ caseId: caseId(1), closed: true });
    expect(inbox.recorded).toEqual([
      expect.objectContaining({
        caseId: caseId(1),
        kind: 'resolved',
        by: 'amara@example.org',
        csat: 4,
        promises: [],
      }),
    ]);
    expect(res.log).toMatchObject({ route: 'recordOutcome', caseId: caseId(1), kind: 'resolved' });
    expect(JSON.stringify(res.log)).not.toContain('refunded');

    const closed = await call('POST', `/api/cases/${caseId(1)}/acknowledge`);
    expect([closed.status, (closed.body as { error: string }).error]).toEqual([409, 'case_closed']);
    const gone = await call('POST', `/api/cases/${caseId(5)}/reassign`, { body: '{"owner":"bo"}' });
    expect([gone.status, (gone.body as { error: string }).error]).toEqual([404, 'case_not_found']);
  });

  it('refuses every route to nobody (no signed-in user) with 401', async () => {
    const { call } = setup(new MemoryInbox([aStoredCase(1)]));
    for (const [method, path] of [
      ['GET', '/api/cases'],
      ['POST', `/api/cases/${caseId(1)}/acknowledge`],
    ] as const) {
      const res = await call(method, path, { actor: undefined });
      expect([res.status, (res.body as { error: string }).error]).toEqual([401, 'unauthenticated']);
    }
  });
});
