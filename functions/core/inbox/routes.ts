import { ApiRefusal } from './refusal.ts';

/** The inbox API's routes. Paths may carry the `/api` prefix (CloudFront and the local server keep it). */
export type RouteName =
  | 'listCases'
  | 'getCase'
  | 'acknowledge'
  | 'reassign'
  | 'recordOutcome'
  | 'listIncidents'
  | 'getIncident'
  | 'listStaff';

export interface MatchedRoute {
  readonly name: RouteName;
  readonly caseId?: string;
  readonly incidentId?: string;
}

const CASE_ID = /^k_[0-9a-f]{32}$/;
const INCIDENT_ID = /^i_[0-9a-f]{32}$/;

type Shape = { readonly method: 'GET' | 'POST'; readonly name: RouteName };

/** Path shape → the methods it answers. `{case}` and `{incident}` are one segment each. */
const TABLE: Readonly<Record<string, readonly Shape[]>> = {
  cases: [{ method: 'GET', name: 'listCases' }],
  'cases/{case}': [{ method: 'GET', name: 'getCase' }],
  'cases/{case}/acknowledge': [{ method: 'POST', name: 'acknowledge' }],
  'cases/{case}/reassign': [{ method: 'POST', name: 'reassign' }],
  'cases/{case}/outcomes': [{ method: 'POST', name: 'recordOutcome' }],
  incidents: [{ method: 'GET', name: 'listIncidents' }],
  'incidents/{incident}': [{ method: 'GET', name: 'getIncident' }],
  staff: [{ method: 'GET', name: 'listStaff' }],
};

export function matchRoute(method: string, path: string): MatchedRoute {
  const segments = path
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((s) => s !== '');
  if (segments[0] === 'api') segments.shift();
  const [collection, id, action] = segments;
  const shape = [
    collection,
    ...(id !== undefined ? [collection === 'cases' ? '{case}' : '{incident}'] : []),
    ...(action !== undefined ? [action] : []),
  ].join('/');
  const shapes = segments.length <= 3 ? TABLE[shape] : undefined;
  if (!shapes) throw new ApiRefusal(404, 'not_found', `no route ${path.slice(0, 200)}`);
  const route = shapes.find((s) => s.method === method.toUpperCase());
  if (!route) {
    const allow = shapes.map((s) => s.method).join(', ');
    throw new ApiRefusal(405, 'method_not_allowed', `use ${allow} on this path`, { allow });
  }
  if (collection === 'cases' && id !== undefined) {
    const caseId = decodeSegment(id);
    if (!CASE_ID.test(caseId)) throw new ApiRefusal(404, 'case_not_found', 'no such case');
    return { name: route.name, caseId };
  }
  if (collection === 'incidents' && id !== undefined) {
    const incidentId = decodeSegment(id);
    if (!INCIDENT_ID.test(incidentId)) throw new ApiRefusal(404, 'incident_not_found', 'no such incident');
    return { name: route.name, incidentId };
  }
  return { name: route.name };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
