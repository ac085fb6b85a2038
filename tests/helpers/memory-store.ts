import type { Identity } from '../../functions/core/contact.ts';
import type { TriageDecision } from '../../functions/core/decision.ts';
import type { CustomerHistory, EarlierContact, PromiseMade } from '../../functions/core/history.ts';
import { identityKeys } from '../../functions/core/identity-keys.ts';
import { customerIdFor } from '../../functions/core/ids.ts';
import type {
  CaseStore,
  ResolvedCustomer,
  SpikeStore,
  StoredContact,
  StoredDecision,
} from '../../functions/core/ports.ts';
import type { EngagementRefresh } from '../../functions/core/refresh.ts';
import type { StaffLoad } from '../../functions/core/routing/roster.ts';
import { type Tier, tierRank } from '../../functions/core/scoring/tier.ts';
import type {
  IncidentPointer,
  IncidentSummary,
  LinkPlan,
  LinkTarget,
  Mention,
} from '../../functions/core/spikes/incident.ts';
import type { BucketCount } from '../../functions/core/spikes/window.ts';

interface MemoryCase {
  caseId: string;
  customerId: string;
  openedAt: string;
  tier: Tier;
  alertedTier?: Tier;
  contactCount: number;
  owner?: string;
  viralRisk: number;
  updatedAt: string;
  briefText: string;
  incidentId?: string;
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
  /** The current decision per contact, as refreshes and incident links leave it. */
  readonly stored = new Map<string, StoredDecision>();
  readonly refreshes: EngagementRefresh[] = [];
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
      receivedAt: d.contact.receivedAt,
      decidedAt: d.decidedAt,
      ...(d.contact.social ? { engagementReadAt: d.contact.social.engagement.readAt } : {}),
      ...(d.routing ? { routing: d.routing } : {}),
    });
    this.stored.set(d.contact.id, {
      contactId: d.contact.id,
      caseId: d.caseId,
      customerId: d.customerId,
      receivedAt: d.contact.receivedAt,
      frustration: d.frustration,
      viralRisk: d.viralRisk,
      tier: d.tier,
      caseTier: d.caseTier,
      ...(d.incidentId ? { incidentId: d.incidentId } : {}),
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
      viralRisk: d.viralRisk.score,
      updatedAt: d.decidedAt,
      briefText: `brief of ${d.caseId}`,
      ...((existing?.incidentId ?? d.incidentId) ? { incidentId: existing?.incidentId ?? d.incidentId } : {}),
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

  async getDecision(contactId: string): Promise<StoredDecision | undefined> {
    return this.stored.get(contactId);
  }

  async refreshEngagement(r: EngagementRefresh): Promise<void> {
    const d = r.decision;
    const contact = this.contacts.get(d.contact.id);
    const c = this.cases.get(d.caseId);
    if (!contact || contact.engagementReadAt !== r.previousReadAt || !c || c.tier !== r.caseTierBefore) {
      throw new Error('refresh conflicted with a concurrent write');
    }
    const { routedAt: _r, ...rest } = contact;
    this.contacts.set(d.contact.id, {
      ...(d.routing ? rest : contact),
      ...(d.routing ? { routing: d.routing } : {}),
      ...(d.contact.social ? { engagementReadAt: d.contact.social.engagement.readAt } : {}),
    });
    const before = this.stored.get(d.contact.id);
    if (before) {
      this.stored.set(d.contact.id, {
        ...before,
        viralRisk: d.viralRisk,
        tier: d.tier,
        caseTier: d.caseTier,
      });
    }
    this.cases.set(d.caseId, {
      ...c,
      tier: d.caseTier,
      viralRisk: d.viralRisk.score,
      updatedAt: d.decidedAt,
      ...(d.alertedTier ? { alertedTier: d.alertedTier } : {}),
      ...(d.owner ? { owner: d.owner } : {}),
    });
    this.refreshes.push(r);
  }
}

/** An in-memory SpikeStore over a MemoryCaseStore, with the same count-once and open-once semantics. */
export class MemorySpikeStore implements SpikeStore {
  readonly buckets = new Map<string, number>();
  readonly mentions = new Map<string, Mention>();
  readonly pointers = new Map<string, IncidentPointer>();
  readonly incidents = new Map<string, IncidentPointer & Partial<IncidentSummary>>();
  /** Set to make the next openIncident lose the race, as when another triage opened one first. */
  loseNextOpen?: IncidentPointer;

  constructor(private readonly cases: MemoryCaseStore) {}

  /** Contacts linked to an incident so far. */
  linked(incidentId: string): number {
    return [...this.cases.stored.values()].filter((d) => d.incidentId === incidentId).length;
  }

  async recordMention(m: Mention, from: string): Promise<BucketCount[]> {
    const key = `${m.topic}#${m.bucketStart}#${m.contactId}`;
    if (!this.mentions.has(key)) {
      this.mentions.set(key, m);
      const bucket = `${m.topic}#${m.bucketStart}`;
      this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + 1);
    }
    return [...this.buckets]
      .filter(([k]) => k.startsWith(`${m.topic}#`))
      .map(([k, mentions]) => ({ bucketStart: k.slice(m.topic.length + 1), mentions }))
      .filter((b) => b.bucketStart >= from && b.bucketStart <= m.bucketStart);
  }

  async currentIncident(topic: string): Promise<IncidentPointer | undefined> {
    return this.pointers.get(topic);
  }

  async openIncident(incident: IncidentPointer, cooldownEdge: string): Promise<'opened' | 'exists'> {
    if (this.loseNextOpen) {
      this.pointers.set(this.loseNextOpen.topic, this.loseNextOpen);
      this.incidents.set(this.loseNextOpen.incidentId, this.loseNextOpen);
      this.loseNextOpen = undefined;
      return 'exists';
    }
    const current = this.pointers.get(incident.topic);
    if (current && current.windowEnd > cooldownEdge) return 'exists';
    if (this.incidents.has(incident.incidentId)) return 'exists';
    this.pointers.set(incident.topic, incident);
    this.incidents.set(incident.incidentId, incident);
    return 'opened';
  }

  async windowMentions(
    topic: string,
    fromBucket: string,
    toBucket: string,
    limit: number,
  ): Promise<Mention[]> {
    return [...this.mentions.values()]
      .filter((m) => m.topic === topic && m.bucketStart >= fromBucket && m.bucketStart <= toBucket)
      .slice(0, limit);
  }

  async linkTarget(contactId: string): Promise<LinkTarget | undefined> {
    const d = this.cases.stored.get(contactId);
    const c = d ? this.cases.cases.get(d.caseId) : undefined;
    if (!d || !c) return undefined;
    return {
      contactId,
      caseId: d.caseId,
      receivedAt: d.receivedAt,
      frustration: d.frustration.score,
      viralRisk: d.viralRisk,
      ...(d.incidentId ? { incidentId: d.incidentId } : {}),
      case: {
        status: 'open',
        tier: c.tier,
        viralRisk: c.viralRisk,
        updatedAt: c.updatedAt,
        briefText: c.briefText,
      },
    };
  }

  async applyLink(target: LinkTarget, plan: LinkPlan): Promise<'linked' | 'already' | 'conflict'> {
    const d = this.cases.stored.get(target.contactId);
    const c = this.cases.cases.get(target.caseId);
    if (!d || d.incidentId) return 'already';
    if (!c || c.tier !== target.case.tier || c.updatedAt !== target.case.updatedAt) return 'conflict';
    this.cases.stored.set(target.contactId, {
      ...d,
      incidentId: plan.incidentId,
      viralRisk: plan.viralRisk,
      tier: plan.tier,
      caseTier: plan.caseTier,
    });
    this.cases.cases.set(target.caseId, {
      ...c,
      incidentId: c.incidentId ?? plan.incidentId,
      tier: tierRank(plan.caseTier) > tierRank(c.tier) ? plan.caseTier : c.tier,
      viralRisk: plan.caseViralRisk,
      briefText: plan.briefText,
    });
    return 'linked';
  }

  async markAlerted(incident: IncidentPointer, summary: IncidentSummary, at: string): Promise<void> {
    const stored = this.incidents.get(incident.incidentId);
    this.incidents.set(incident.incidentId, {
      ...(stored ?? incident),
      ...summary,
      alertedAt: stored?.alertedAt ?? at,
    });
    const pointer = this.pointers.get(incident.topic);
    if (pointer?.incidentId === incident.incidentId) {
      this.pointers.set(incident.topic, { ...pointer, alertedAt: pointer.alertedAt ?? at });
    }
  }
}
