import { CaseOperationError } from '../operations-port.ts';
import { outcomeSchema } from '../outcomes.ts';
import { toCaseDetail } from './case-detail.ts';
import { type CaseView, newestIncidentFirst, openIncidentIds, toIncidentSummary } from './incidents.ts';
import { hottestFirst, toListRow } from './list-row.ts';
import type { InboxOperations, InboxReader, StoredCase } from './ports.ts';
import { ApiRefusal, parseBody, parseQuery } from './refusal.ts';
import { type MatchedRoute, matchRoute, type RouteName } from './routes.ts';
import { parseStoredBrief, StoredBriefError } from './stored-brief.ts';
import {
  type AcknowledgeResponse,
  acknowledgeRequestSchema,
  type CaseDetail,
  type CaseListResponse,
  caseFilterSchema,
  type IncidentDetail,
  type IncidentListResponse,
  type OutcomeResponse,
  outcomeRequestSchema,
  type ReassignResponse,
  reassignRequestSchema,
} from './views.ts';

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
  }
}

/** A case and its parsed brief; an unreadable brief still lists the case (without reasons) and is logged. */
function caseView(c: StoredCase, unreadable: string[]): CaseView {
  try {
    const brief = parseStoredBrief(c.caseId, c.brief);
    return { row: toListRow(c, brief), brief };
  } catch (error) {
    if (!(error instanceof StoredBriefError)) throw error;
    unreadable.push(c.caseId);
    return { row: toListRow(c, null) };
  }
}

async function listCases(req: InboxRequest, deps: InboxDeps, now: Date): Promise<InboxResponse> {
  const filter = parseQuery(caseFilterSchema, req.query);
  const unreadable: string[] = [];
  const stored = await deps.reader.openCases(filter.owner ? { owner: filter.owner } : {});
  const cases = stored
    .filter((c) => c.status === 'open')
    .map((c) => caseView(c, unreadable).row)
    .filter((row) => !filter.tier || row.tier === filter.tier)
    .filter((row) => !filter.channel || row.channels.includes(filter.channel))
    .toSorted(hottestFirst);
  const body: CaseListResponse = { cases, generatedAt: now.toISOString() };
  return {
    status: 200,
    body,
    log: {
      route: 'listCases',
      count: cases.length,
      ...(unreadable.length > 0 ? { unreadableBriefs: unreadable } : {}),
    },
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

async function listIncidents(deps: InboxDeps, now: Date): Promise<InboxResponse> {
  const unreadable: string[] = [];
  const open = (await deps.reader.openCases())
    .filter((c) => c.status === 'open')
    .map((c) => caseView(c, unreadable));
  const incidents = await Promise.all(openIncidentIds(open).map((id) => deps.reader.getIncident(id)));
  const summaries = incidents
    .flatMap((incident) => (incident ? [toIncidentSummary(incident, open)] : []))
    .toSorted(newestIncidentFirst);
  const body: IncidentListResponse = { incidents: summaries, generatedAt: now.toISOString() };
  return {
    status: 200,
    body,
    log: {
      route: 'listIncidents',
      count: summaries.length,
      ...(unreadable.length > 0 ? { unreadableBriefs: unreadable } : {}),
    },
  };
}

async function incidentDetail(incidentId: string, deps: InboxDeps, now: Date): Promise<IncidentDetail> {
  const incident = await deps.reader.getIncident(incidentId);
  if (!incident) throw new ApiRefusal(404, 'incident_not_found', `no incident ${incidentId}`);
  const unreadable: string[] = [];
  const open = (await deps.reader.openCases()).filter(
    (c) => c.status === 'open' && (c.incidentId === incidentId || incident.exampleCaseIds.includes(c.caseId)),
  );
  // Its example cases may be closed by now; they still show what the spike was about.
  const missing = incident.exampleCaseIds.filter((id) => !open.some((c) => c.caseId === id));
  const closed = (await Promise.all(missing.map((id) => deps.reader.getCase(id)))).flatMap((c) =>
    c ? [c] : [],
  );
  const views = [...open, ...closed].map((c) => caseView(c, unreadable));
  // A case records the first incident it joined; the incident's own examples count as its cases too.
  const mine = views.map((v) => ({ ...v, row: { ...v.row, incidentId } }));
  return {
    ...toIncidentSummary(incident, mine),
    cases: open.map((c) => caseView(c, unreadable).row).toSorted(hottestFirst),
    generatedAt: now.toISOString(),
  };
}
