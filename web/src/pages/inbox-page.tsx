import { useEffect, useRef, useState } from 'react';
import { useApp } from '../app-context.ts';
import { CaseRow } from '../components/case-row.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { clockOffset, plural } from '../format.ts';
import { useNow, usePoll } from '../hooks.ts';
import {
  arrivalAnnouncement,
  CHANNEL_ORDER,
  filterQuery,
  hottestFirst,
  type InboxFilter,
  isFiltered,
  newArrivals,
  ownersOf,
  TIER_ORDER,
  withFilter,
} from '../inbox-state.ts';
import { hrefFor } from '../router.ts';

/** How long a case that arrived while the page was open keeps its "New" label. */
const NEW_FOR_MS = 60_000;

export function InboxPage({ filter }: { filter: InboxFilter }) {
  const { api, owners, addOwners } = useApp();
  const query = filterQuery(filter);
  const cases = usePoll(`cases?${query}`, (signal) => api.listCases(filter, signal));
  const now = useNow(15_000);
  const [announcement, setAnnouncement] = useState('');
  const [fresh, setFresh] = useState<ReadonlyMap<string, number>>(new Map());
  const seen = useRef<{ query: string; ids: Set<string> }>(undefined);

  const rows = cases.data ? hottestFirst(cases.data.cases) : undefined;

  useEffect(() => {
    if (!cases.data) return;
    const list = cases.data.cases;
    const previous = seen.current?.query === query ? seen.current.ids : undefined;
    const arrivals = newArrivals(previous, list);
    seen.current = { query, ids: new Set(list.map((r) => r.caseId)) };
    addOwners(ownersOf(list));
    if (arrivals.length === 0) return;
    setAnnouncement(arrivalAnnouncement(arrivals));
    const at = Date.now();
    setFresh((m) => new Map([...m, ...arrivals.map((r) => [r.caseId, at] as const)]));
  }, [cases.data, query, addOwners]);

  // The banner (and the "New" labels) describe arrivals, not the state of the list: they fade after a while.
  useEffect(() => {
    if (!announcement) return;
    const id = setTimeout(() => setAnnouncement(''), NEW_FOR_MS);
    return () => clearTimeout(id);
  }, [announcement]);

  const ownerChoices = ownersOf([], [...owners, ...(filter.owner ? [filter.owner] : [])]);
  const go = (key: keyof InboxFilter, value: string) => {
    window.location.hash = hrefFor({ page: 'inbox', filter: withFilter(filter, key, value) });
  };
  const offsetMs =
    cases.data && cases.loadedAt !== undefined ? clockOffset(cases.data.generatedAt, cases.loadedAt) : 0;

  return (
    <>
      <h1 tabIndex={-1}>Open cases</h1>
      <p className="muted">
        Hottest first. The list refreshes by itself every few seconds while this tab is visible.
      </p>
      <search aria-label="Filter cases">
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="filter-owner">Owner</label>
            <select
              id="filter-owner"
              value={filter.owner ?? ''}
              onChange={(e) => go('owner', e.target.value)}
            >
              <option value="">Anyone</option>
              {ownerChoices.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-tier">Tier</label>
            <select id="filter-tier" value={filter.tier ?? ''} onChange={(e) => go('tier', e.target.value)}>
              <option value="">Any</option>
              {TIER_ORDER.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-channel">Channel</label>
            <select
              id="filter-channel"
              value={filter.channel ?? ''}
              onChange={(e) => go('channel', e.target.value)}
            >
              <option value="">Any</option>
              {CHANNEL_ORDER.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          {isFiltered(filter) ? (
            <a className="clear" href={hrefFor({ page: 'inbox', filter: {} })}>
              Clear filters
            </a>
          ) : null}
        </form>
      </search>

      <div className="live" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      <ErrorNotice error={cases.error} action="Loading cases" />

      {rows === undefined ? (
        cases.error ? null : (
          <p aria-busy="true">Loading cases…</p>
        )
      ) : (
        <>
          <p className="count">
            {plural(rows.length, 'open case')}
            {isFiltered(filter) ? ' match these filters' : ''}
          </p>
          {rows.length === 0 ? (
            <p className="empty">
              {isFiltered(filter)
                ? 'No open case matches these filters.'
                : 'No open cases. Nothing is heated right now.'}
            </p>
          ) : (
            <ol className="case-list" aria-label="Open cases, hottest first">
              {rows.map((row) => (
                <CaseRow
                  key={row.caseId}
                  row={row}
                  now={now}
                  offsetMs={offsetMs}
                  isNew={now - (fresh.get(row.caseId) ?? -Infinity) < NEW_FOR_MS}
                />
              ))}
            </ol>
          )}
        </>
      )}
    </>
  );
}
