import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createInboxHandler, type InboxLogger } from '../../functions/inbox/create-handler.ts';
import { aStoredCase, caseId, MemoryInbox } from '../helpers/inbox-fakes.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');

/** The event API Gateway's REST API (proxy integration, Cognito user-pool authorizer) sends. */
function apiEvent(
  method: string,
  path: string,
  o: {
    body?: string;
    base64?: boolean;
    claims?: Record<string, string>;
    query?: Record<string, string>;
  } = {},
): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    path,
    resource: '/api/{proxy+}',
    pathParameters: { proxy: path.replace(/^\/api\//, '') },
    queryStringParameters: o.query ?? null,
    multiValueQueryStringParameters: null,
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: {},
    body: o.body === undefined ? null : o.base64 ? Buffer.from(o.body).toString('base64') : o.body,
    isBase64Encoded: o.base64 ?? false,
    stageVariables: null,
    requestContext: {
      requestId: 'req-1',
      ...(o.claims ? { authorizer: { claims: o.claims } } : {}),
    } as APIGatewayProxyEvent['requestContext'],
  };
}

function setup(o: { anonymousActor?: string; inbox?: MemoryInbox } = {}) {
  const inbox = o.inbox ?? new MemoryInbox([aStoredCase(1)]);
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const logger: InboxLogger = {
    info: (message, fields) => lines.push({ level: 'info', message, fields }),
    error: (message, fields) => lines.push({ level: 'error', message, fields }),
  };
  const handler = createInboxHandler({
    reader: inbox,
    ops: inbox,
    clock: () => NOW,
    logger,
    ...(o.anonymousActor ? { anonymousActor: o.anonymousActor } : {}),
  });
  return { handler, inbox, lines };
}

describe('inbox API handler', () => {
  it('records the Cognito user (e-mail claim) as who recorded the outcome', async () => {
    const { handler, inbox } = setup();
    const res = await handler(
      apiEvent('POST', `/api/cases/${caseId(1)}/outcomes`, {
        body: JSON.stringify({ kind: 'note', note: 'called back' }),
        claims: { email: 'amara@brand.example', 'cognito:username': 'u-123', sub: 's-1' },
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    expect(inbox.recorded[0]?.by).toBe('amara@brand.example');
  });

  it('falls back to the Cognito user name, reads base64 bodies, and clips the user to 64 characters', async () => {
    const { handler, inbox } = setup();
    await handler(
      apiEvent('POST', `/api/cases/${caseId(1)}/outcomes`, {
        body: '{"kind":"note"}',
        base64: true,
        claims: { 'cognito:username': `${'x'.repeat(70)}` },
      }),
    );
    expect(inbox.recorded[0]?.by).toBe('x'.repeat(64));
  });

  it('refuses a request with no signed-in user in AWS; locally the user is "local"', async () => {
    const aws = await setup().handler(apiEvent('GET', '/api/cases'));
    expect([aws.statusCode, JSON.parse(aws.body)]).toEqual([
      401,
      { error: 'unauthenticated', message: 'sign in to use the inbox' },
    ]);
    const local = setup({ anonymousActor: 'local' });
    const res = await local.handler(
      apiEvent('POST', `/api/cases/${caseId(1)}/outcomes`, { body: '{"kind":"note"}' }),
    );
    expect(res.statusCode).toBe(201);
    expect(local.inbox.recorded[0]?.by).toBe('local');
  });

  it('answers 405 with an Allow header and 404 for unknown routes, in the API error shape', async () => {
    const { handler } = setup({ anonymousActor: 'local' });
    const wrong = await handler(apiEvent('PUT', '/api/cases'));
    expect([wrong.statusCode, wrong.headers?.allow, JSON.parse(wrong.body).error]).toEqual([
      405,
      'GET',
      'method_not_allowed',
    ]);
    const unknown = await handler(apiEvent('GET', '/api/nothing'));
    expect([unknown.statusCode, JSON.parse(unknown.body).error]).toEqual([404, 'not_found']);
  });

  it('turns a fault into a 500 with the request id, never a stack, and logs only ids and codes', async () => {
    const inbox = new MemoryInbox([aStoredCase(1)]);
    inbox.openCasePage = async () => {
      throw new TypeError('Dana Whitfield wrote: my card 4111 1111 1111 1111');
    };
    const { handler, lines } = setup({ inbox, anonymousActor: 'local' });
    const res = await handler(apiEvent('GET', '/api/cases'));
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({
      error: 'internal_error',
      message: 'the inbox could not answer this request (request id req-1)',
    });
    expect(lines).toEqual([
      {
        level: 'error',
        message: 'inbox request failed',
        fields: { method: 'GET', status: 500, requestId: 'req-1', error: 'TypeError' },
      },
    ]);
  });

  it('logs each answered request by route, case id and code, without the body', async () => {
    const { handler, lines } = setup({ anonymousActor: 'local' });
    await handler(
      apiEvent('POST', `/api/cases/${caseId(1)}/outcomes`, {
        body: JSON.stringify({ kind: 'note', note: 'Dana says the pharmacist was rude' }),
      }),
    );
    await handler(apiEvent('POST', `/api/cases/${caseId(1)}/reassign`, { body: '{"owner":"ghost"}' }));
    expect(lines.map((l) => [l.level, l.fields.route, l.fields.status, l.fields.code])).toEqual([
      ['info', 'recordOutcome', 201, undefined],
      ['info', 'reassign', 409, 'unknown_owner'],
    ]);
    expect(JSON.stringify(lines)).not.toContain('pharmacist');
  });
});
