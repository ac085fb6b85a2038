import type { Brief } from '../brief/brief.ts';
import { tierRank } from '../scoring/tier.ts';
import { excerpt } from './case-detail.ts';
import { hottestFirst } from './list-row.ts';
import type { IncidentCaseEntry, StoredIncident } from './ports.ts';
import {
  type CaseListRow,
  INCIDENT_COUNT_CAP,
  type IncidentExampleView,
  type IncidentSummary,
} from './views.ts';

const EXAMPLES = 3;

/**
 * Case-index entries one incidents request may evaluate (~200 bytes each: at most ~25 read units), however
 * many cases are open. Incidents have no status of their own; one is open while any of its cases is, and
 * the index holds each open case's incident, so finding them needs no case read.
 */
export const INCIDENT_SCAN_BUDGET = 1_000;

/** A case with its parsed brief: incidents show the cases' latest messages as examples. */
export interface CaseView {
  readonly row: CaseListRow;
  /** Absent when the stored brief could not be read: such a case counts, but is no example. */
  readonly brief?: Brief;
}

/** An incident's open cases as counted for its summary. */
export interface OpenCount {
  readonly count: number;
  readonly more: boolean;
}

/**
 * The incidents with open cases among `entries`, the one whose latest case was decided most recently (the
 * latest deadline) first, at most `max`; `more` when others were left out.
 */
export function incidentsFound(
  entries: readonly IncidentCaseEntry[],
  max: number,
): { ids: string[]; more: boolean } {
  const latest = new Map<string, string>();
  for (const e of entries) {
    const seen = latest.get(e.incidentId);
    if (seen === undefined || e.deadline > seen) latest.set(e.incidentId, e.deadline);
  }
  const ids = [...latest]
    .toSorted(([a, da], [b, db]) => db.localeCompare(da) || a.localeCompare(b))
    .map(([id]) => id);
  return { ids: ids.slice(0, max), more: ids.length > max };
}

/** `n` open cases found, counted up to the cap; an incomplete read makes any count a lower bound. */
export function openCount(n: number, complete: boolean, cap = INCIDENT_COUNT_CAP): OpenCount {
  return { count: Math.min(n, cap), more: n > cap || !complete };
}

/** Hottest tier first, then the latest deadline (the most recently decided), then case id. */
function hottestEntryFirst(a: IncidentCaseEntry, b: IncidentCaseEntry): number {
  return (
    tierRank(b.tier) - tierRank(a.tier) ||
    b.deadline.localeCompare(a.deadline) ||
    a.caseId.localeCompare(b.caseId)
  );
}

/** The ids of `entries` worth reading first, at most `max`: the hottest, then the most recently decided. */
export function hottestCaseIds(entries: readonly IncidentCaseEntry[], max: number): string[] {
  return entries
    .toSorted(hottestEntryFirst)
    .slice(0, max)
    .map((e) => e.caseId);
}

/**
 * The cases to read for an incident's examples (`mine`: its open cases as the index holds them): its own
 * example cases that are still open first, then its hottest others; only as many as are shown.
 */
export function exampleCaseIds(incident: StoredIncident, mine: readonly IncidentCaseEntry[]): string[] {
  const open = new Set(mine.map((e) => e.caseId));
  const own = incident.exampleCaseIds.filter((id) => open.has(id));
  const others = hottestCaseIds(
    mine.filter((e) => !own.includes(e.caseId)),
    EXAMPLES,
  );
  return [...own, ...others].slice(0, EXAMPLES);
}

/** What is spiking, how many open cases are part of it (`open`), and up to 3 example messages from `cases`. */
export function toIncidentSummary(
  incident: StoredIncident,
  cases: readonly CaseView[],
  open: OpenCount,
): IncidentSummary {
  const mine = cases.filter((c) => c.row.incidentId === incident.incidentId);
  // The incident's own examples first (the cases that made it spike), then its hottest other cases.
  const exampleOrder = (c: CaseView) => {
    const at = incident.exampleCaseIds.indexOf(c.row.caseId);
    return at === -1 ? Number.MAX_SAFE_INTEGER : at;
  };
  const examples = mine
    .filter((c): c is CaseView & { brief: Brief } => c.brief !== undefined)
    .toSorted((a, b) => exampleOrder(a) - exampleOrder(b) || hottestFirst(a.row, b.row))
    .slice(0, EXAMPLES)
    .map(exampleView);
  return {
    incidentId: incident.incidentId,
    topic: incident.topic,
    label: incident.label,
    topTerms: [...incident.topTerms],
    windowStart: incident.windowStart,
    windowEnd: incident.windowEnd,
    openedAt: incident.openedAt,
    mentions: incident.mentions,
    expected: incident.expected,
    linkedContacts: incident.linkedContacts,
    openCases: open.count,
    openCasesMore: open.more,
    examples,
    alertedAt: incident.alertedAt ?? null,
  };
}

function exampleView({ row, brief }: CaseView & { brief: Brief }): IncidentExampleView {
  return {
    caseId: row.caseId,
    customer: row.customer,
    channel: brief.latestMessage.channel,
    receivedAt: brief.latestMessage.receivedAt,
    tier: row.tier,
    excerpt: excerpt(brief.latestMessage.text),
  };
}

/** Most recently opened first. */
export function newestIncidentFirst(a: IncidentSummary, b: IncidentSummary): number {
  return b.openedAt.localeCompare(a.openedAt) || a.incidentId.localeCompare(b.incidentId);
}
