import { describe, expect, it } from 'vitest';
import { handleInboxRequest, type InboxRequest } from '../../functions/core/inbox/api.ts';
import { encodeCursor } from '../../functions/core/inbox/case-cursor.ts';
import type { StoredCase } from '../../functions/core/inbox/ports.ts';
import type { CaseListResponse, Tier } from '../../functions/core/inbox/views.ts';
import { aStoredCase, caseId, MemoryInbox } from '../helpers/inbox-fakes.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const TIER_OF: readonly Tier[] = ['calm', 'warm', 'hot', 'critical'];

/** `n` open cases, tiers in turn, each with its own deadline (minutes apart, in a shuffled order). */
function manyCases(n: number, extra: (i: number) => Partial<StoredCase> = () => ({})): StoredCase[] {
  return Array.from({ length: n }, (_, i) =>
    aStoredCase(i + 1, {
      tier: TIER_OF[i % 4],
      deadline: new Date(NOW.getTime() + ((i * 37) % n) * 60_000).toISOString(),
      ...extra(i),
    }),
  );
}

function list(inbox: MemoryInbox, query: Record<string, string> = {}) {
  const req: InboxRequest = { method: 'GET', path: '/api/cases', query, body: null, actor: 'amara' };
  return handleInboxRequest(req, { reader: inbox, ops: inbox, clock: () => NOW });
}

/** Hottest first as documented: tier, then the deadline soonest first, then case id. */
function expectedOrder(cases: readonly StoredCase[]): string[] {
  return cases
    .filter((c) => c.status === 'open')
    .toSorted(
      (a, b) =>
        TIER_OF.indexOf(b.tier) - TIER_OF.indexOf(a.tier) ||
        a.deadline.localeCompare(b.deadline) ||
        a.caseId.localeCompare(b.caseId),
    )
    .map((c) => c.caseId);
}

async function walk(inbox: MemoryInbox, query: Record<string, string> = {}) {
  const pages: CaseListResponse[] = [];
  let cursor: string | null | undefined;
  do {
    const res = await list(inbox, { ...query, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    const page = res.body as CaseListResponse;
    pages.push(page);
    cursor = page.next;
  } while (cursor && pages.length < 20);
  return pages;
}

describe('GET /api/cases, a page at a time', () => {
  it('answers the hottest 50 first, with a cursor, and the cursor walks the rest with no duplicate or gap', async () => {
    // Prepare
    const cases = manyCases(130);
    const inbox = new MemoryInbox(cases);

    // Act
    const pages = await walk(inbox);

    // Assess
    expect(pages.map((p) => p.cases.length)).toEqual([50, 50, 30]);
    expect(pages.map((p) => p.next === null)).toEqual([false, false, true]);
    expect(pages.flatMap((p) => p.cases.map((c) => c.caseId))).toEqual(expectedOrder(cases));
    expect(pages[0]?.cases.every((c) => c.tier === 'critical' || c.tier === 'hot')).toBe(true);
  });

  it('asks the reader for no more cases than a page holds, however many are open', async () => {
    const inbox = new MemoryInbox(manyCases(400));

    await list(inbox, { limit: '20' });

    expect(inbox.pageQueries.map((q) => q.limit)).toEqual([20]);
  });

  it('counts open cases per tier on the first page, capped at 100, whatever the filter; later pages carry none', async () => {
    // 420 cases: 105 of each tier, one of them closed.
    const inbox = new MemoryInbox([
      ...manyCases(420),
      aStoredCase(999, { tier: 'critical', status: 'closed' }),
    ]);
    inbox.cases.set(caseId(4), { ...(inbox.cases.get(caseId(4)) as StoredCase), status: 'closed' });

    const first = (await list(inbox, { tier: 'hot' })).body as CaseListResponse;
    const second = (await list(inbox, { tier: 'hot', cursor: first.next ?? '' })).body as CaseListResponse;

    expect(first.openByTier).toEqual({
      critical: { count: 100, more: true },
      hot: { count: 100, more: true },
      warm: { count: 100, more: true },
      calm: { count: 100, more: true },
    });
    expect(second.openByTier).toBeNull();
    expect(new Set([...first.cases, ...second.cases].map((c) => c.tier))).toEqual(new Set(['hot']));
  });

  it('counts small tiers exactly', async () => {
    const inbox = new MemoryInbox(manyCases(6));

    const page = (await list(inbox)).body as CaseListResponse;

    expect(page.openByTier).toEqual({
      critical: { count: 1, more: false },
      hot: { count: 1, more: false },
      warm: { count: 2, more: false },
      calm: { count: 2, more: false },
    });
    expect(page.next).toBeNull();
  });

  it('pages through one owner\u2019s cases only, the owner decided in the reader', async () => {
    const cases = manyCases(120, (i) => ({ owner: i % 3 === 0 ? 'bo' : 'amara' }));
    const inbox = new MemoryInbox(cases);

    const pages = await walk(inbox, { owner: 'bo', limit: '15' });

    expect(pages.flatMap((p) => p.cases.map((c) => c.caseId))).toEqual(
      expectedOrder(cases.filter((c) => c.owner === 'bo')),
    );
    expect(inbox.pageQueries.every((q) => q.owner === 'bo')).toBe(true);
  });

  it('fills a page a channel filter left short with at most 3 reads, then leads on with the cursor', async () => {
    // One case in 10 wrote on social: a page of 5 social cases needs more than one read of 5.
    const cases = Array.from({ length: 100 }, (_, i) =>
      aStoredCase(
        i + 1,
        { tier: 'hot', deadline: new Date(NOW.getTime() + i * 60_000).toISOString() },
        { latestMessage: { channel: i % 10 === 0 ? 'social' : 'email' } },
      ),
    );
    const inbox = new MemoryInbox(cases);

    const first = (await list(inbox, { channel: 'social', limit: '5' })).body as CaseListResponse;
    const reads = inbox.pageQueries.length;
    const all = await walk(inbox, { channel: 'social', limit: '5' });

    expect(reads).toBe(3);
    // Reads of 5, 4 and 4 cases (1–13): two of them wrote on social.
    expect(first.cases.map((c) => c.caseId)).toEqual([caseId(1), caseId(11)]);
    expect(first.next).not.toBeNull();
    expect(all.flatMap((p) => p.cases.map((c) => c.caseId))).toEqual(
      Array.from({ length: 10 }, (_, k) => caseId(k * 10 + 1)),
    );
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['JSON of another shape', Buffer.from('{"PK":"CASE#x"}').toString('base64url')],
    ['an unknown tier', Buffer.from('["boiling"]').toString('base64url')],
    [
      'a case id that cannot exist',
      Buffer.from('["hot","2026-11-20T12:00:00.000Z","CASE#1"]').toString('base64url'),
    ],
    ['a deadline that is not a time', Buffer.from(`["hot","soon","${caseId(1)}"]`).toString('base64url')],
  ])('refuses a cursor that is %s with 400 invalid_cursor', async (_what, cursor) => {
    const inbox = new MemoryInbox(manyCases(10));

    const res = await list(inbox, { cursor });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'invalid_cursor',
      message: 'cursor: not one this list gave out; load the first page again (without a cursor)',
    });
    expect(inbox.pageQueries).toEqual([]);
  });

  it('refuses a cursor of another tier than the tier filter asks for', async () => {
    const res = await list(new MemoryInbox(manyCases(10)), {
      tier: 'calm',
      cursor: encodeCursor({ tier: 'hot' }),
    });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'invalid_cursor',
      message: expect.stringMatching(/hot .* calm/),
    });
  });

  it.each(['0', '101', 'many', '2.5'])('refuses limit=%s with 400 naming the field', async (limit) => {
    const res = await list(new MemoryInbox(manyCases(3)), { limit });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', message: expect.stringMatching(/^limit: /) });
  });
});
