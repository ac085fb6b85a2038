/**
 * The browser side of sign-in: redirect to the hosted UI, finish the callback, keep the ID token in
 * sessionStorage (gone when the tab closes; never in localStorage or a cookie the API would accept).
 */
import {
  type AuthSettings,
  authorizeUrl,
  ConfigError,
  codeChallenge,
  isFresh,
  randomToken,
  readCallback,
  type StoredToken,
  signedInAs,
  storedTokenFrom,
  tokenRequest,
} from './pkce.ts';

const TOKEN_KEY = 'flashpoint.token';
const PENDING_KEY = 'flashpoint.signin';

export interface Session {
  /** The Authorization header value, or undefined when the API needs none. */
  authorization(): string | undefined;
  /** Forget the token and sign in again (the API answered 401); without sign-in, nothing to renew. */
  renew(): void;
  readonly user: string | undefined;
}

const NO_SIGN_IN: Session = {
  authorization: () => undefined,
  renew: () => {},
  user: undefined,
};

interface Pending {
  readonly state: string;
  readonly verifier: string;
  /** The page (hash route) to come back to. */
  readonly returnTo: string;
}

function read<T>(key: string): T | undefined {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

async function signIn(auth: AuthSettings): Promise<void> {
  const pending: Pending = { state: randomToken(), verifier: randomToken(), returnTo: window.location.hash };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  sessionStorage.removeItem(TOKEN_KEY);
  const challenge = await codeChallenge(pending.verifier);
  window.location.assign(authorizeUrl(auth, { state: pending.state, challenge }));
}

async function finishCallback(auth: AuthSettings, code: string, state: string): Promise<StoredToken> {
  const pending = read<Pending>(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!pending || pending.state !== state) {
    throw new ConfigError(
      'this sign-in response was not started from this tab; reload the page to sign in again',
    );
  }
  const request = tokenRequest(auth, { code, verifier: pending.verifier });
  const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
  const token = storedTokenFrom(await response.json().catch(() => ({})), Date.now());
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify(token));
  // Drop ?code=…&state=… from the address bar and history: a code is single-use anyway.
  window.history.replaceState(null, '', `${new URL(auth.redirectUri).pathname}${pending.returnTo}`);
  return token;
}

/** Resolves to a session, or to `undefined` while the page is on its way to the hosted UI. */
export async function startSession(auth: AuthSettings | null): Promise<Session | undefined> {
  if (auth === null) return NO_SIGN_IN;
  const callback = readCallback(window.location.search);
  if (callback?.kind === 'error') throw new ConfigError(`sign-in failed: ${callback.message}`);
  let token = callback
    ? await finishCallback(auth, callback.code, callback.state)
    : read<StoredToken>(TOKEN_KEY);
  if (!isFresh(token, Date.now())) {
    await signIn(auth);
    return undefined;
  }
  const current: StoredToken = token;
  let leaving = false;
  return {
    authorization: () => (isFresh(token, Date.now()) ? token.idToken : undefined),
    renew: () => {
      // Several polls can get their 401 at once: leave for the hosted UI once, with one pending state.
      if (leaving) return;
      leaving = true;
      token = undefined;
      void signIn(auth);
    },
    user: signedInAs(current.idToken),
  };
}
