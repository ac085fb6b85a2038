/**
 * Routes live in the URL's hash (#/cases/k_…): static hosting (S3 + CloudFront, the local stack) then
 * serves one index.html for every page, and the Cognito redirect back to the site root keeps working.
 */
import { filterQuery, type InboxFilter, parseFilter } from './inbox-state.ts';

export type Route =
  | { readonly page: 'inbox'; readonly filter: InboxFilter }
  | { readonly page: 'case'; readonly caseId: string }
  | { readonly page: 'incidents' }
  | { readonly page: 'incident'; readonly incidentId: string }
  | { readonly page: 'not_found'; readonly path: string };

const ID = /^[A-Za-z0-9_-]{1,80}$/;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', query = ''] = raw.split('?', 2);
  const segments = pathPart.split('/').filter(Boolean).map(decode);
  const [first, second, ...rest] = segments;
  if (first === undefined) return { page: 'inbox', filter: parseFilter(query) };
  if (rest.length === 0 && first === 'cases' && second !== undefined && ID.test(second)) {
    return { page: 'case', caseId: second };
  }
  if (rest.length === 0 && first === 'incidents') {
    if (second === undefined) return { page: 'incidents' };
    if (ID.test(second)) return { page: 'incident', incidentId: second };
  }
  return { page: 'not_found', path: `/${segments.join('/')}` };
}

export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'inbox': {
      const query = filterQuery(route.filter);
      return query ? `#/?${query}` : '#/';
    }
    case 'case':
      return `#/cases/${encodeURIComponent(route.caseId)}`;
    case 'incidents':
      return '#/incidents';
    case 'incident':
      return `#/incidents/${encodeURIComponent(route.incidentId)}`;
    case 'not_found':
      return `#${route.path}`;
  }
}

export const caseHref = (caseId: string) => hrefFor({ page: 'case', caseId });
export const incidentHref = (incidentId: string) => hrefFor({ page: 'incident', incidentId });
