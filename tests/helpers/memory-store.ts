import type { Identity } from '../../functions/core/contact.ts';
import type { TriageDecision } from '../../functions/core/decision.ts';
import type { CustomerHistory, EarlierContact, PromiseMade } from '../../functions/core/history.ts';
import { identityKeys } from '../../functions/core/identity-keys.ts';
import { customerIdFor } from '../../functions/core/ids.ts';
import type { CaseStore, ResolvedCustomer, StoredContact } from '../../functions/core/ports.ts';
import type { StaffLoad } from '../../functions/core/routing/roster.ts';
import type { Tier } from '../../functions/core/scoring/tier.ts';

interface MemoryCase {
  caseId: string;
  customerId: string;
  openedAt: string;
  tier: Tier;
  alertedTier?: Tier;
  contactCount: number;
  owner?: string;
}

/** An in-memory CaseStore with the same duplicate semantics as the DynamoDB one, for unit tests. */
export class MemoryCaseStore implements CaseStore {
  readonly contacts = new Map<string, StoredContact & { customerId: string }>();
  readonly identities = new Map<string, string>();
  readonly timelines = new Map<string, EarlierContact[]>();
  readonly cases = new Map<string, MemoryCase>();
  readonly openCases = new Map<string, string>();
  readonly promises = new Map<string, PromiseMade[]>();
  readonly decisions: TriageDecision[] = [];
  roster: StaffLoad[] = [];
  /** Set to make the next saveDecision throw, as a crashed or throttled write would. */
  failNextSave?: Error;

  async getContact(contactId: string): Promise<StoredContact | undefined> {
    return this.contacts.get(contactId);
  }

  async resolveCustomer(identity: Identity): Promise<ResolvedCustomer> {
    const all = identityKeys(identity);
    const known = all.find((k) => this.identities.has(k));
    const customerId = known ? (this.identities.get(known) as string) : customerIdFor(all[0] ?? 'none');
    return { customerId, newKeys: all.filter((k) => !this.identities.has(k)) };
  }

  async loadHistory(customerId: string): Promise<CustomerHistory> {
    const openId = this.openCases.get(customerId);
    const open = openId ? this.cases.get(openId) : undefined;
    return {
      customerId,
      earlierContacts: [...(this.timelines.get(customerId) ?? [])].sort((a, b) =>
        b.receivedAt.localeCompare(a.receivedAt),
      ),
      promises: this.promises.get(customerId) ?? [],
      actions: [],
      ...(open ? { openCase: { ...open } } : {}),
      ...(this.lastOwner.get(customerId) ? { lastOwner: this.lastOwner.get(customerId) } : {}),
    };
  }

  readonly lastOwner = new Map<string, string>();

  async loadRoster(): Promise<StaffLoad[]> {
    return this.roster;
  }

  async saveDecision(d: TriageDecision, newKeys: readonly string[]): Promise<'saved' | 'duplicate'> {
    if (this.failNextSave) {
      const error = this.failNextSave;
      this.failNextSave = undefined;
      throw error;
    }
    if (this.contacts.has(d.contact.id)) return 'duplicate';
    this.contacts.set(d.contact.id, {
      contactId: d.contact.id,
      caseId: d.caseId,
      customerId: d.customerId,
      ...(d.routing ? { routing: d.routing } : {}),
    });
    for (const key of newKeys) this.identities.set(key, d.customerId);
    const timeline = this.timelines.get(d.customerId) ?? [];
    timeline.push({
      contactId: d.contact.id,
      caseId: d.caseId,
      channel: d.contact.channel,
      receivedAt: d.contact.receivedAt,
      tier: d.tier,
      frustration: d.frustration.score,
      excerpt: d.contact.text.slice(0, 160),
    });
    this.timelines.set(d.customerId, timeline);
    const existing = this.cases.get(d.caseId);
    this.cases.set(d.caseId, {
      caseId: d.caseId,
      customerId: d.customerId,
      openedAt: existing?.openedAt ?? d.contact.receivedAt,
      tier: d.caseTier,
      contactCount: (existing?.contactCount ?? 0) + 1,
      ...(d.alertedTier ? { alertedTier: d.alertedTier } : {}),
      ...(d.owner ? { owner: d.owner } : {}),
    });
    if (d.assigned) {
      this.lastOwner.set(d.customerId, d.assigned.owner);
      this.roster = this.roster.map((s) =>
        s.id === d.assigned?.owner ? { ...s, openCases: s.openCases + 1, lastAssignedAt: d.decidedAt } : s,
      );
    }
    const promises = this.promises.get(d.customerId) ?? [];
    for (const p of d.newPromises) if (!promises.some((q) => q.promiseId === p.promiseId)) promises.push(p);
    this.promises.set(d.customerId, promises);
    if (d.isNewCase) this.openCases.set(d.customerId, d.caseId);
    this.decisions.push(d);
    return 'saved';
  }

  async markRouted(contactId: string, at: string): Promise<void> {
    const c = this.contacts.get(contactId);
    if (c) this.contacts.set(contactId, { ...c, routedAt: at });
  }
}
