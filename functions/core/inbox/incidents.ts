import { excerpt } from './case-detail.ts';
import { hottestFirst } from './list-row.ts';
import type { StoredIncident } from './ports.ts';
import type { StoredBrief } from './stored-brief.ts';
import type { CaseListRow, IncidentExampleView, IncidentSummary } from './views.ts';

const EXAMPLES = 3;

/** A case with its parsed brief: incidents show the cases' latest messages as examples. */
export interface CaseView {
  readonly row: CaseListRow;
  /** Absent when the stored brief could not be read: such a case counts, but is no example. */
  readonly brief?: StoredBrief;
}

/**
 * Incidents have no status of their own; one is open while any of its cases is. Deriving them from the
 * open cases needs no scan of the table and no index beyond the one the case list already reads.
 */
export function openIncidentIds(cases: readonly CaseView[]): string[] {
  return [...new Set(cases.flatMap((c) => (c.row.incidentId ? [c.row.incidentId] : [])))];
}

/** What is spiking, how many open cases are part of it, and up to 3 example messages. */
export function toIncidentSummary(incident: StoredIncident, cases: readonly CaseView[]): IncidentSummary {
  const mine = cases.filter((c) => c.row.incidentId === incident.incidentId);
  // The incident's own examples first (the cases that made it spike), then its hottest other cases.
  const exampleOrder = (c: CaseView) => {
    const at = incident.exampleCaseIds.indexOf(c.row.caseId);
    return at === -1 ? Number.MAX_SAFE_INTEGER : at;
  };
  const examples = mine
    .filter((c): c is CaseView & { brief: StoredBrief } => c.brief !== undefined)
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
    openCases: mine.filter((c) => c.row.status === 'open').length,
    examples,
    alertedAt: incident.alertedAt ?? null,
  };
}

function exampleView({ row, brief }: CaseView & { brief: StoredBrief }): IncidentExampleView {
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
