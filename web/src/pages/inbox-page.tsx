import { useEffect, useRef, useState } from 'react';
import { CASE_PAGE_SIZE, type CaseListRow } from '../../../functions/core/inbox/views.ts';
import { useApp } from '../app-context.ts';
import { CaseRow } from '../components/case-row.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { clockOffset, plural } from '../format.ts';
import { useNow, usePoll } from '../hooks.ts';
import {
  appendPage,
  arrivalAnnouncement,
  CHANNEL_ORDER,
  filterQuery,
  type InboxFilter,
  isFiltered,
  mergePages,
  newArrivals,
  ownersOf,
  TIER_ORDER,
  tierCountsLine,
  withFilter,
} from '../inbox-state.ts';
import { hrefFor } from '../router.ts';

/** How long a case that arrived while the page was open keeps its "New" label. */
const NEW_FOR_MS = 60_000;

/**
 * Pages after the first, read once each by "Load more" for one filter (`query`). Only the first page polls:
 * polling every page would bring back reads that grow with the open cases.
 */
interface MorePages {
  readonly query: string;
  readonly rows: readonly CaseListRow[];
  readonly next: string | null;
  readonly loading: boolean;
  readonly error?: unknown;
}

export function InboxPage({ filter }: { filter: InboxFilter }) {
  const { api, owners, addOwners, staff } = useApp();
  const query = filterQuery(filter);
  const cases = usePoll(`cases?${query}`, (signal) => api.listCases(filter, signal));
  const now = useNow(15_000);
  const [announcement, setAnnouncement] = useState('');
  const [fresh, setFresh] = useState<ReadonlyMap<string, number>>(new Map());
  const seen = useRef<{ query: string; ids: Set<string> }>(undefined);
  const [pages, setPages] = useState<MorePages>();
  const more = pages?.query === query ? pages : undefined;

  const rows = cases.data ? mergePages(cases.data.cases, more?.rows ?? []) : undefined;
  const next = more ? more.next : (cases.data?.next ?? null);

  const loadMore = () => {
    if (!next || more?.loading) return;
    // The first "Load more" keeps the first page as it is now: a poll that later pushes some of its cases
    // down (hotter ones arrived) must not lose them, since the cursor has already passed them.
    const earlier = more?.rows ?? cases.data?.cases ?? [];
    setPages({ query, rows: earlier, next, loading: true });
    api.listCases(filter, undefined, next).then(
      (page) => setPages({ query, rows: appendPage(earlier, page.cases), next: page.next, loading: false }),
      (error: unknown) => setPages({ query, rows: earlier, next, loading: false, error }),
    );
  };

  useEffect(() => {
    if (!cases.data) return;
    const list = cases.data.cases;
    const previous = seen.current?.query === query ? seen.current.ids : undefined;
    const arrivals = newArrivals(previous, list);
    // A case read by "Load more" that climbs into the first page is not new.
    const loaded = (pages?.query === query ? pages.rows : []).map((r) => r.caseId);
    seen.current = { query, ids: new Set([...(previous ?? []), ...loaded, ...list.map((r) => r.caseId)]) };
    addOwners(ownersOf(list));
    if (arrivals.length === 0) return;
    setAnnouncement(arrivalAnnouncement(arrivals));
    const at = Date.now();
    setFresh((m) => new Map([...m, ...arrivals.map((r) => [r.caseId, at] as const)]));
  }, [cases.data, query, addOwners, pages]);

  // The banner (and the "New" labels) describe arrivals, not the state of the list: they fade after a while.
  useEffect(() => {
    if (!announcement) return;
    const id = setTimeout(() => setAnnouncement(''), NEW_FOR_MS);
    return () => clearTimeout(id);
  }, [announcement]);

  // The roster and the owners seen: a filtered list alone would offer only the owner filtered by.
  const ownerChoices = ownersOf(
    [],
    [...owners, ...(staff ?? []).map((s) => s.id), ...(filter.owner ? [filter.owner] : [])],
  );
  const go = (key: keyof InboxFilter, value: string) => {
    window.location.hash = hrefFor({ page: 'inbox', filter: withFilter(filter, key, value) });
  };
  const offsetMs =
    cases.data && cases.loadedAt !== undefined ? clockOffset(cases.data.generatedAt, cases.loadedAt) : 0;

  return (
    <>
      <h1 tabIndex={-1}>Open cases</h1>
      <p className="muted">
        Hottest first: tier, then the nearest deadline. The first {CASE_PAGE_SIZE} refresh by themselves every
        few seconds while this tab is visible.
      </p>
      {cases.data?.openByTier ? (
        <p className="tier-counts">Open now: {tierCountsLine(cases.data.openByTier)}</p>
      ) : null}
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
            {next ? ', more below' : ''}
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
          <ErrorNotice error={more?.error} action="Loading more cases" />
          {next ? (
            <p className="load-more">
              <button
                type="button"
                className="secondary"
                onClick={loadMore}
                disabled={more?.loading}
                aria-busy={more?.loading}
              >
                {more?.loading ? 'Loading…' : 'Load more'}
              </button>{' '}
              <span className="muted">
                read once, not refreshed: reload or change a filter for fresh ones
              </span>
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
