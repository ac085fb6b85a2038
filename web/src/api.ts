/**
 * The inbox API as the page uses it. Types and routes come from functions/core/inbox/views.ts, the file
 * the API handler builds its answers from, so the two cannot drift apart.
 */
import {
  type AcknowledgeResponse,
  API_ROUTES,
  type ApiError,
  type CaseDetail,
  type CaseListResponse,
  type IncidentDetail,
  type IncidentListResponse,
  type OutcomeRequest,
  type OutcomeResponse,
  type ReassignResponse,
  type StaffListResponse,
} from '../../functions/core/inbox/views.ts';
import { filterQuery, type InboxFilter } from './inbox-state.ts';

/** A request that did not succeed, with a sentence a person can act on. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    /** 0 when the API could not be reached at all. */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiOptions {
  /** Prefix of API_ROUTES ('' = this origin). */
  readonly base: string;
  readonly authorization: () => string | undefined;
  /** Called on 401: the session signs in again. */
  readonly onUnauthorized: () => void;
  readonly fetch?: typeof fetch;
}

function isApiError(body: unknown): body is ApiError {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ApiError).error === 'string' &&
    typeof (body as ApiError).message === 'string'
  );
}

export function createApi(options: ApiOptions) {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const authorization = options.authorization();
    if (authorization) headers.authorization = authorization;
    let response: Response;
    try {
      response = await doFetch(`${options.base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiRequestError(
        0,
        'unreachable',
        'The inbox API could not be reached. Check the connection.',
      );
    }
    if (response.status === 401) {
      options.onUnauthorized();
      throw new ApiRequestError(401, 'unauthorized', 'The inbox API needs you to sign in (again).');
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      if (isApiError(json)) throw new ApiRequestError(response.status, json.error, json.message);
      const forbidden = response.status === 403 ? ': you are not allowed to do this' : '';
      throw new ApiRequestError(
        response.status,
        `http_${response.status}`,
        `The inbox API answered ${response.status}${forbidden}.`,
      );
    }
    if (json === undefined) {
      throw new ApiRequestError(
        response.status,
        'malformed_response',
        'The inbox API sent an unreadable answer.',
      );
    }
    return json as T;
  }

  return {
    /** The first page of the filter's cases, or with `cursor` (a page's `next`) the page after it. */
    listCases(filter: InboxFilter, signal?: AbortSignal, cursor?: string) {
      const params = new URLSearchParams(filterQuery(filter));
      if (cursor) params.set('cursor', cursor);
      const query = params.toString();
      return request<CaseListResponse>(
        'GET',
        query ? `${API_ROUTES.cases}?${query}` : API_ROUTES.cases,
        undefined,
        signal,
      );
    },
    getCase: (caseId: string, signal?: AbortSignal) =>
      request<CaseDetail>('GET', API_ROUTES.case(caseId), undefined, signal),
    acknowledge: (caseId: string) => request<AcknowledgeResponse>('POST', API_ROUTES.acknowledge(caseId), {}),
    reassign: (caseId: string, owner: string) =>
      request<ReassignResponse>('POST', API_ROUTES.reassign(caseId), { owner }),
    recordOutcome: (caseId: string, body: OutcomeRequest) =>
      request<OutcomeResponse>('POST', API_ROUTES.outcomes(caseId), body),
    listIncidents: (signal?: AbortSignal) =>
      request<IncidentListResponse>('GET', API_ROUTES.incidents, undefined, signal),
    getIncident: (incidentId: string, signal?: AbortSignal) =>
      request<IncidentDetail>('GET', API_ROUTES.incident(incidentId), undefined, signal),
    listStaff: (signal?: AbortSignal) =>
      request<StaffListResponse>('GET', API_ROUTES.staff, undefined, signal),
  };
}

export type Api = ReturnType<typeof createApi>;

/** What to show for any failure: the API's own sentence when it sent one. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
