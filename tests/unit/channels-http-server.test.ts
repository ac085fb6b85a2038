import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../functions/core/contact.ts';
import { isJsonContentType, type RunningHttpIntake, startHttpIntake } from '../../local/http/server.ts';
import { readFixture } from '../fixtures/email/builders.ts';
import { chatPayload, emailPayload, socialPayload } from '../helpers/factories.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

const sent: { channel: Channel; body: string }[] = [];
let failSends = false;
let server: RunningHttpIntake;
let keyed: RunningHttpIntake;

beforeAll(async () => {
  const send = async (channel: Channel, body: string) => {
    if (failSends) throw new Error('queue down');
    sent.push({ channel, body });
    return `m-${sent.length}`;
  };
  server = await startHttpIntake({ port: 0, send });
  keyed = await startHttpIntake({ port: 0, send, apiKey: 'k-123' });
});

afterAll(async () => {
  await server?.stop();
  await keyed?.stop();
});

/** One request with node:http, so headers (or their absence) and chunked bodies are exactly as written. */
function call(
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunked?: boolean;
    to?: RunningHttpIntake;
  } = {},
): Promise<Reply> {
  const target = options.to ?? server;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path,
        method: options.method ?? 'POST',
        headers: options.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: text ? JSON.parse(text) : undefined,
          });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) {
      if (options.chunked) {
        const body = Buffer.from(options.body);
        for (let at = 0; at < body.length; at += 16_384) req.write(body.subarray(at, at + 16_384));
      } else {
        req.write(options.body);
      }
    }
    req.end();
  });
}

const json = { 'content-type': 'application/json' };

describe('local HTTP intake', () => {
  it('binds to 127.0.0.1 only', () => {
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
  });

  it.each([
    ['chat', chatPayload('Where is my parcel?')],
    ['social', socialPayload()],
    ['email', emailPayload('Still no refund.')],
    ['email', JSON.stringify({ rawMime: Buffer.from(readFixture('gmail-forward.eml')).toString('base64') })],
  ] as const)(
    'accepts a valid %s body with 202 and the message id, queuing the body unchanged',
    async (channel, body) => {
      // Prepare
      const before = sent.length;

      // Act
      const reply = await call(`/v1/${channel}`, {
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
      });

      // Assess
      expect(reply.status).toBe(202);
      expect(reply.json).toEqual({ messageId: `m-${before + 1}` });
      expect(sent.at(-1)).toEqual({ channel, body });
    },
  );

  it.each([
    [
      'malformed JSON',
      '/v1/chat',
      '{"conversationId": "c-1", "turns": [',
      400,
      'malformed_json',
      'chat payload is not valid JSON',
    ],
    [
      'a missing field',
      '/v1/social',
      JSON.stringify({ platform: 'x', postId: '1' }),
      400,
      'missing_field',
      "'author'",
    ],
    ['a wrong field', '/v1/chat', chatPayload('hi', { turns: [] }), 400, 'invalid_field', "'turns'"],
    [
      'a mail without its sender',
      '/v1/email',
      JSON.stringify({ messageId: '<a@b.c>', text: 'hi' }),
      400,
      'missing_field',
      "email payload field 'from'",
    ],
    [
      'an empty rawMime',
      '/v1/email',
      JSON.stringify({ rawMime: '' }),
      400,
      'invalid_field',
      "email payload field 'rawMime'",
    ],
    ['an unknown channel', '/v1/fax', '{}', 404, 'unknown_channel', "unknown channel 'fax'"],
    ['an unknown route', '/v2/chat', '{}', 404, 'not_found', 'no route /v2/chat'],
  ])(
    'refuses %s with %i and a machine-readable reason, queuing nothing',
    async (_what, path, body, status, code, reason) => {
      // Prepare
      const before = sent.length;

      // Act
      const reply = await call(path, { headers: json, body });

      // Assess
      expect(reply.status).toBe(status);
      expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(reply.json).toEqual({ error: { code, reason: expect.stringContaining(reason) } });
      expect(sent.length).toBe(before);
    },
  );

  it('refuses a body over 256 KB with 413, whether its length is declared or streamed', async () => {
    const big = chatPayload('a'.repeat(300_000));
    const declared = await call('/v1/chat', { headers: json, body: big });
    const streamed = await call('/v1/chat', {
      headers: { ...json, 'transfer-encoding': 'chunked' },
      body: big,
      chunked: true,
    });
    for (const reply of [declared, streamed]) {
      expect(reply.status).toBe(413);
      expect(reply.json).toEqual({
        error: { code: 'too_large', reason: 'payload is over 262144 bytes (one SQS message)' },
      });
    }
  });

  it('refuses a body that is not application/json with 415', async () => {
    const reply = await call('/v1/email', {
      headers: { 'content-type': 'message/rfc822' },
      body: 'From: a@b.c\r\n\r\nhi',
    });
    expect(reply.status).toBe(415);
    expect(reply.json).toEqual({
      error: {
        code: 'unsupported_media_type',
        reason: "content type 'message/rfc822' is not application/json",
      },
    });
    expect((await call('/v1/chat', { body: chatPayload('hi') })).status).toBe(415);
  });

  it('refuses a method other than POST with 405 and an Allow header', async () => {
    const reply = await call('/v1/chat', { method: 'GET' });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('POST');
    expect(reply.json).toEqual({ error: { code: 'method_not_allowed', reason: 'use POST on /v1/chat' } });
  });

  it('requires x-api-key when a key is configured', async () => {
    const body = chatPayload('hi');
    const missing = await call('/v1/chat', { to: keyed, headers: json, body });
    const wrong = await call('/v1/chat', { to: keyed, headers: { ...json, 'x-api-key': 'nope' }, body });
    const right = await call('/v1/chat', { to: keyed, headers: { ...json, 'x-api-key': 'k-123' }, body });
    expect([missing.status, wrong.status, right.status]).toEqual([403, 403, 202]);
    expect(missing.json).toEqual({
      error: { code: 'forbidden', reason: 'missing or wrong x-api-key header' },
    });
  });

  it('answers 503 queue_unavailable when the queue refuses, so the caller knows to retry', async () => {
    failSends = true;
    try {
      const reply = await call('/v1/chat', { headers: json, body: chatPayload('hi') });
      expect(reply.status).toBe(503);
      expect(reply.json).toEqual({
        error: { code: 'queue_unavailable', reason: 'the chat intake queue refused the message' },
      });
    } finally {
      failSends = false;
    }
  });

  it('reads content types the way API Gateway matches them', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=UTF-8')).toBe(true);
    expect(isJsonContentType('application/json-patch+json')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });
});
