/**
 * The HTTP intake of the local stack: the routes of the API Gateway REST API (infra/constructs/
 * http-intake-api.ts) — POST /v1/email|chat|social, body validated against the channel's schema, then
 * SendMessage to the channel's intake queue — on node:http, bound to 127.0.0.1 only.
 *
 * Every refusal is a 4xx with `{ "error": { "code": "...", "reason": "..." } }`; a 202 carries the queue's
 * message id. Validation uses the same zod schemas as the intake adapters, so a body accepted here can
 * still be dead-lettered only for what the adapters check beyond the shape (an identity key, text).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_PAYLOAD_BYTES, parseJson, validatePayload } from '../../functions/core/channels/payload.ts';
import { intakeSchemaFor } from '../../functions/core/channels/schemas.ts';
import { CHANNELS, type Channel } from '../../functions/core/contact.ts';
import { RejectionError } from '../../functions/core/errors.ts';
import { readBody } from './read-body.ts';

export interface HttpIntakeOptions {
  /** 0 lets the OS pick a free port. */
  readonly port: number;
  /** Puts a validated body on the channel's intake queue; resolves to the queue's message id. */
  readonly send: (channel: Channel, body: string) => Promise<string>;
  /** When set, requests must carry it in `x-api-key` (API Gateway's header), else 403. */
  readonly apiKey?: string | undefined;
  /** Default MAX_PAYLOAD_BYTES (256 KB): what one SQS message may hold. */
  readonly maxBodyBytes?: number;
  /** Told of a failed send (the caller got a 503); the local stack writes it to the handler log. */
  readonly onSendError?: (channel: Channel, error: unknown) => void;
}

export interface RunningHttpIntake {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export const ROUTE_PREFIX = '/v1/';

/** A refusal: HTTP status, a stable machine-readable code and one sentence for a person. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${status} ${code}: ${reason}`);
  }
}

function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

/** The channel a path names; unknown routes are 404 like API Gateway's (remapped) missing-route answer. */
export function routeChannel(url: string | undefined): Channel {
  const path = new URL(url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
  if (!path.startsWith(ROUTE_PREFIX)) {
    throw new HttpRefusal(404, 'not_found', `no route ${path || '/'}; send to ${ROUTE_PREFIX}<channel>`);
  }
  const channel = path.slice(ROUTE_PREFIX.length);
  if (!isChannel(channel)) {
    throw new HttpRefusal(
      404,
      'unknown_channel',
      `unknown channel '${channel.slice(0, 40)}' (expected ${CHANNELS.join(', ')})`,
    );
  }
  return channel;
}

/** `application/json`, optionally with parameters (`; charset=utf-8`), case-insensitive. */
export function isJsonContentType(header: string | undefined): boolean {
  const mediaType = (header ?? '').split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/** Validates one request; resolves to the channel and the body to queue, or throws an HttpRefusal. */
export async function acceptRequest(
  req: IncomingMessage,
  options: Pick<HttpIntakeOptions, 'apiKey' | 'maxBodyBytes'>,
): Promise<{ channel: Channel; body: string }> {
  const channel = routeChannel(req.url);
  if (req.method !== 'POST') {
    throw new HttpRefusal(405, 'method_not_allowed', `use POST on ${ROUTE_PREFIX}${channel}`, {
      allow: 'POST',
    });
  }
  if (options.apiKey !== undefined && req.headers['x-api-key'] !== options.apiKey) {
    throw new HttpRefusal(403, 'forbidden', 'missing or wrong x-api-key header');
  }
  if (!isJsonContentType(req.headers['content-type'])) {
    throw new HttpRefusal(
      415,
      'unsupported_media_type',
      `content type '${(req.headers['content-type'] ?? '(none)').slice(0, 100)}' is not application/json`,
    );
  }
  const limit = options.maxBodyBytes ?? MAX_PAYLOAD_BYTES;
  const body = await readBody(
    req,
    limit,
    () => new HttpRefusal(413, 'too_large', `payload is over ${limit} bytes (one SQS message)`),
  );
  try {
    const json = parseJson(body, channel);
    validatePayload(json, intakeSchemaFor(channel, json), channel);
  } catch (error) {
    if (error instanceof RejectionError) {
      throw new HttpRefusal(error.code === 'too_large' ? 413 : 400, error.code, error.reason);
    }
    throw error;
  }
  return { channel, body };
}

function reply(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse, options: HttpIntakeOptions): Promise<void> {
  let accepted: { channel: Channel; body: string };
  try {
    accepted = await acceptRequest(req, options);
  } catch (error) {
    if (!(error instanceof HttpRefusal)) throw error;
    reply(res, error.status, { error: { code: error.code, reason: error.reason } }, { ...error.headers });
    // What the client still sends after a refusal is read and dropped, so it sees the answer, not a reset.
    req.resume();
    return;
  }
  let messageId: string;
  try {
    messageId = await options.send(accepted.channel, accepted.body);
  } catch (error) {
    reply(res, 503, {
      error: {
        code: 'queue_unavailable',
        reason: `the ${accepted.channel} intake queue refused the message`,
      },
    });
    options.onSendError?.(accepted.channel, error);
    return;
  }
  reply(res, 202, { messageId });
}

/** Starts the server on 127.0.0.1; resolves once it listens. */
export async function startHttpIntake(options: HttpIntakeOptions): Promise<RunningHttpIntake> {
  const server: Server = createServer((req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      if (!res.headersSent) {
        reply(res, 500, { error: { code: 'internal_error', reason: (error as Error).name } });
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
