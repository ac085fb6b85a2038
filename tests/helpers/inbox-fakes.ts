import type { Brief } from '../../functions/core/brief/brief.ts';
import type {
  CasePage,
  CasePageQuery,
  InboxOperations,
  InboxReader,
  IncidentCaseQuery,
  IncidentCaseScan,
  StoredCase,
  StoredIncident,
  StoredOutcome,
  StoredPromise,
  TierCounts,
} from '../../functions/core/inbox/ports.ts';
import { CaseOperationError } from '../../functions/core/operations-port.ts';
import type { Outcome } from '../../functions/core/outcomes.ts';
import { CLOSING_KINDS } from '../../functions/core/outcomes.ts';
import type { StaffMember } from '../../functions/core/routing/roster.ts';
import { TIERS, type Tier } from '../../functions/core/scoring/tier.ts';

export const caseId = (n: number) => `k_${n.toString(16).padStart(32, '0')}`;
export const incidentId = (n: number) => `i_${n.toString(16).padStart(32, '0')}`;

type BriefInput = Omit<Partial<Brief>, 'customer' | 'latestMessage'> & {
  customer?: Partial<Brief['customer']>;
  latestMessage?: Partial<Brief['latestMessage']>;
};

/** A brief as the reader hands it over: whole (functions/core/brief/brief.ts). */
export function aBrief(id: string, b: BriefInput = {}): Brief {
  return {
    caseId: id,
    owner: 'amara',
    deadline: '2026-11-20T12:00:00.000Z',
    suggestedOpening: 'Dana, you have now contacted us 3 times.',
    whyHeated: [
      { signal: 'repeat_contact', weight: 30, detail: '3rd contact' },
      { signal: 'broken_promise', weight: 20, detail: 'a promise was broken' },
      { signal: 'anger_words', weight: 12, detail: 'angry words' },
      { signal: 'public_post', weight: 8, detail: 'posted publicly' },
    ],
    timeline: [],
    alreadyTried: [],
    promises: { open: [], broken: [] },
    scores: { frustration: 70, viralRisk: 20, tier: 'hot' },
    ...b,
    customer: {
      customerId: 'u_1',
      name: 'Dana Whitfield',
      keys: { email: 'dana.whitfield@example.com' },
      contactsSoFar: 3,
      ...b.customer,
    },
    latestMessage: {
      contactId: 'c_1',
      channel: 'email',
      receivedAt: '2026-11-20T08:00:00.000Z',
      text: 'This is the third time I have come in.',
      ...b.latestMessage,
    },
  };
}

export function aStoredCase(
  n: number,
  c: Partial<Omit<StoredCase, 'brief'>> = {},
  brief: BriefInput = {},
): StoredCase {
  const id = c.caseId ?? caseId(n);
  return {
    caseId: id,
    customerId: `u_${n}`,
    status: 'open',
    tier: 'hot',
    openedAt: '2026-11-14T08:00:00.000Z',
    updatedAt: '2026-11-20T08:00:00.000Z',
    owner: 'amara',
    deadline: '2026-11-20T12:00:00.000Z',
    acknowledgedAt: null,
    escalationLevel: 0,
    contactCount: 3,
    frustration: 70,
    viralRisk: 20,
    ...c,
    brief: aBrief(id, brief),
  };
}

/** An incident item of the app-login topic, as the spike store keeps it. */
export function aStoredIncident(n: number, s: Partial<StoredIncident> = {}): StoredIncident {
  return {
    incidentId: incidentId(n),
    topic: 'app_login',
    label: 'app login',
    windowStart: '2026-11-20T09:00:00.000Z',
    windowEnd: '2026-11-20T09:15:00.000Z',
    openedAt: '2026-11-20T09:15:00.000Z',
    mentions: 9,
    expected: 1,
    linkedContacts: 2,
    topTerms: ['login'],
    exampleCaseIds: [],
    ...s,
  };
}

/** A roster entry as `flashpoint roster load` stores it, capacity and topics included. */
export function aStaffMember(id: string, s: Partial<StaffMember> = {}): StaffMember {
  return {
    id,
    name: id[0]?.toUpperCase() + id.slice(1),
    channels: ['email', 'chat'],
    languages: ['en'],
    topics: ['billing'],
    capacity: 5,
    onShift: true,
    ...s,
  };
}

/** An in-memory inbox store with the adapter's rules: unknown case, closed case, unknown owner. */
export class MemoryInbox implements InboxReader, InboxOperations {
  readonly cases = new Map<string, StoredCase>();
  readonly outcomes = new Map<string, StoredOutcome[]>();
  readonly promises = new Map<string, StoredPromise[]>();
  readonly incidents = new Map<string, StoredIncident>();
  readonly roster: StaffMember[] = [aStaffMember('amara'), aStaffMember('bo')];
  /** Every outcome handed to recordOutcome, as validated. */
  readonly recorded: Outcome[] = [];

  constructor(cases: readonly StoredCase[] = []) {
    for (const c of cases) this.cases.set(c.caseId, c);
  }

  async openCases(options: { owner?: string } = {}) {
    return [...this.cases.values()].filter(
      (c) => c.status === 'open' && (!options.owner || c.owner === options.owner),
    );
  }
  /** Every page asked for, as asked: how many cases a list request read. */
  readonly pageQueries: CasePageQuery[] = [];

  /** The index's order: tiers hottest first; within one, deadline soonest first (ties by case id). */
  async openCasePage(query: CasePageQuery): Promise<CasePage> {
    this.pageQueries.push(query);
    const tiers = query.tier ? [query.tier] : TIERS.toReversed();
    const key = (c: StoredCase) => `${c.deadline}|${c.caseId}`;
    const fromTier = query.from ? tiers.indexOf(query.from.tier) : 0;
    const after = query.from?.after;
    const queue = tiers.slice(Math.max(0, fromTier)).flatMap((tier, i) =>
      [...this.cases.values()]
        .filter((c) => c.status === 'open' && c.tier === tier && (!query.owner || c.owner === query.owner))
        .filter((c) => i > 0 || !after || key(c) > `${after.deadline}|${after.caseId}`)
        .toSorted((a, b) => key(a).localeCompare(key(b))),
    );
    const cases = queue.slice(0, query.limit);
    const last = cases.at(-1);
    return queue.length > query.limit && last
      ? { cases, next: { tier: last.tier, after: { deadline: last.deadline, caseId: last.caseId } } }
      : { cases };
  }
  async openTierCounts(cap: number): Promise<TierCounts> {
    const count = (tier: Tier) => {
      const n = [...this.cases.values()].filter((c) => c.status === 'open' && c.tier === tier).length;
      return { count: Math.min(n, cap), more: n > cap };
    };
    return { calm: count('calm'), warm: count('warm'), hot: count('hot'), critical: count('critical') };
  }
  /** Every incident read asked for, and every case id read by id: what an incidents request read. */
  readonly incidentQueries: IncidentCaseQuery[] = [];
  readonly idsRead: string[] = [];

  /** As the index holds them: hot and critical, hottest tier first, latest deadline first; `budget` evaluated. */
  async openIncidentCases(query: IncidentCaseQuery): Promise<IncidentCaseScan> {
    this.incidentQueries.push(query);
    const indexed = (['critical', 'hot'] as const).flatMap((tier) =>
      [...this.cases.values()]
        .filter((c) => c.status === 'open' && c.tier === tier)
        .toSorted((a, b) => b.deadline.localeCompare(a.deadline) || b.caseId.localeCompare(a.caseId)),
    );
    const evaluated = indexed.slice(0, query.budget);
    return {
      entries: evaluated.flatMap((c) =>
        c.incidentId && (!query.incidentId || c.incidentId === query.incidentId)
          ? [{ caseId: c.caseId, incidentId: c.incidentId, tier: c.tier, deadline: c.deadline }]
          : [],
      ),
      complete: evaluated.length === indexed.length,
    };
  }
  async casesById(ids: readonly string[]) {
    this.idsRead.push(...ids);
    return [...new Set(ids)].flatMap((id) => this.cases.get(id) ?? []);
  }
  async getCase(id: string) {
    return this.cases.get(id);
  }
  async caseOutcomes(id: string) {
    return this.outcomes.get(id) ?? [];
  }
  async casePromises(_customerId: string, id: string) {
    return this.promises.get(id) ?? [];
  }
  async getIncident(id: string) {
    return this.incidents.get(id);
  }
  /** Whole roster entries, as a careless reader might hand them over: the API must pick its fields. */
  async staff() {
    return this.roster;
  }

  private open(id: string): StoredCase {
    const c = this.cases.get(id);
    if (!c) throw new CaseOperationError('case_not_found', `no case ${id}`);
    if (c.status !== 'open') throw new CaseOperationError('case_closed', `case ${id} is already closed`);
    return c;
  }

  async acknowledge(id: string, _by: string, now: Date) {
    const c = this.open(id);
    if (c.acknowledgedAt) return { acknowledgedAt: c.acknowledgedAt, changed: false };
    const acknowledgedAt = now.toISOString();
    this.cases.set(id, { ...c, acknowledgedAt });
    return { acknowledgedAt, changed: true };
  }

  async reassign(id: string, owner: string, _by: string, _now: Date) {
    const c = this.open(id);
    if (c.owner === owner) return { owner, previousOwner: owner, changed: false };
    if (!this.roster.some((s) => s.id === owner))
      throw new CaseOperationError('unknown_owner', `no staff member '${owner}'`);
    this.cases.set(id, { ...c, owner, acknowledgedAt: null });
    return { owner, previousOwner: c.owner, changed: true };
  }

  async recordOutcome(o: Outcome, now: Date) {
    // A note may still be added to a closed case, as in DynamoCaseOperations.
    const c = o.kind === 'note' ? this.cases.get(o.caseId) : this.open(o.caseId);
    if (!c) throw new CaseOperationError('case_not_found', `no case ${o.caseId}`);
    this.recorded.push(o);
    const closed = CLOSING_KINDS.includes(o.kind);
    if (closed) this.cases.set(c.caseId, { ...c, status: 'closed', closedAs: o.kind });
    return { outcomeId: `o_${this.recorded.length}_${now.getTime()}`, closed };
  }
}
