/**
 * A node:http request as the API Gateway REST proxy event the inbox handler takes in AWS, so the local
 * server runs the very handler the Lambda runs. No authorizer claims: locally nobody signs in.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { readBody } from './read-body.ts';

/** API Gateway takes up to 10 MB; the inbox's largest body (an outcome) is a few KB. */
export const MAX_API_BODY_BYTES = 64 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

export function readLimitedBody(req: IncomingMessage, limit = MAX_API_BODY_BYTES): Promise<string> {
  return readBody(req, limit, () => new BodyTooLargeError(`body is over ${limit} bytes`));
}

function single(values: Readonly<Record<string, readonly string[]>>): Record<string, string> | null {
  const entries = Object.entries(values).flatMap(([k, v]) => (v.length > 0 ? [[k, v.at(-1) ?? '']] : []));
  // API Gateway keeps the last of repeated parameters, and sends null rather than {} when there are none.
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}

export function proxyEventFrom(req: IncomingMessage, url: URL, body: string): APIGatewayProxyEvent {
  const multiQuery: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) multiQuery[k] = [...(multiQuery[k] ?? []), v];
  const multiHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    multiHeaders[name] = [...(multiHeaders[name] ?? []), req.rawHeaders[i + 1] ?? ''];
  }
  const method = req.method ?? 'GET';
  const now = Date.now();
  return {
    httpMethod: method,
    path: url.pathname,
    resource: '/api/{proxy+}',
    pathParameters: { proxy: url.pathname.replace(/^\/api\/?/, '') },
    queryStringParameters: single(multiQuery),
    multiValueQueryStringParameters: Object.keys(multiQuery).length > 0 ? multiQuery : null,
    headers: single(multiHeaders) ?? {},
    multiValueHeaders: multiHeaders,
    body: body === '' ? null : body,
    isBase64Encoded: false,
    stageVariables: null,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      authorizer: undefined,
      protocol: `HTTP/${req.httpVersion}`,
      httpMethod: method,
      path: url.pathname,
      stage: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: '/api/{proxy+}',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        user: null,
        userAgent: req.headers['user-agent'] ?? null,
        userArn: null,
      },
    },
  };
}
