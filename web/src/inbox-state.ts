/**
 * The inbox list's state as the URL holds it (so a filtered view can be bookmarked and shared), the
 * hottest-first order, and what is new since the last poll. No DOM: unit-tested in node.
 */
import type { CaseListRow, Channel, Tier } from '../../functions/core/inbox/views.ts';

export const TIER_ORDER: readonly Tier[] = ['critical', 'hot', 'warm', 'calm'];
export const CHANNEL_ORDER: readonly Channel[] = ['email', 'chat', 'social'];

export interface InboxFilter {
  readonly owner?: string;
  readonly tier?: Tier;
  readonly channel?: Channel;
}

/** The filter keys in the order they appear in a URL, so equal filters give equal URLs. */
const KEYS = ['owner', 'tier', 'channel'] as const;
const OWNER_MAX = 64;

function isTier(value: string): value is Tier {
  return (TIER_ORDER as readonly string[]).includes(value);
}

function isChannel(value: string): value is Channel {
  return (CHANNEL_ORDER as readonly string[]).includes(value);
}

/** Reads a filter from a query string; values the API would refuse are dropped, not sent. */
export function parseFilter(query: string | URLSearchParams): InboxFilter {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query;
  const owner = params.get('owner')?.trim();
  const tier = params.get('tier') ?? '';
  const channel = params.get('channel') ?? '';
  return {
    ...(owner && owner.length <= OWNER_MAX ? { owner } : {}),
    ...(isTier(tier) ? { tier } : {}),
    ...(isChannel(channel) ? { channel } : {}),
  };
}

/** "owner=amara&tier=hot": only the set filters, always in the same order. */
export function filterQuery(filter: InboxFilter): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

/** One filter changed; an empty value clears it. */
export function withFilter(filter: InboxFilter, key: keyof InboxFilter, value: string): InboxFilter {
  return parseFilter(filterQuery({ ...filter, [key]: value || undefined }));
}

export function isFiltered(filter: InboxFilter): boolean {
  return KEYS.some((key) => filter[key] !== undefined);
}

/**
 * Hottest first, as the API documents it: tier, then the deadline soonest first (overdue first), then case
 * id. The page sorts again so pages loaded at different times read as one list.
 */
export function hottestFirst(rows: readonly CaseListRow[]): CaseListRow[] {
  return [...rows].sort(
    (a, b) =>
      TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier) ||
      a.deadline.localeCompare(b.deadline) ||
      a.caseId.localeCompare(b.caseId),
  );
}

/**
 * The polled first page and the pages "Load more" read once, as one list: a case in both shows as the
 * first page (fresher) has it.
 */
export function mergePages(first: readonly CaseListRow[], more: readonly CaseListRow[]): CaseListRow[] {
  const fresh = new Set(first.map((r) => r.caseId));
  return hottestFirst([...first, ...more.filter((r) => !fresh.has(r.caseId))]);
}

/**
 * The rows "Load more" has read, with the page just read appended: a case read twice (its deadline moved
 * between two reads) keeps only its latest copy.
 */
export function appendPage(earlier: readonly CaseListRow[], page: readonly CaseListRow[]): CaseListRow[] {
  const latest = new Set(page.map((r) => r.caseId));
  return [...earlier.filter((r) => !latest.has(r.caseId)), ...page];
}

/** "3 critical · 12 hot · 100+ warm · 0 calm": open cases per tier, hottest first, as the API counted them. */
export function tierCountsLine(counts: Readonly<Record<Tier, { count: number; more: boolean }>>): string {
  return TIER_ORDER.map((tier) => `${counts[tier].count}${counts[tier].more ? '+' : ''} ${tier}`).join(' · ');
}

/** Rows whose case was not in the previous poll's list (none on the first poll: nothing is "new" yet). */
export function newArrivals(
  previous: ReadonlySet<string> | undefined,
  rows: readonly CaseListRow[],
): CaseListRow[] {
  if (previous === undefined) return [];
  return rows.filter((r) => !previous.has(r.caseId));
}

/** What a screen reader hears when cases arrive: tiers, never the customer's words. */
export function arrivalAnnouncement(arrivals: readonly CaseListRow[]): string {
  if (arrivals.length === 0) return '';
  const tiers = TIER_ORDER.map((tier) => [tier, arrivals.filter((r) => r.tier === tier).length] as const)
    .filter(([, n]) => n > 0)
    .map(([tier, n]) => `${n} ${tier}`);
  const noun = arrivals.length === 1 ? 'new case' : 'new cases';
  return `${arrivals.length} ${noun}: ${tiers.join(', ')}`;
}

/** Owners to offer in a select: the ones seen, sorted, without duplicates or unassigned. */
export function ownersOf(rows: readonly { owner: string | null }[], extra: readonly string[] = []): string[] {
  const owners = new Set<string>(extra.filter((o) => o.length > 0));
  for (const r of rows) if (r.owner) owners.add(r.owner);
  return [...owners].sort((a, b) => a.localeCompare(b));
}
