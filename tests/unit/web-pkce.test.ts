import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  base64url,
  ConfigError,
  codeChallenge,
  isFresh,
  parseConfig,
  randomToken,
  readCallback,
  signedInAs,
  storedTokenFrom,
  tokenRequest,
} from '../../web/src/auth/pkce.ts';

const AUTH = {
  domain: 'https://flashpoint-inbox.auth.eu-west-1.amazoncognito.com',
  clientId: 'abc123client',
  redirectUri: 'https://d111.cloudfront.net/',
};

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes 43-character URL-safe verifiers that differ every time', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
    expect(base64url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
  });

  it('sends the browser to the hosted UI with the code flow, the challenge and the state', () => {
    const url = new URL(authorizeUrl(AUTH, { state: 'st4te', challenge: 'ch4llenge' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${AUTH.domain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'abc123client',
      redirect_uri: 'https://d111.cloudfront.net/',
      scope: 'openid',
      state: 'st4te',
      code_challenge: 'ch4llenge',
      code_challenge_method: 'S256',
    });
  });

  it('trades the code and verifier at /oauth2/token as a form post', () => {
    const req = tokenRequest(AUTH, { code: 'c0de', verifier: 'v3rifier' });
    expect(req.url).toBe(`${AUTH.domain}/oauth2/token`);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'abc123client',
      code: 'c0de',
      redirect_uri: 'https://d111.cloudfront.net/',
      code_verifier: 'v3rifier',
    });
  });
});

describe('the callback and the token', () => {
  it('reads the code and state, or the hosted UI error, from the query string', () => {
    expect(readCallback('?code=abc&state=xyz')).toEqual({ kind: 'code', code: 'abc', state: 'xyz' });
    expect(readCallback('?error=access_denied&error_description=user+said+no')).toEqual({
      kind: 'error',
      message: 'access_denied: user said no',
    });
    expect(readCallback('?code=abc')).toEqual({
      kind: 'error',
      message: 'the sign-in response lacks its code or state',
    });
    expect(readCallback('')).toBeUndefined();
  });

  it('keeps the ID token with its expiry, and refuses an answer without one', () => {
    const now = 1_000_000;
    expect(storedTokenFrom({ id_token: 'h.p.s', access_token: 'x', expires_in: 3600 }, now)).toEqual({
      idToken: 'h.p.s',
      expiresAt: now + 3_600_000,
    });
    expect(() => storedTokenFrom({ error: 'invalid_grant' }, now)).toThrow(
      'sign-in could not be completed: invalid_grant',
    );
    expect(isFresh({ idToken: 't', expiresAt: now + 120_000 }, now)).toBe(true);
    expect(isFresh({ idToken: 't', expiresAt: now + 30_000 }, now)).toBe(false);
    expect(isFresh(undefined, now)).toBe(false);
  });

  it('shows who is signed in from the token payload', () => {
    const payload = base64url(
      new TextEncoder().encode(JSON.stringify({ email: 'amara@example.com', sub: 'u1' })),
    );
    expect(signedInAs(`h.${payload}.s`)).toBe('amara@example.com');
    expect(signedInAs('not-a-jwt')).toBeUndefined();
  });
});

describe('/config.json', () => {
  it('needs no sign-in when auth is null (the local stack)', () => {
    expect(parseConfig({ auth: null }, 'http://127.0.0.1:8787')).toEqual({ auth: null, apiBase: '' });
  });

  it('reads the hosting fields, adding https:// to a bare domain', () => {
    const config = parseConfig(
      {
        auth: {
          cognitoDomain: 'fp.auth.eu-west-1.amazoncognito.com',
          clientId: 'c1',
          redirectUri: 'https://x.net/',
        },
      },
      'https://x.net',
    );
    expect(config.auth).toEqual({
      domain: 'https://fp.auth.eu-west-1.amazoncognito.com',
      clientId: 'c1',
      redirectUri: 'https://x.net/',
    });
  });

  it("also reads views.ts's InboxConfig names, redirecting back to the page's origin", () => {
    const config = parseConfig(
      {
        auth: {
          domain: 'https://fp.auth.x.amazoncognito.com/',
          userPoolClientId: 'c2',
          region: 'x',
          userPoolId: 'p',
        },
      },
      'https://inbox.example.com',
    );
    expect(config.auth).toEqual({
      domain: 'https://fp.auth.x.amazoncognito.com',
      clientId: 'c2',
      redirectUri: 'https://inbox.example.com/',
    });
  });

  it('refuses a config it cannot sign in with, saying what is missing', () => {
    expect(() => parseConfig({}, 'https://x')).toThrow(ConfigError);
    expect(() => parseConfig({ auth: { clientId: 'c' } }, 'https://x')).toThrow(/Cognito domain/);
  });
});
