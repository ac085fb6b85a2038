import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { StaffView } from '../../functions/core/inbox/views.ts';
import type { Api } from './api.ts';
import { AppContext, type AppContextValue } from './app-context.ts';
import { useRoute } from './hooks.ts';
import { CasePage } from './pages/case-page.tsx';
import { InboxPage } from './pages/inbox-page.tsx';
import { IncidentPage, IncidentsPage } from './pages/incidents-page.tsx';
import { hrefFor, type Route } from './router.ts';

const TITLES: Record<Route['page'], string> = {
  inbox: 'Open cases',
  case: 'Case',
  incidents: 'Incidents',
  incident: 'Incident',
  not_found: 'Page not found',
};

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'inbox':
      return <InboxPage filter={route.filter} />;
    case 'case':
      return <CasePage key={route.caseId} caseId={route.caseId} />;
    case 'incidents':
      return <IncidentsPage />;
    case 'incident':
      return <IncidentPage key={route.incidentId} incidentId={route.incidentId} />;
    case 'not_found':
      return (
        <>
          <h1 tabIndex={-1}>Page not found</h1>
          <p>
            There is no page at <code>{route.path}</code>. <a href="#/">Go to the open cases</a>.
          </p>
        </>
      );
  }
}

export function App({ api, user }: { api: Api; user: string | undefined }) {
  const route = useRoute();
  const [owners, setOwners] = useState<readonly string[]>([]);
  const addOwners = useCallback((more: readonly string[]) => {
    setOwners((known) =>
      more.every((o) => known.includes(o)) ? known : [...new Set([...known, ...more])].sort(),
    );
  }, []);
  const [staff, setStaff] = useState<{ list?: readonly StaffView[]; error?: unknown }>({});
  const context = useMemo<AppContextValue>(
    () => ({ api, owners, addOwners, staff: staff.list, staffError: staff.error }),
    [api, owners, addOwners, staff],
  );
  const main = useRef<HTMLElement>(null);
  const shownPage = useRef<string>(undefined);

  // Who a case can be reassigned to. Read once: the roster changes with `flashpoint roster load`, not by
  // the minute, and a reload picks up a new one.
  useEffect(() => {
    const controller = new AbortController();
    api.listStaff(controller.signal).then(
      (answer) => setStaff({ list: answer.staff }),
      (error: unknown) => {
        if (!controller.signal.aborted) setStaff({ error });
      },
    );
    return () => controller.abort();
  }, [api]);

  // After moving to another page (not another filter), focus its heading: keyboard and screen-reader
  // users start reading there instead of at the top of the document.
  const pageKey = route.page === 'inbox' ? 'inbox' : JSON.stringify(route);
  useEffect(() => {
    if (shownPage.current === pageKey) return;
    const first = shownPage.current === undefined;
    shownPage.current = pageKey;
    document.title = `${TITLES[route.page]} · Flashpoint inbox`;
    if (!first) main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [pageKey, route.page]);

  const current = (page: Route['page']) =>
    route.page === page || (page === 'incidents' && route.page === 'incident') ? 'page' : undefined;

  return (
    <AppContext.Provider value={context}>
      {/* A button, not <a href="#main">: the hash holds the route. */}
      <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <header className="site-header">
        <p className="brand">
          <span aria-hidden="true">◆</span> Flashpoint inbox
        </p>
        <nav aria-label="Main">
          <ul className="nav-list">
            <li>
              <a href={hrefFor({ page: 'inbox', filter: {} })} aria-current={current('inbox')}>
                Open cases
              </a>
            </li>
            <li>
              <a href={hrefFor({ page: 'incidents' })} aria-current={current('incidents')}>
                Incidents
              </a>
            </li>
          </ul>
        </nav>
        {user ? <p className="user">Signed in as {user}</p> : null}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} />
      </main>
    </AppContext.Provider>
  );
}
