/**
 * The inbox on the local stack: the web page (web/dist), `/config.json`, and `/api/*` through the same
 * handler the Lambda runs behind API Gateway. Bound to 127.0.0.1 only; nobody signs in locally, so the
 * handler records "local" as the acting user.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ApiError, InboxConfig } from '../../functions/core/inbox/views.ts';
import { BodyTooLargeError, proxyEventFrom, readLimitedBody } from './inbox-event.ts';
import { NOT_BUILT_PAGE, resolveStatic } from './inbox-static.ts';

export const DEFAULT_INBOX_PORT = 8788;

/** Locally there is no sign-in: the page skips it when `auth` is null. */
export const LOCAL_INBOX_CONFIG: InboxConfig = { auth: null };

export interface InboxServerOptions {
  /** 0 lets the OS pick a free port. */
  readonly port: number;
  /** The built page, normally web/dist. */
  readonly webRoot: string;
  readonly api: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
}

export interface RunningInboxServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...SECURITY_HEADERS,
    ...headers,
  });
  res.end(text);
}

function refuse(
  res: ServerResponse,
  status: number,
  error: ApiError['error'],
  message: string,
  headers = {},
) {
  const body: ApiError = { error, message };
  sendJson(res, status, body, headers);
}

async function serveApi(req: IncomingMessage, res: ServerResponse, url: URL, o: InboxServerOptions) {
  let body: string;
  try {
    body = await readLimitedBody(req);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    refuse(res, 413, 'payload_too_large', error.message);
    req.resume();
    return;
  }
  const result = await o.api(proxyEventFrom(req, url, body));
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
  res.writeHead(result.statusCode, {
    ...SECURITY_HEADERS,
    ...headers,
    'content-length': String(Buffer.byteLength(result.body)),
  });
  res.end(result.body);
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL, o: InboxServerOptions) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    refuse(res, 405, 'method_not_allowed', 'the page is read with GET', { allow: 'GET, HEAD' });
    return;
  }
  const answer = await resolveStatic(o.webRoot, url.pathname);
  if (answer.kind === 'not_built') {
    res.writeHead(503, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
    });
    res.end(req.method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
    return;
  }
  if (answer.kind === 'bad_path') {
    refuse(res, 400, 'invalid_request', 'that path is not part of the inbox');
    return;
  }
  if (answer.kind === 'not_found') {
    refuse(res, 404, 'not_found', `no file ${url.pathname.slice(0, 200)}`);
    return;
  }
  res.writeHead(200, {
    'content-type': answer.contentType,
    'content-length': String(answer.bytes),
    'cache-control': answer.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...SECURITY_HEADERS,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(answer.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

async function route(req: IncomingMessage, res: ServerResponse, o: InboxServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return serveApi(req, res, url, o);
  if (url.pathname === '/config.json') {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405, 'method_not_allowed', 'use GET on /config.json', { allow: 'GET, HEAD' });
      return;
    }
    sendJson(res, 200, LOCAL_INBOX_CONFIG);
    return;
  }
  return serveStatic(req, res, url, o);
}

/** Starts the inbox server on 127.0.0.1; resolves once it listens. */
export async function startInboxServer(o: InboxServerOptions): Promise<RunningInboxServer> {
  const server: Server = createServer((req, res) => {
    route(req, res, o).catch((error: unknown) => {
      // The error's name only: never a stack or a message that may quote stored text.
      console.error(`inbox server: ${(error as Error).name}`);
      if (res.headersSent) res.destroy();
      else refuse(res, 500, 'internal_error', 'the inbox server failed on this request');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
