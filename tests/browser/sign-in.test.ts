/**
 * The page's Cognito sign-in (authorization code + PKCE) in a real browser. Cognito's hosted UI has no
 * local emulator, so a small server stands in for it: /oauth2/authorize and /oauth2/token as Cognito
 * answers them (a 302 back with code and state; tokens for a code and the verifier whose S256 challenge
 * was sent), beside the built page, a /config.json naming that server, and an /api that wants the ID token.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_ROOT } from '../../local/http/inbox-edge.ts';
import { resolveStatic } from '../../local/http/inbox-static.ts';
import { launchChromium } from './chromium.ts';

declare const sessionStorage: { readonly length: number; key(i: number): string | null };
declare const localStorage: { readonly length: number };

const CLIENT_ID = 'inbox-test-client';
const base64url = (bytes: Buffer) => bytes.toString('base64url');

interface FakeCognito {
  readonly origin: string;
  /** Every /oauth2/authorize request's query. */
  readonly authorizations: URLSearchParams[];
  /** Every /oauth2/token request's form. */
  readonly tokenRequests: URLSearchParams[];
  /** The Authorization header of every /api request. */
  readonly apiAuthorizations: (string | undefined)[];
  /** The ID tokens the API accepts; clearing it makes the API answer 401, as for an expired token. */
  readonly validTokens: Set<string>;
  readonly server: Server;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

async function startFakeCognito(): Promise<FakeCognito> {
  const challenges = new Map<string, string>();
  let issued = 0;
  const fake = {
    authorizations: [] as URLSearchParams[],
    tokenRequests: [] as URLSearchParams[],
    apiAuthorizations: [] as (string | undefined)[],
    validTokens: new Set<string>(),
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/config.json') {
      return json(200, { auth: { cognitoDomain: origin, clientId: CLIENT_ID, redirectUri: `${origin}/` } });
    }
    if (url.pathname === '/oauth2/authorize') {
      fake.authorizations.push(url.searchParams);
      const code = `code-${fake.authorizations.length}`;
      challenges.set(code, url.searchParams.get('code_challenge') ?? '');
      const back = new URL(url.searchParams.get('redirect_uri') ?? '/');
      back.search = new URLSearchParams({ code, state: url.searchParams.get('state') ?? '' }).toString();
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/oauth2/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      fake.tokenRequests.push(form);
      const verifier = form.get('code_verifier') ?? '';
      const expected = challenges.get(form.get('code') ?? '');
      const derived = base64url(createHash('sha256').update(verifier).digest());
      if (form.get('client_id') !== CLIENT_ID || expected === undefined || derived !== expected) {
        return json(400, { error: 'invalid_grant' });
      }
      challenges.delete(form.get('code') ?? '');
      issued += 1;
      const claims = base64url(Buffer.from(JSON.stringify({ email: 'amara@example.com', n: issued })));
      const idToken = `header.${claims}.signature`;
      fake.validTokens.add(idToken);
      return json(200, { id_token: idToken, access_token: 'access', token_type: 'Bearer', expires_in: 3600 });
    }
    if (url.pathname.startsWith('/api/')) {
      const authorization = req.headers.authorization;
      fake.apiAuthorizations.push(authorization);
      if (!authorization || !fake.validTokens.has(authorization))
        return json(401, { message: 'Unauthorized' });
      const generatedAt = new Date().toISOString();
      return json(
        200,
        url.pathname === '/api/incidents' ? { incidents: [], generatedAt } : { cases: [], generatedAt },
      );
    }
    const answer = await resolveStatic(DEFAULT_WEB_ROOT, url.pathname);
    if (answer.kind !== 'file') {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': answer.contentType });
    createReadStream(answer.path).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { ...fake, origin, server };
}

let cognito: FakeCognito;
let browser: Browser;

beforeAll(async () => {
  cognito = await startFakeCognito();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => cognito?.server.close(resolve));
});

describe('signing in to the inbox with the Cognito hosted UI', () => {
  it('signs in with code + PKCE, comes back to the page it was on, and calls the API with the ID token', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${cognito.origin}/#/incidents`);
    await page.getByText('Signed in as amara@example.com').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();

    // Back on the page it started from, with the single-use code gone from the address bar.
    expect(page.url()).toBe(`${cognito.origin}/#/incidents`);
    const authorize = cognito.authorizations[0];
    expect(authorize?.get('response_type')).toBe('code');
    expect(authorize?.get('client_id')).toBe(CLIENT_ID);
    expect(authorize?.get('code_challenge_method')).toBe('S256');
    expect(authorize?.get('redirect_uri')).toBe(`${cognito.origin}/`);
    // The verifier went only to the token endpoint, and its challenge matched (else no token was issued).
    expect(cognito.tokenRequests[0]?.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cognito.validTokens.size).toBe(1);
    const [token] = [...cognito.validTokens];
    expect(cognito.apiAuthorizations.at(-1)).toBe(token);

    // The token lives in this tab's sessionStorage only; the verifier is gone once used.
    const stored = await page.evaluate(() => ({
      keys: Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.key(i)),
      local: localStorage.length,
    }));
    expect(stored).toEqual({ keys: ['flashpoint.token'], local: 0 });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('signs in again when the API answers 401, and carries on with the new token', async () => {
    const page = await browser.newPage();
    await page.goto(`${cognito.origin}/#/`);
    await page.getByText('No open cases. Nothing is heated right now.').waitFor();
    const signInsBefore = cognito.authorizations.length;

    cognito.validTokens.clear();
    // The next poll (every 4 s) gets a 401 and leaves for the hosted UI, which sends it straight back.
    await expect.poll(() => cognito.validTokens.size, { timeout: 30_000, interval: 250 }).toBe(1);
    await page.getByText('No open cases. Nothing is heated right now.').waitFor();
    expect(cognito.authorizations.length).toBe(signInsBefore + 1);
    expect(cognito.apiAuthorizations.at(-1)).toBe([...cognito.validTokens][0]);
    await page.close();
  });
});
