/**
 * Sign-in with the Cognito hosted UI: OAuth 2.0 authorization code + PKCE (RFC 7636), the flow for a
 * browser app that cannot keep a client secret. The pure parts are here (unit-tested in node); the
 * redirects and storage are in ./session.ts.
 */

/** Where and how to sign in, read from /config.json; `null` when the API needs no sign-in (local stack). */
export interface AuthSettings {
  /** `https://<prefix>.auth.<region>.amazoncognito.com`, no trailing slash. */
  readonly domain: string;
  readonly clientId: string;
  /** Must be one of the app client's callback URLs. */
  readonly redirectUri: string;
}

export interface AppConfig {
  readonly auth: AuthSettings | null;
  /** Prefix of the API's routes (API_ROUTES start with /api): '' means the page's own origin. */
  readonly apiBase: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function httpsOrigin(domain: string): string {
  const withScheme = /^https?:\/\//i.test(domain) ? domain : `https://${domain}`;
  return withScheme.replace(/\/+$/, '');
}

/**
 * Reads /config.json. The hosting writes `{ auth: { cognitoDomain, clientId, redirectUri } }`; the names
 * of functions/core/inbox/views.ts's InboxConfig (`domain`, `userPoolClientId`) are read too, and the
 * redirect defaults to the page's own origin.
 */
export function parseConfig(json: unknown, pageOrigin: string): AppConfig {
  if (typeof json !== 'object' || json === null || !('auth' in json)) {
    throw new ConfigError(
      '/config.json must be an object with an "auth" field (null when no sign-in is needed)',
    );
  }
  const { auth, apiBase } = json as { auth: unknown; apiBase?: unknown };
  const base = (text(apiBase) ?? '').replace(/\/+$/, '');
  if (auth === null) return { auth: null, apiBase: base };
  if (typeof auth !== 'object') throw new ConfigError('/config.json: "auth" must be null or an object');
  const a = auth as Record<string, unknown>;
  const domain = text(a.cognitoDomain) ?? text(a.domain);
  const clientId = text(a.clientId) ?? text(a.userPoolClientId);
  if (!domain || !clientId) {
    throw new ConfigError(
      '/config.json: "auth" needs the Cognito domain (cognitoDomain) and app client id (clientId)',
    );
  }
  return {
    auth: { domain: httpsOrigin(domain), clientId, redirectUri: text(a.redirectUri) ?? `${pageOrigin}/` },
    apiBase: base,
  };
}

/** Base64url without padding (RFC 4648 §5), as PKCE and JWTs use it. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** 32 random bytes → 43 characters: the verifier length RFC 7636 recommends, also fine as `state`. */
export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** S256: base64url(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export function authorizeUrl(auth: AuthSettings, p: { state: string; challenge: string }): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: 'openid',
    state: p.state,
    code_challenge: p.challenge,
    code_challenge_method: 'S256',
  });
  return `${auth.domain}/oauth2/authorize?${params}`;
}

/** The POST to /oauth2/token that trades the code (and the verifier only this browser knows) for tokens. */
export function tokenRequest(auth: AuthSettings, p: { code: string; verifier: string }) {
  return {
    url: `${auth.domain}/oauth2/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code: p.code,
      redirect_uri: auth.redirectUri,
      code_verifier: p.verifier,
    }).toString(),
  };
}

export type Callback =
  | { readonly kind: 'code'; readonly code: string; readonly state: string }
  | { readonly kind: 'error'; readonly message: string };

/** What the hosted UI put in the query string on its way back; `undefined` when this is no callback. */
export function readCallback(search: string): Callback | undefined {
  const params = new URLSearchParams(search);
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    return { kind: 'error', message: description ? `${error}: ${description}` : error };
  }
  const code = params.get('code');
  const state = params.get('state');
  if (code && state) return { kind: 'code', code, state };
  if (code || state) return { kind: 'error', message: 'the sign-in response lacks its code or state' };
  return undefined;
}

export interface StoredToken {
  readonly idToken: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

/** The token endpoint's answer, kept only as the ID token the API's Cognito authorizer checks. */
export function storedTokenFrom(json: unknown, now: number): StoredToken {
  const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const idToken = text(body.id_token);
  if (!idToken) {
    const reason = text(body.error_description) ?? text(body.error) ?? 'no id_token in the answer';
    throw new ConfigError(`sign-in could not be completed: ${reason}`);
  }
  const seconds = typeof body.expires_in === 'number' ? body.expires_in : 3600;
  return { idToken, expiresAt: now + seconds * 1000 };
}

/** Still usable for another minute, so a request does not leave with a token that expires on the way. */
export function isFresh(token: StoredToken | undefined, now: number): token is StoredToken {
  return token !== undefined && token.expiresAt - 60_000 > now;
}

/** Who is signed in, from the ID token's payload (display only: the API checks the signature). */
export function signedInAs(idToken: string): string | undefined {
  const payload = idToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
    const claims = JSON.parse(json) as Record<string, unknown>;
    return text(claims.email) ?? text(claims['cognito:username']) ?? text(claims.sub);
  } catch {
    return undefined;
  }
}
