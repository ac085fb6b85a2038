import type { Brief } from '../brief/brief.ts';
import type { Channel } from '../contact.ts';
import { tierRank } from '../scoring/tier.ts';
import { customerLabel } from './customer-label.ts';
import type { StoredCase } from './ports.ts';
import type { CaseListRow, ReasonView } from './views.ts';

/**
 * The case attributes one list row reads. A case list served from an index needs these projected;
 * `brief` supplies the customer's label, the top reasons and the channels.
 */
export const LIST_ROW_ATTRIBUTES = [
  'caseId',
  'customerId',
  'status',
  'tier',
  'updatedAt',
  'owner',
  'deadline',
  'acknowledgedAt',
  'escalationLevel',
  'contactCount',
  'frustration',
  'viralRisk',
  'incidentId',
  'brief',
] as const satisfies readonly (keyof StoredCase)[];

const TOP_REASONS = 3;

/**
 * One row of the case list: scores with their top reasons, who owns it, by when, and where they wrote.
 * Without a readable brief (`null`) the row still shows, labelled by customer id, without reasons.
 */
export function toListRow(c: StoredCase): CaseListRow {
  const { brief } = c;
  return {
    caseId: c.caseId,
    customer: customerLabel({
      customerId: c.customerId,
      name: brief?.customer.name,
      keys: brief?.customer.keys,
    }),
    tier: c.tier,
    frustration: c.frustration,
    viralRisk: c.viralRisk,
    topReasons: brief ? topReasons(brief.whyHeated) : [],
    owner: c.owner,
    channels: brief ? channelsSeen(brief) : [],
    deadline: c.deadline,
    acknowledged: Boolean(c.acknowledgedAt),
    acknowledgedAt: c.acknowledgedAt ?? null,
    status: c.status,
    updatedAt: c.updatedAt,
    contactCount: c.contactCount,
    incidentId: c.incidentId ?? null,
    escalationLevel: c.escalationLevel,
  };
}

export function topReasons(reasons: readonly ReasonView[], limit = TOP_REASONS): ReasonView[] {
  return reasons
    .filter((r) => r.weight > 0)
    .toSorted((a, b) => b.weight - a.weight)
    .slice(0, limit)
    .map(({ signal, weight, detail }) => ({ signal, weight, detail }));
}

/** The latest message's channel first, then the others in the order the timeline (newest first) shows them. */
export function channelsSeen(brief: Pick<Brief, 'latestMessage' | 'timeline'>): Channel[] {
  return [...new Set([brief.latestMessage.channel, ...brief.timeline.map((t) => t.channel)])];
}

/**
 * Hottest first: tier, then the deadline soonest first (overdue first), then case id. The order the case
 * index keeps (infra/resources.ts, GSI3), so a page read from it is in list order as it comes.
 */
export function hottestFirst(a: CaseListRow, b: CaseListRow): number {
  return (
    tierRank(b.tier) - tierRank(a.tier) ||
    a.deadline.localeCompare(b.deadline) ||
    a.caseId.localeCompare(b.caseId)
  );
}
