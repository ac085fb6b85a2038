import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningInboxServer, startInboxServer } from '../../local/http/inbox-server.ts';
import { resolveStatic } from '../../local/http/inbox-static.ts';

function builtPage(): string {
  const root = mkdtempSync(join(tmpdir(), 'inbox-web-'));
  mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>inbox</title>');
  writeFileSync(join(root, 'dist', 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'dist', 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'outside the build');
  return join(root, 'dist');
}

/** A raw request: fetch() would normalise `..` out of the path before it is sent. */
function get(
  base: string,
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('static files of the inbox page', () => {
  const root = builtPage();

  it.each([
    ['/', 'index.html', 'text/html; charset=utf-8'],
    ['/assets/index-abc.js', 'index-abc.js', 'text/javascript; charset=utf-8'],
    ['/assets/index-abc.css', 'index-abc.css', 'text/css; charset=utf-8'],
    ['/cases/k_1', 'index.html', 'text/html; charset=utf-8'],
  ])('%s serves %s as %s', async (path, file, contentType) => {
    const answer = await resolveStatic(root, path);
    expect(answer).toMatchObject({ kind: 'file', contentType });
    expect(answer.kind === 'file' && answer.path.endsWith(file)).toBe(true);
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2F..%2Fsecret.txt',
    '/..\\secret.txt',
    '/a%00b',
  ])('refuses %s, which would leave the build directory', async (path) => {
    expect(await resolveStatic(root, path)).toEqual({ kind: 'bad_path' });
  });

  it('says when a file is missing and when the page was never built', async () => {
    expect(await resolveStatic(root, '/assets/gone.js')).toEqual({ kind: 'not_found' });
    expect(await resolveStatic(join(root, 'nothing-here'), '/')).toEqual({ kind: 'not_built' });
  });
});

describe('inbox server', () => {
  const events: APIGatewayProxyEvent[] = [];
  let server: RunningInboxServer;
  let unbuilt: RunningInboxServer;

  beforeAll(async () => {
    const api = async (event: APIGatewayProxyEvent) => {
      events.push(event);
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
    };
    server = await startInboxServer({ port: 0, webRoot: builtPage(), api });
    unbuilt = await startInboxServer({ port: 0, webRoot: join(tmpdir(), 'no-such-inbox-build'), api });
  });
  afterAll(async () => {
    await server.stop();
    await unbuilt.stop();
  });

  it('serves the page with its content type, and index.html for client routes', async () => {
    const page = await get(server.url, '/');
    expect([page.status, page.headers['content-type'], page.body]).toEqual([
      200,
      'text/html; charset=utf-8',
      '<!doctype html><title>inbox</title>',
    ]);
    const asset = await get(server.url, '/assets/index-abc.js');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await get(server.url, '/incidents')).body).toContain('<title>inbox</title>');
    // The URL parser folds a literal `..` away (→ /secret.txt, not in the build); an encoded slash is refused.
    for (const [path, status] of [
      ['/../secret.txt', 404],
      ['/%2e%2e/secret.txt', 404],
      ['/assets/..%2F..%2Fsecret.txt', 400],
    ] as const) {
      const res = await get(server.url, path);
      expect([path, res.status]).toEqual([path, status]);
      expect(res.body).not.toContain('outside the build');
    }
  });

  it('answers /config.json with no sign-in', async () => {
    const res = await get(server.url, '/config.json');
    expect([res.status, JSON.parse(res.body)]).toEqual([200, { auth: null }]);
  });

  it('hands /api requests to the handler as API Gateway proxy events', async () => {
    const res = await get(server.url, '/api/cases/k_1/reassign?x=1&x=2&tier=hot', {
      method: 'POST',
      body: '{"owner":"bo"}',
      headers: { 'content-type': 'application/json' },
    });
    expect([res.status, res.body]).toEqual([200, '{"ok":true}']);
    expect(events.at(-1)).toMatchObject({
      httpMethod: 'POST',
      path: '/api/cases/k_1/reassign',
      queryStringParameters: { x: '2', tier: 'hot' },
      multiValueQueryStringParameters: { x: ['1', '2'], tier: ['hot'] },
      body: '{"owner":"bo"}',
      headers: { 'content-type': 'application/json' },
      requestContext: { authorizer: undefined, httpMethod: 'POST' },
    });
  });

  it('refuses a body over 64 KB with 413 before the handler sees it', async () => {
    const before = events.length;
    const res = await get(server.url, '/api/cases/k_1/outcomes', {
      method: 'POST',
      body: 'x'.repeat(70_000),
    });
    expect([res.status, JSON.parse(res.body).error]).toEqual([413, 'payload_too_large']);
    expect(events.length).toBe(before);
  });

  it('explains how to build the page when web/dist is missing, and still serves the API', async () => {
    const page = await get(unbuilt.url, '/');
    expect(page.status).toBe(503);
    expect(page.body).toContain('npm run build:web');
    expect((await get(unbuilt.url, '/api/cases')).status).toBe(200);
  });

  it('refuses to write to the page', async () => {
    const res = await get(server.url, '/index.html', { method: 'PUT', body: 'x' });
    expect([res.status, res.headers.allow]).toEqual([405, 'GET, HEAD']);
  });
});
