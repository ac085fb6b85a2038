import type {
  InboxOperations,
  InboxReader,
  StoredCase,
  StoredIncident,
  StoredOutcome,
  StoredPromise,
} from '../../functions/core/inbox/ports.ts';
import type { StoredBrief } from '../../functions/core/inbox/stored-brief.ts';
import { CaseOperationError } from '../../functions/core/operations-port.ts';
import type { Outcome } from '../../functions/core/outcomes.ts';
import { CLOSING_KINDS } from '../../functions/core/outcomes.ts';

export const caseId = (n: number) => `k_${n.toString(16).padStart(32, '0')}`;
export const incidentId = (n: number) => `i_${n.toString(16).padStart(32, '0')}`;

type BriefInput = Omit<Partial<StoredBrief>, 'customer' | 'latestMessage'> & {
  customer?: Partial<StoredBrief['customer']>;
  latestMessage?: Partial<StoredBrief['latestMessage']>;
};

/** A brief as triage stores it (the JSON of functions/core/brief/brief.ts). */
export function aBrief(id: string, b: BriefInput = {}): StoredBrief {
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
    brief: JSON.stringify(aBrief(id, brief)),
  };
}

/** An in-memory inbox store with the adapter's rules: unknown case, closed case, unknown owner. */
export class MemoryInbox implements InboxReader, InboxOperations {
  readonly cases = new Map<string, StoredCase>();
  readonly outcomes = new Map<string, StoredOutcome[]>();
  readonly promises = new Map<string, StoredPromise[]>();
  readonly incidents = new Map<string, StoredIncident>();
  readonly roster = new Set<string>(['amara', 'bo']);
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
    if (!this.roster.has(owner)) throw new CaseOperationError('unknown_owner', `no staff member '${owner}'`);
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
