import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { handleInboxRequest, type InboxDeps, type InboxResponse } from '../core/inbox/api.ts';
import type { ApiError } from '../core/inbox/views.ts';

/** The `by` of an outcome is at most 64 characters (functions/core/outcomes.ts). */
const ACTOR_LIMIT = 64;

export interface InboxLogger {
  info(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

export interface InboxHandlerDeps extends InboxDeps {
  readonly logger: InboxLogger;
  /**
   * Who acts when the request carries no Cognito claims: "local" on the local stack, where nobody signs
   * in; undefined in AWS, where such a request is refused (the authorizer should never let one through).
   */
  readonly anonymousActor?: string;
}

/** The signed-in user from the Cognito authorizer's claims: their e-mail, else their user name. */
export function actorFrom(event: APIGatewayProxyEvent, anonymous: string | undefined): string | undefined {
  const claims: Record<string, unknown> = event.requestContext?.authorizer?.claims ?? {};
  const named = [claims.email, claims['cognito:username']].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  return (named ?? anonymous)?.trim().slice(0, ACTOR_LIMIT);
}

function bodyOf(event: APIGatewayProxyEvent): string | null {
  if (event.body === null) return null;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function result(r: Pick<InboxResponse, 'status' | 'body' | 'headers'>): APIGatewayProxyResult {
  return {
    statusCode: r.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      // Case data changes with every message and decision; no cache between staff and the table.
      'cache-control': 'no-store',
      ...r.headers,
    },
    body: JSON.stringify(r.body),
  };
}

/** The inbox API (GET/POST /api/...) behind API Gateway, and behind the local server in the same shape. */
export function createInboxHandler(deps: InboxHandlerDeps) {
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const requestId = event.requestContext?.requestId ?? 'unknown';
    try {
      const response = await handleInboxRequest(
        {
          method: event.httpMethod,
          path: event.path,
          query: event.queryStringParameters ?? {},
          body: bodyOf(event),
          actor: actorFrom(event, deps.anonymousActor),
        },
        deps,
      );
      const log = { method: event.httpMethod, status: response.status, requestId, ...response.log };
      if (response.status >= 500) deps.logger.error('inbox request failed', log);
      else deps.logger.info('inbox request', log);
      return result(response);
    } catch (error) {
      // The name only: an SDK or parse error's message can quote stored values.
      deps.logger.error('inbox request failed', {
        method: event.httpMethod,
        status: 500,
        requestId,
        error: (error as Error).name,
      });
      const body: ApiError = {
        error: 'internal_error',
        message: `the inbox could not answer this request (request id ${requestId})`,
      };
      return result({ status: 500, body });
    }
  };
}
