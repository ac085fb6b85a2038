import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRosterFile } from '../../cli/commands/roster.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { handleInboxRequest } from '../../functions/core/inbox/api.ts';
import type { StoredCase } from '../../functions/core/inbox/ports.ts';
import type { CaseListResponse, Tier } from '../../functions/core/inbox/views.ts';
import { TIERS, tierRank } from '../../functions/core/scoring/tier.ts';
import { createDynamoClient } from '../../functions/shared/clients.ts';
import { clientSettings } from '../../local/replay.ts';
import { cloneCase, clonedCaseId, meterReads } from '../helpers/case-clones.ts';
import { postDemoConversations } from '../helpers/demo-cases.ts';
import { openTestStack, type TestStackClients } from '../helpers/local-stack.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const OWNERS = ['amara', 'bruno', 'chen'] as const;
let t: TestStackClients;
let template = '';

/** `n` clones, tiers in turn, owners in turn, deadlines minutes apart in a shuffled order. */
function specs(n: number, from: Date) {
  return Array.from({ length: n }, (_, i) => ({
    tier: TIERS[i % 4] as Tier,
    owner: OWNERS[i % 3] as string,
    deadline: new Date(from.getTime() + (((i * 37) % n) + 1) * MINUTE).toISOString(),
  }));
}

beforeAll(async () => {
  t = await openTestStack({ roster: readRosterFile('local/samples/roster.json') });
  const now = Date.now();
  await postDemoConversations(t, now);
  const open = await t.reader.openCases();
  template = open.find((c) => c.brief?.customer.name === 'Dana Whitfield')?.caseId ?? '';
  // 150 more open cases than one page holds, at the size triage writes them.
  await cloneCase(t.db, t.stack.tableName, template, specs(150, new Date(now + HOUR)));
});

afterAll(async () => {
  await t?.close();
});

async function list(query: string): Promise<{ status: number; json: CaseListResponse }> {
  const response = await fetch(new URL(`/api/cases${query}`, t.stack.inboxUrl));
  return { status: response.status, json: (await response.json()) as CaseListResponse };
}

async function walk(query: Record<string, string> = {}) {
  const pages: CaseListResponse[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
    const { status, json } = await list(`?${params}`);
    expect(status).toBe(200);
    pages.push(json);
    cursor = json.next;
  } while (cursor !== null && pages.length < 30);
  return pages;
}

/** Every open case as stored, in the documented order: tier, then deadline soonest first. */
async function expected(keep: (c: StoredCase) => boolean = () => true): Promise<string[]> {
  return (await t.reader.openCases())
    .filter(keep)
    .toSorted(
      (a, b) =>
        tierRank(b.tier) - tierRank(a.tier) ||
        a.deadline.localeCompare(b.deadline) ||
        a.caseId.localeCompare(b.caseId),
    )
    .map((c) => c.caseId);
}

/** The API's list handler over a client that counts the read units it consumes. */
function meteredList() {
  const db = createDynamoClient(clientSettings(t.stack));
  const meter = meterReads(db);
  const reader = new DynamoCaseReader(db, t.stack.tableName);
  const refuse = async () => {
    throw new Error('a list request writes nothing');
  };
  const firstPage = async () => {
    meter.reset();
    const res = await handleInboxRequest(
      { method: 'GET', path: '/api/cases', query: {}, body: null, actor: 'amara' },
      {
        reader,
        ops: { acknowledge: refuse, reassign: refuse, recordOutcome: refuse },
        clock: () => new Date(),
      },
    );
    expect(res.status).toBe(200);
    return { units: meter.units, body: res.body as CaseListResponse };
  };
  const everyOpenCase = async () => {
    meter.reset();
    await reader.openCases();
    return meter.units;
  };
  const due = async () => {
    meter.reset();
    const cases = await reader.dueForSweep(new Date());
    return { units: meter.units, cases };
  };
  return { firstPage, everyOpenCase, due, close: () => db.destroy() };
}

describe('the case list a page at a time, on DynamoDB Local', () => {
  it('answers the hottest 50 open cases first, and its cursor walks the rest with no duplicate or gap', async () => {
    // Prepare
    const all = await expected();

    // Act
    const pages = await walk();

    // Assess
    expect(all.length).toBeGreaterThan(150);
    expect(pages[0]?.cases.map((c) => c.caseId)).toEqual(all.slice(0, 50));
    const walked = pages.flatMap((p) => p.cases.map((c) => c.caseId));
    expect(walked).toEqual(all);
    expect(new Set(walked).size).toBe(walked.length);
    expect(pages.at(-1)?.next).toBeNull();
    expect(pages.slice(0, -1).every((p) => p.cases.length === 50)).toBe(true);
  });

  it('counts each tier on the first page', async () => {
    const open = await t.reader.openCases();

    const { json } = await list('');

    for (const tier of TIERS) {
      const n = open.filter((c) => c.tier === tier).length;
      expect(json.openByTier?.[tier]).toEqual({ count: Math.min(n, 100), more: n > 100 });
    }
  });

  it.each([
    [{ tier: 'warm', limit: '10' }, (c: StoredCase) => c.tier === 'warm'],
    [{ owner: 'bruno', limit: '20' }, (c: StoredCase) => c.owner === 'bruno'],
    [{ owner: 'chen', tier: 'critical' }, (c: StoredCase) => c.owner === 'chen' && c.tier === 'critical'],
  ])('pages through the filter %o on the index, in list order', async (query, keep) => {
    const want = await expected(keep);

    const walked = (await walk(query)).flatMap((p) => p.cases.map((c) => c.caseId));

    expect(want.length).toBeGreaterThan(10);
    expect(walked).toEqual(want);
  });

  it('refuses a cursor it did not give out with 400 invalid_cursor', async () => {
    const { status, json } = await list('?cursor=eyJQSyI6IkNBU0UjeCJ9');

    expect(status).toBe(400);
    expect(json).toMatchObject({ error: 'invalid_cursor' });
  });

  it('reads as much for the first page at 300 open cases as at 150, where reading every open case doubles', async () => {
    // Prepare
    const metered = meteredList();
    const before = await metered.firstPage();
    const everyBefore = await metered.everyOpenCase();

    // Act
    await cloneCase(t.db, t.stack.tableName, template, specs(150, new Date(Date.now() + HOUR)), 1_000);
    const after = await metered.firstPage();
    const everyAfter = await metered.everyOpenCase();
    metered.close();

    // Assess
    expect(after.body.cases).toHaveLength(50);
    // The tier counts read up to 101 small index entries a tier, so they grow until the cap; the page does not.
    expect(after.units - before.units).toBeLessThanOrEqual(COUNT_GROWTH_CEILING);
    expect(after.units).toBeLessThanOrEqual(PAGE_READ_CEILING);
    expect(everyAfter).toBeGreaterThan(everyBefore * 1.8);
    expect(JSON.stringify(after.body).length).toBeLessThan(JSON.stringify(before.body).length * 1.1);
  });

  it('hands the sweeper only the hot and critical cases that are overdue and unacknowledged, reading only those', async () => {
    // Prepare: an hour overdue, or not yet due, acknowledged or not, in every tier.
    const past = new Date(Date.now() - HOUR).toISOString();
    const future = new Date(Date.now() + HOUR).toISOString();
    const at = new Date().toISOString();
    const ids = await cloneCase(
      t.db,
      t.stack.tableName,
      template,
      [
        { tier: 'hot', deadline: past },
        { tier: 'critical', deadline: past, owner: null },
        { tier: 'hot', deadline: past, acknowledgedAt: at },
        { tier: 'warm', deadline: past },
        { tier: 'calm', deadline: past },
        { tier: 'critical', deadline: future },
      ],
      5_000,
    );
    const metered = meteredList();
    const everyOpen = await metered.everyOpenCase();

    // Act
    const { units, cases } = await metered.due();
    metered.close();

    // Assess
    expect(cases.map((c) => c.caseId).toSorted()).toEqual([ids[0], ids[1]].toSorted());
    expect(cases.find((c) => c.caseId === ids[1])).toMatchObject({
      tier: 'critical',
      owner: null,
      deadline: past,
    });
    expect(units).toBeLessThan(everyOpen / 20);
    expect(clonedCaseId(5_000)).toBe(ids[0]);
  });
});

/**
 * Read units of a first page of 50 and its tier counts, as DynamoDB Local counts them: 80 measured at 200
 * open cases, 83.5 at 5,000 (~20 % headroom). Reading every open case, as the list did before, cost ~2 units
 * a case: 402.5 at 200, 10,059 at 5,000.
 */
const PAGE_READ_CEILING = 100;
/** Four COUNT queries of at most 101 entries of ~150 bytes: at most 2 units each, 1 of them already read. */
const COUNT_GROWTH_CEILING = 4;
