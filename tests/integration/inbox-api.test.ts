import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRosterFile } from '../../cli/commands/roster.ts';
import type {
  AcknowledgeResponse,
  CaseDetail,
  CaseListResponse,
  IncidentListResponse,
  OutcomeResponse,
  ReassignResponse,
  StaffListResponse,
} from '../../functions/core/inbox/views.ts';
import { postDemoConversations } from '../helpers/demo-cases.ts';
import { openTestStack, type TestStackClients } from '../helpers/local-stack.ts';

let t: TestStackClients;

beforeAll(async () => {
  t = await openTestStack({ roster: readRosterFile('local/samples/roster.json') });
  await postDemoConversations(t);
});

afterAll(async () => {
  await t?.close();
});

type ApiErrorBody = { error: string; message: string };

/** One request to the inbox, as the page sends it. */
async function api<T = ApiErrorBody>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; json: T }> {
  const response = await fetch(new URL(path, t.stack.inboxUrl), {
    method: init.method ?? 'GET',
    ...(init.body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
  });
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return { status: response.status, json: (await response.json()) as T };
}

const caseItem = async (caseId: string) =>
  (await t.partition(`CASE#${caseId}`)).find((i) => i.SK === 'CASE') as Record<string, unknown>;
const outcomeItems = async (caseId: string) =>
  (await t.partition(`CASE#${caseId}`)).filter((i) => String(i.SK).startsWith('OUTCOME#'));
const staffLoad = async () =>
  Object.fromEntries((await t.partition('ROSTER')).map((s) => [s.id as string, s.openCases as number]));

describe('the inbox API on the local stack', () => {
  let danaCase = '';

  it('lists the open cases hottest first, without customer e-mail addresses or phone numbers', async () => {
    const { status, json: list } = await api<CaseListResponse>('/api/cases');
    expect(status).toBe(200);
    const ranks = list.cases.map((c) => ['calm', 'warm', 'hot', 'critical'].indexOf(c.tier));
    expect(ranks).toEqual(ranks.toSorted((a, b) => b - a));
    const dana = list.cases.find((c) => c.customer === 'Dana Whitfield');
    expect(dana).toMatchObject({ contactCount: 3, channels: ['email'], owner: 'amara', acknowledged: false });
    expect(dana?.topReasons.length).toBeGreaterThan(0);
    expect(dana?.topReasons.length).toBeLessThanOrEqual(3);
    expect(list.cases.some((c) => c.customer === 'Jordan Lee' && c.channels.includes('social'))).toBe(true);
    expect(JSON.stringify(list)).not.toMatch(/@example\.|7700 900123/);
    danaCase = dana?.caseId ?? '';
  });

  it('filters by owner, tier and channel', async () => {
    const all = (await api<CaseListResponse>('/api/cases')).json.cases;
    const amara = (await api<CaseListResponse>('/api/cases?owner=amara')).json.cases;
    expect(amara.map((c) => c.caseId)).toEqual(all.filter((c) => c.owner === 'amara').map((c) => c.caseId));
    const social = (await api<CaseListResponse>('/api/cases?channel=social')).json.cases;
    expect(social.length).toBeGreaterThan(0);
    expect(social.every((c) => c.channels.includes('social'))).toBe(true);
    const bad = await api('/api/cases?tier=boiling');
    expect([bad.status, bad.json.error]).toEqual([400, 'invalid_request']);
  });

  it('opens a case with its brief: the repeat contacts, the timeline and the suggested opening', async () => {
    const { status, json: detail } = await api<CaseDetail>(`/api/cases/${danaCase}`);
    expect(status).toBe(200);
    expect(detail.timeline).toHaveLength(3);
    expect(detail.timeline[0]).toMatchObject({ latest: true, channel: 'email' });
    expect(detail.latestMessage.text).toContain('third time');
    expect(detail.suggestedOpening).toMatch(/^Dana, you have now contacted us 3 times/);
    // repeat_contact (counted in the text) or repeat_contact_history (counted in the table), as scored.
    expect(detail.whyHeated.some((r) => r.signal.startsWith('repeat_contact'))).toBe(true);
    expect(detail.secondsLeft).toBeGreaterThan(0);
    expect(detail.outcomes).toEqual([]);
  });

  it('acknowledges once, as the local user, and the table records it', async () => {
    const first = await api<AcknowledgeResponse>(`/api/cases/${danaCase}/acknowledge`, { method: 'POST' });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      caseId: danaCase,
      changed: true,
    } satisfies Partial<AcknowledgeResponse>);
    const again = await api<AcknowledgeResponse>(`/api/cases/${danaCase}/acknowledge`, {
      method: 'POST',
      body: {},
    });
    expect(again.json).toMatchObject({ changed: false, acknowledgedAt: first.json.acknowledgedAt });
    expect((await caseItem(danaCase)).acknowledgedAt).toBe(first.json.acknowledgedAt);
    expect((await outcomeItems(danaCase)).map((o) => [o.kind, o.by])).toEqual([['acknowledged', 'local']]);
  });

  it('reassigns to a staff member from the roster, moving the load; an unknown owner changes nothing', async () => {
    const before = await staffLoad();
    const unknown = await api(`/api/cases/${danaCase}/reassign`, {
      method: 'POST',
      body: { owner: 'nobody' },
    });
    expect([unknown.status, unknown.json.error]).toEqual([409, 'unknown_owner']);
    expect((await caseItem(danaCase)).owner).toBe('amara');

    const moved = await api<ReassignResponse>(`/api/cases/${danaCase}/reassign`, {
      method: 'POST',
      body: { owner: 'bruno' },
    });
    expect(moved.status).toBe(200);
    expect(moved.json).toEqual({
      caseId: danaCase,
      owner: 'bruno',
      previousOwner: 'amara',
      changed: true,
    } satisfies ReassignResponse);
    const stored = await caseItem(danaCase);
    expect([stored.owner, stored.GSI1PK, stored.acknowledgedAt]).toEqual(['bruno', 'OWNER#bruno', null]);
    const after = await staffLoad();
    expect([after.amara, after.bruno]).toEqual([(before.amara ?? 0) - 1, (before.bruno ?? 0) + 1]);
    const bruno = (await api<CaseListResponse>('/api/cases?owner=bruno')).json.cases;
    expect(bruno.map((c) => c.caseId)).toContain(danaCase);
  });

  it('keeps owner and staff load consistent under two simultaneous reassignments, and acknowledges once', async () => {
    const before = await staffLoad();
    const answers = await Promise.all(
      ['amara', 'chen'].map((owner) =>
        api<ReassignResponse & Partial<ApiErrorBody>>(`/api/cases/${danaCase}/reassign`, {
          method: 'POST',
          body: { owner },
        }),
      ),
    );
    // Interleaved, one wins and the other is told the case changed; one after the other, both apply.
    const applied = answers.filter((a) => a.status === 200).length;
    expect(answers.filter((a) => a.status === 409).map((a) => a.json.error)).toEqual(
      Array(2 - applied).fill('case_changed'),
    );
    const owner = (await caseItem(danaCase)).owner as string;
    const loser = owner === 'amara' ? 'chen' : 'amara';
    const after = await staffLoad();
    expect([after.bruno, after[owner], after[loser]]).toEqual([
      (before.bruno ?? 0) - 1,
      (before[owner] ?? 0) + 1,
      before[loser],
    ]);

    const acks = await Promise.all(
      [1, 2].map(() => api<AcknowledgeResponse>(`/api/cases/${danaCase}/acknowledge`, { method: 'POST' })),
    );
    expect(acks.map((a) => a.json.changed).toSorted()).toEqual([false, true]);
    expect((await outcomeItems(danaCase)).map((o) => o.kind)).toEqual([
      'acknowledged',
      ...Array(1 + applied).fill('reassigned'),
      'acknowledged',
    ]);
  });

  it('records an outcome that closes the case: gone from the list, closed in the table, kept in its history', async () => {
    const recorded = await api<OutcomeResponse>(`/api/cases/${danaCase}/outcomes`, {
      method: 'POST',
      body: {
        kind: 'resolved',
        csat: 4,
        actions: [{ what: 'had the prescription couriered', result: 'worked' }],
      },
    });
    expect(recorded.status).toBe(201);
    expect(recorded.json).toMatchObject({
      caseId: danaCase,
      closed: true,
    } satisfies Partial<OutcomeResponse>);

    const stored = await caseItem(danaCase);
    expect([stored.status, stored.closedAs, stored.csat, stored.GSI2PK]).toEqual([
      'closed',
      'resolved',
      4,
      'STATUS#closed',
    ]);
    const customer = await t.partition(`CUSTOMER#${stored.customerId as string}`);
    expect(customer.some((i) => i.SK === 'OPENCASE')).toBe(false);
    const list = (await api<CaseListResponse>('/api/cases')).json.cases;
    expect(list.map((c) => c.caseId)).not.toContain(danaCase);

    const detail = (await api<CaseDetail>(`/api/cases/${danaCase}`)).json;
    expect(detail.status).toBe('closed');
    expect(detail.outcomes.map((o) => o.kind).filter((k) => k !== 'reassigned')).toEqual([
      'acknowledged',
      'acknowledged',
      'resolved',
    ]);
    expect(new Set(detail.outcomes.map((o) => o.by))).toEqual(new Set(['local']));
    expect(detail.alreadyTried.at(-1)).toMatchObject({
      what: 'had the prescription couriered',
      result: 'worked',
    });

    const late = await api(`/api/cases/${danaCase}/acknowledge`, { method: 'POST' });
    expect([late.status, late.json.error]).toEqual([409, 'case_closed']);
  });

  it('answers unknown cases with 404 (writing nothing), incidents as a list, and the page config', async () => {
    const nowhere = `k_${'0'.repeat(32)}`;
    const missing = await api(`/api/cases/${nowhere}`);
    expect([missing.status, missing.json.error]).toEqual([404, 'case_not_found']);
    const ack = await api(`/api/cases/${nowhere}/acknowledge`, { method: 'POST' });
    const move = await api(`/api/cases/${nowhere}/reassign`, { method: 'POST', body: { owner: 'bruno' } });
    expect([ack.status, ack.json.error, move.status, move.json.error]).toEqual([
      404,
      'case_not_found',
      404,
      'case_not_found',
    ]);
    expect(await t.partition(`CASE#${nowhere}`)).toEqual([]);
    const incidents = await api<IncidentListResponse>('/api/incidents');
    expect(incidents.status).toBe(200);
    expect(incidents.json.incidents).toEqual([]);
    expect((await api<unknown>('/config.json')).json).toEqual({ auth: null });
  });

  it('hands the inbox whole briefs, and a stored brief it cannot read as none: listed without reasons, its page a 500', async () => {
    // Prepare: the assembled brief, as the reader gives it, carries what the stored one leaves to other items.
    const { json: before } = await api<CaseListResponse>('/api/cases');
    const victim = before.cases.find((c) => c.customer !== 'Dana Whitfield' && c.topReasons.length > 0);
    if (!victim) throw new Error('no open case with reasons to spoil');
    const read = await t.reader.getCase(victim.caseId);
    expect(read?.brief?.latestMessage.text.length).toBeGreaterThan(0);
    expect(read?.brief?.whyHeated.length).toBeGreaterThan(0);

    // Act
    await t.db.send(
      new UpdateCommand({
        TableName: t.stack.tableName,
        Key: { PK: `CASE#${victim.caseId}`, SK: 'CASE' },
        UpdateExpression: 'SET brief = :broken',
        ExpressionAttributeValues: { ':broken': '{"oops"' },
      }),
    );

    // Assess
    expect((await t.reader.getCase(victim.caseId))?.brief).toBeNull();
    const { status, json: after } = await api<CaseListResponse>('/api/cases');
    expect(status).toBe(200);
    expect(after.cases.find((c) => c.caseId === victim.caseId)).toMatchObject({
      topReasons: [],
      channels: [],
      tier: victim.tier,
    });
    expect(after.cases.filter((c) => c.caseId !== victim.caseId)).toEqual(
      before.cases.filter((c) => c.caseId !== victim.caseId),
    );
    const page = await api(`/api/cases/${victim.caseId}`);
    expect([page.status, page.json]).toEqual([
      500,
      { error: 'internal_error', message: `case ${victim.caseId} has an unreadable brief` },
    ]);
  });

  it('lists the roster the reassign select offers, by id, name, languages and shift only', async () => {
    const { status, json } = await api<StaffListResponse>('/api/staff');
    expect(status).toBe(200);
    expect(json.staff).toEqual([
      { id: 'amara', name: 'Amara Osei', languages: ['en', 'fr'], onShift: true },
      { id: 'bruno', name: 'Bruno Silva', languages: ['en', 'es', 'pt'], onShift: true },
      { id: 'chen', name: 'Chen Wei', languages: ['en', 'zh'], onShift: true },
    ]);
    // Exactly the ids reassign accepts: the roster items in the table.
    expect(json.staff.map((s) => s.id)).toEqual(Object.keys(await staffLoad()).sort());
  });
});
