import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api.ts';
import { App } from './app.tsx';
import { parseConfig } from './auth/pkce.ts';
import { startSession } from './auth/session.ts';
import './styles.css';

function StartupError({ message }: { message: string }) {
  return (
    <main id="main" className="startup">
      <h1>The inbox could not start</h1>
      <p role="alert">{message}</p>
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </p>
    </main>
  );
}

async function boot(root: ReturnType<typeof createRoot>): Promise<void> {
  // /config.json says whether and where to sign in: null on the local stack, Cognito in AWS.
  const response = await fetch(new URL('config.json', document.baseURI), {
    headers: { accept: 'application/json' },
  });
  if (!response.ok)
    throw new Error(`config.json answered ${response.status}; is the inbox served by the stack?`);
  const config = parseConfig(await response.json(), window.location.origin);
  const session = await startSession(config.auth);
  if (!session) return; // on the way to the sign-in page
  const api = createApi({
    base: config.apiBase,
    authorization: () => session.authorization(),
    onUnauthorized: () => session.renew(),
  });
  root.render(
    <StrictMode>
      <App api={api} user={session.user} />
    </StrictMode>,
  );
}

const element = document.getElementById('root');
if (element) {
  const root = createRoot(element);
  boot(root).catch((error: unknown) => {
    root.render(<StartupError message={error instanceof Error ? error.message : String(error)} />);
  });
}
