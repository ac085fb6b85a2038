import { CaseOperationError } from '../operations-port.ts';
import { outcomeSchema } from '../outcomes.ts';
import { decodeCursor, encodeCursor } from './case-cursor.ts';
import { toCaseDetail } from './case-detail.ts';
import {
  type CaseView,
  exampleCaseIds,
  hottestCaseIds,
  INCIDENT_SCAN_BUDGET,
  incidentsFound,
  newestIncidentFirst,
  openCount,
  toIncidentSummary,
} from './incidents.ts';
import { hottestFirst, toListRow } from './list-row.ts';
import type { CasePosition, InboxOperations, InboxReader, StoredCase } from './ports.ts';
import { ApiRefusal, parseBody, parseQuery } from './refusal.ts';
import { type MatchedRoute, matchRoute, type RouteName } from './routes.ts';
import { staffOrder, toStaffView } from './staff-list.ts';
import { StoredBriefError } from './unreadable-brief.ts';
import {
  type AcknowledgeResponse,
  acknowledgeRequestSchema,
  type CaseDetail,
  type CaseFilter,
  type CaseListResponse,
  type CaseListRow,
  caseFilterSchema,
  INCIDENT_CASES_SHOWN,
  INCIDENTS_SHOWN,
  type IncidentDetail,
  type IncidentListResponse,
  type OutcomeResponse,
  outcomeRequestSchema,
  type ReassignResponse,
  reassignRequestSchema,
  type StaffListResponse,
  TIER_COUNT_CAP,
} from './views.ts';

/** Reader pages one request may read to fill a page that a channel filter left short. */
const READS_PER_PAGE = 3;

/** One API request, whatever carried it (API Gateway in AWS, node:http locally). */
export interface InboxRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body: string | null;
  /** The signed-in user (at most 64 characters); undefined when nobody is signed in. */
  readonly actor: string | undefined;
}

/** Ids and codes only: what the handler may log. Never customer text. */
export interface InboxLogFields {
  readonly route?: RouteName;
  readonly caseId?: string;
  readonly incidentId?: string;
  readonly outcomeId?: string;
  readonly kind?: string;
  readonly code?: string;
  readonly count?: number;
  /** Cases whose stored brief could not be read (shown without reasons). */
  readonly unreadableBriefs?: readonly string[];
}

export interface InboxResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly log: InboxLogFields;
}

export interface InboxDeps {
  readonly reader: InboxReader;
  readonly ops: InboxOperations;
  readonly clock: () => Date;
}

/** Routes, validates and answers one request. Refusals come back as responses; only faults throw. */
export async function handleInboxRequest(req: InboxRequest, deps: InboxDeps): Promise<InboxResponse> {
  let route: MatchedRoute | undefined;
  try {
    route = matchRoute(req.method, req.path);
    if (req.actor === undefined) throw new ApiRefusal(401, 'unauthenticated', 'sign in to use the inbox');
    return await answer(route, req, req.actor, deps);
  } catch (error) {
    const refusal = asRefusal(error);
    if (!refusal) throw error;
    return {
      status: refusal.status,
      body: { error: refusal.code, message: refusal.message },
      headers: refusal.headers,
      log: {
        ...(route ? { route: route.name } : {}),
        ...(route?.caseId ? { caseId: route.caseId } : {}),
        ...(route?.incidentId ? { incidentId: route.incidentId } : {}),
        code: refusal.code,
      },
    };
  }
}

function asRefusal(error: unknown): ApiRefusal | undefined {
  if (error instanceof ApiRefusal) return error;
  if (error instanceof CaseOperationError) {
    return new ApiRefusal(error.code === 'case_not_found' ? 404 : 409, error.code, error.message);
  }
  if (error instanceof StoredBriefError) {
    return new ApiRefusal(500, 'internal_error', `case ${error.caseId} has an unreadable brief`);
  }
  return undefined;
}

async function answer(
  route: MatchedRoute,
  req: InboxRequest,
  actor: string,
  deps: InboxDeps,
): Promise<InboxResponse> {
  const now = deps.clock();
  const caseId = route.caseId ?? '';
  switch (route.name) {
    case 'listCases':
      return listCases(req, deps, now);
    case 'getCase':
      return { status: 200, body: await caseDetail(caseId, deps, now), log: { route: route.name, caseId } };
    case 'acknowledge': {
      parseBody(acknowledgeRequestSchema, req.body);
      const done = await deps.ops.acknowledge(caseId, actor, now);
      const body: AcknowledgeResponse = { caseId, ...done };
      return { status: 200, body, log: { route: route.name, caseId, kind: 'acknowledged' } };
    }
    case 'reassign': {
      const { owner } = parseBody(reassignRequestSchema, req.body);
      const done = await deps.ops.reassign(caseId, owner, actor, now);
      const body: ReassignResponse = { caseId, ...done };
      return { status: 200, body, log: { route: route.name, caseId, kind: 'reassigned' } };
    }
    case 'recordOutcome': {
      const request = parseBody(outcomeRequestSchema, req.body);
      // The same schema as `flashpoint outcome`: one validation for the CLI, the old API and the inbox.
      const outcome = outcomeSchema.safeParse({ ...request, caseId, by: actor });
      if (!outcome.success)
        throw new ApiRefusal(400, 'invalid_request', outcome.error.issues[0]?.message ?? '');
      const done = await deps.ops.recordOutcome(outcome.data, now);
      const body: OutcomeResponse = { caseId, ...done };
      return {
        status: 201,
        body,
        log: { route: route.name, caseId, outcomeId: done.outcomeId, kind: outcome.data.kind },
      };
    }
    case 'listIncidents':
      return listIncidents(deps, now);
    case 'getIncident': {
      const incidentId = route.incidentId ?? '';
      return {
        status: 200,
        body: await incidentDetail(incidentId, deps, now),
        log: { route: route.name, incidentId },
      };
    }
    case 'listStaff': {
      const staff = (await deps.reader.staff()).map(toStaffView).toSorted(staffOrder);
      const body: StaffListResponse = { staff, generatedAt: now.toISOString() };
      return { status: 200, body, log: { route: route.name, count: staff.length } };
    }
  }
}

/**
 * Up to `filter.limit` rows from `from` on. A channel filter is decided on the brief, after the read, and may
 * leave a page short: up to READS_PER_PAGE reader pages fill it, then `next` leads on.
 */
async function pageOfRows(
  filter: CaseFilter,
  start: CasePosition | undefined,
  reader: InboxReader,
  unreadable: string[],
): Promise<{ cases: CaseListRow[]; next: CasePosition | undefined }> {
  const cases: CaseListRow[] = [];
  let from = start;
  for (let reads = 0; reads < READS_PER_PAGE && cases.length < filter.limit; reads++) {
    const page = await reader.openCasePage({
      limit: filter.limit - cases.length,
      ...(filter.tier ? { tier: filter.tier } : {}),
      ...(filter.owner ? { owner: filter.owner } : {}),
      ...(from ? { from } : {}),
    });
    cases.push(
      ...page.cases
        .filter((c) => c.status === 'open')
        .map((c) => caseView(c, unreadable).row)
        // The index lags the table by a moment: the case as read now decides.
        .filter((row) => !filter.tier || row.tier === filter.tier)
        .filter((row) => !filter.owner || row.owner === filter.owner)
        .filter((row) => !filter.channel || row.channels.includes(filter.channel)),
    );
    from = page.next;
    if (!from) break;
  }
  return { cases, next: from };
}

/** What a list logs: how many it answered, and the cases it had to show without their unreadable brief. */
function listLog(route: RouteName, count: number, unreadable: readonly string[]): InboxLogFields {
  return { route, count, ...(unreadable.length > 0 ? { unreadableBriefs: unreadable } : {}) };
}

/** A case and its brief; an unreadable brief still lists the case (without reasons) and is logged. */
function caseView(c: StoredCase, unreadable: string[]): CaseView {
  if (c.brief === null) {
    unreadable.push(c.caseId);
    return { row: toListRow(c) };
  }
  return { row: toListRow(c), brief: c.brief };
}

async function listCases(req: InboxRequest, deps: InboxDeps, now: Date): Promise<InboxResponse> {
  const filter = parseQuery(caseFilterSchema, req.query);
  const from = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, filter.tier);
  const unreadable: string[] = [];
  const [page, openByTier] = await Promise.all([
    pageOfRows(filter, from, deps.reader, unreadable),
    // Counted on the first page only: the page polls it; the pages after it are read once each.
    from ? null : deps.reader.openTierCounts(TIER_COUNT_CAP),
  ]);
  const { cases } = page;
  const body: CaseListResponse = {
    cases,
    generatedAt: now.toISOString(),
    next: page.next ? encodeCursor(page.next) : null,
    openByTier,
  };
  return {
    status: 200,
    body,
    log: listLog('listCases', cases.length, unreadable),
  };
}

async function caseDetail(caseId: string, deps: InboxDeps, now: Date): Promise<CaseDetail> {
  const stored = await deps.reader.getCase(caseId);
  if (!stored) throw new ApiRefusal(404, 'case_not_found', `no case ${caseId}`);
  const [outcomes, promises] = await Promise.all([
    deps.reader.caseOutcomes(caseId),
    deps.reader.casePromises(stored.customerId, caseId),
  ]);
  return toCaseDetail({ stored, outcomes, promises, now });
}

/**
 * The incidents with open cases, from the case index (at most INCIDENT_SCAN_BUDGET entries evaluated), then
 * at most INCIDENTS_SHOWN incident items and 3 example cases each: bounded whatever the number of open cases.
 */
async function listIncidents(deps: InboxDeps, now: Date): Promise<InboxResponse> {
  const scan = await deps.reader.openIncidentCases({ budget: INCIDENT_SCAN_BUDGET });
  const found = incidentsFound(scan.entries, INCIDENTS_SHOWN);
  const incidents = (await Promise.all(found.ids.map((id) => deps.reader.getIncident(id)))).flatMap((i) =>
    i ? [i] : [],
  );
  const mineOf = (incidentId: string) => scan.entries.filter((e) => e.incidentId === incidentId);
  const unreadable: string[] = [];
  const examples = (
    await deps.reader.casesById(incidents.flatMap((i) => exampleCaseIds(i, mineOf(i.incidentId))))
  )
    .filter((c) => c.status === 'open')
    .map((c) => caseView(c, unreadable));
  const summaries = incidents
    .map((i) => toIncidentSummary(i, examples, openCount(mineOf(i.incidentId).length, scan.complete)))
    .toSorted(newestIncidentFirst);
  const body: IncidentListResponse = {
    incidents: summaries,
    complete: scan.complete && !found.more,
    generatedAt: now.toISOString(),
  };
  return {
    status: 200,
    body,
    log: listLog('listIncidents', summaries.length, unreadable),
  };
}

/** One incident with at most INCIDENT_CASES_SHOWN of its open cases, hottest first; reads bounded likewise. */
async function incidentDetail(incidentId: string, deps: InboxDeps, now: Date): Promise<IncidentDetail> {
  const incident = await deps.reader.getIncident(incidentId);
  if (!incident) throw new ApiRefusal(404, 'incident_not_found', `no incident ${incidentId}`);
  const scan = await deps.reader.openIncidentCases({ budget: INCIDENT_SCAN_BUDGET, incidentId });
  const indexed = new Set(scan.entries.map((e) => e.caseId));
  const listed = hottestCaseIds(scan.entries, INCIDENT_CASES_SHOWN);
  // Its example cases count as its cases too (a case records the first incident it joined), and show what
  // the spike was about even once closed.
  const read = await deps.reader.casesById([...listed, ...incident.exampleCaseIds]);
  const unreadable: string[] = [];
  const views = read.map((c) => caseView(c, unreadable));
  const mine = views.map((v) => ({ ...v, row: { ...v.row, incidentId } }));
  const open = views.filter((v) => v.row.status === 'open');
  const openElsewhere = open.filter((v) => !indexed.has(v.row.caseId)).length;
  return {
    ...toIncidentSummary(incident, mine, openCount(scan.entries.length + openElsewhere, scan.complete)),
    cases: open
      .map((v) => v.row)
      .toSorted(hottestFirst)
      .slice(0, INCIDENT_CASES_SHOWN),
    generatedAt: now.toISOString(),
  };
}
