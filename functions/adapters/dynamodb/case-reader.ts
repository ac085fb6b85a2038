import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Brief } from '../../core/brief/brief.ts';
import { renderBrief } from '../../core/brief/render.ts';
import type {
  CasePage,
  CasePageQuery,
  CasePosition,
  IncidentCaseEntry,
  IncidentCaseQuery,
  IncidentCaseScan,
  TierCounts,
} from '../../core/inbox/ports.ts';
import { staffSchema } from '../../core/routing/roster.ts';
import { TIERS, type Tier, tierRank } from '../../core/scoring/tier.ts';
import type { SweepCase } from '../../core/sweeper.ts';
import * as z from '../../core/zod.ts';
import {
  caseItem,
  type DecisionItem,
  decisionItem,
  type IncidentItem,
  incidentItem,
  outcomeItem,
  promiseItem,
  type StoredBrief,
  type StoredCaseItem,
} from './items.ts';
import { customerPk, keys, ownerGsi, statusGsi } from './keys.ts';
import { latestContactOf, parseStoredBrief, wholeBrief } from './stored-brief.ts';

export { type DecisionItem, decisionItem } from './items.ts';

/**
 * A case as the reader returns it: the brief whole again and rendered. `brief` is null when the stored one
 * cannot be read; that spoils only its own case, and the caller reports it (the inbox lists it without reasons).
 */
export type CaseItem = Omit<StoredCaseItem, 'brief' | 'briefText'> & {
  readonly brief: Brief | null;
  readonly briefText: string;
};

/** A `reassigned` outcome also names the new owner. */
const storedOutcome = z.object({ ...outcomeItem.shape, owner: z.optional(z.string()) });
export type StoredOutcome = z.infer<typeof storedOutcome>;
export type StoredPromise = z.infer<typeof promiseItem>;

const storedContact = z.object({
  caseId: z.string(),
  receivedAt: z.string(),
  routedAt: z.optional(z.string()),
});

/** The one stored copy of a message's text, in its contact item's Contact JSON, and its suggested opening. */
const contactText = z.object({
  contactId: z.string(),
  contact: z.string(),
  suggestedOpening: z.optional(z.string()),
});

/** The roster fields people choose an owner by; capacity, topics and load are routing's and are not read. */
const { id, name, languages, onShift } = staffSchema.shape;
const staffEntry = z.object({ id, name, languages, onShift });
export type StaffEntry = z.infer<typeof staffEntry>;

/**
 * The case index (infra/resources.ts): partition `status` + `tier`, sort `deadline`, with `owner` and
 * `acknowledgedAt` projected. One tier's open cases, most urgent first, a Limit at a time.
 */
const CASE_INDEX = 'GSI3';
const caseEntry = z.object({
  PK: z.string().check(z.startsWith('CASE#')),
  tier: z.enum(TIERS),
  deadline: z.string(),
});
type CaseEntry = z.infer<typeof caseEntry>;
/** An entry with the incident projected (infra/resources.ts); the query keeps only those that have one. */
const incidentEntry = z.object({ ...caseEntry.shape, incidentId: z.string() });
const entryCaseId = (e: Pick<CaseEntry, 'PK'>) => e.PK.slice('CASE#'.length);

/** Tiers in list order. */
const HOTTEST_TIER_FIRST: readonly Tier[] = TIERS.toReversed();
/** Tiers the sweeper escalates from (core/sweeper.ts: hot and above). */
const SWEPT_TIERS: readonly Tier[] = TIERS.filter((t) => tierRank(t) >= tierRank('hot'));
/**
 * Tiers an open case of an incident can be in, hottest first: an incident raises its cases to at least hot
 * (raiseForIncident, core/spikes/incident.ts) and an open case's tier only rises (decide, planLink).
 */
const INCIDENT_TIERS: readonly Tier[] = HOTTEST_TIER_FIRST.filter((t) => tierRank(t) >= tierRank('hot'));

/**
 * Index entries one page may evaluate when an owner filter skips others' cases: ~150 bytes each, so at most
 * ~19 read units, however many cases are open. A page that stops here is short, and its cursor leads on.
 */
const OWNER_SCAN_BUDGET = 1_000;

/** BatchGetItem takes at most 100 keys a call. */
const BATCH_GET_KEYS = 100;

type Key = Record<string, string>;

/** Keys asked for once each (cases of one contact share it). */
function unique(wanted: readonly Key[]): Key[] {
  return [...new Map(wanted.map((k) => [`${k.PK}|${k.SK}`, k])).values()];
}

function readableBrief(json: string): StoredBrief | undefined {
  try {
    return parseStoredBrief(json);
  } catch {
    return undefined;
  }
}

/** Hottest tier first, most recently updated first within a tier (the indexes hold keys only). */
function hottestFirst(a: StoredCaseItem, b: StoredCaseItem): number {
  return tierRank(b.tier) - tierRank(a.tier) || b.updatedAt.localeCompare(a.updatedAt);
}

/** Where a page goes on after this entry: the index's own start key is the entry's keys. */
function positionOf(e: CaseEntry): CasePosition {
  return { tier: e.tier, after: { deadline: e.deadline, caseId: entryCaseId(e) } };
}

function startKey(tier: Tier, after: { deadline: string; caseId: string }): Record<string, string> {
  return { ...keys.case(after.caseId), status: 'open', tier, deadline: after.deadline };
}

/** Read side for people and tools: cases, their briefs and the decision behind each contact. */
export class DynamoCaseReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async decisionFor(contactId: string): Promise<(DecisionItem & { caseId: string }) | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.contact(contactId) }),
    );
    if (!Item) return undefined;
    const contact = storedContact.parse(Item);
    const { Item: decision } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.decision(contact.caseId, contact.receivedAt, contactId),
      }),
    );
    return decision ? { ...decisionItem.parse(decision), caseId: contact.caseId } : undefined;
  }

  /** A brand-wide spike incident: its window, count, linked contacts, top terms and example cases. */
  async getIncident(incidentId: string): Promise<IncidentItem | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.incident(incidentId) }),
    );
    return Item ? incidentItem.parse(Item) : undefined;
  }

  /** The case with its latest brief made whole: the text comes from the contact it is about. */
  async getCase(caseId: string): Promise<CaseItem | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.case(caseId), ConsistentRead: true }),
    );
    return Item ? (await this.withBriefs([caseItem.parse(Item)]))[0] : undefined;
  }

  /** Open cases, hottest tier first and most recently updated first within a tier. */
  async openCases(options: { owner?: string } = {}): Promise<CaseItem[]> {
    const found = options.owner
      ? await this.indexKeys('GSI1', 'GSI1PK', ownerGsi(options.owner), 'open#')
      : await this.indexKeys('GSI2', 'GSI2PK', statusGsi('open'));
    // The index lags the table by a moment: the case as stored now decides.
    const cases = (await this.casesByKey(found)).filter((c) => c.status === 'open').sort(hottestFirst);
    return this.withBriefs(cases);
  }

  /**
   * One page of open cases in list order: tiers hottest first, each read from the case index most urgent
   * first, until `limit` cases (or, with an owner filter, OWNER_SCAN_BUDGET index entries) are found.
   */
  async openCasePage(query: CasePageQuery): Promise<CasePage> {
    const tiers = query.tier ? [query.tier] : HOTTEST_TIER_FIRST;
    let at = query.from ? tiers.indexOf(query.from.tier) : 0;
    if (at < 0)
      throw new RangeError(`a page of ${query.tier} cases cannot start in tier ${query.from?.tier}`);
    let start = query.from?.after ? startKey(query.from.tier, query.from.after) : undefined;
    const found: CaseEntry[] = [];
    let scanned = 0;
    let next: CasePosition | undefined;
    const full = () => found.length >= query.limit || scanned >= OWNER_SCAN_BUDGET;
    while (at < tiers.length) {
      const tier = tiers[at] as Tier;
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: CASE_INDEX,
          KeyConditionExpression: '#status = :open AND tier = :tier',
          ...(query.owner ? { FilterExpression: '#owner = :owner' } : {}),
          ExpressionAttributeNames: { '#status': 'status', ...(query.owner ? { '#owner': 'owner' } : {}) },
          ExpressionAttributeValues: {
            ':open': 'open',
            ':tier': tier,
            ...(query.owner ? { ':owner': query.owner } : {}),
          },
          // Limit counts the entries evaluated, before the owner filter.
          Limit: query.owner ? Math.max(1, OWNER_SCAN_BUDGET - scanned) : query.limit - found.length,
          ExclusiveStartKey: start,
        }),
      );
      scanned += page.ScannedCount ?? 0;
      const entries = (page.Items ?? []).map((item) => caseEntry.parse(item));
      const room = query.limit - found.length;
      if (entries.length > room) {
        found.push(...entries.slice(0, room));
        next = positionOf(found.at(-1) as CaseEntry);
        break;
      }
      found.push(...entries);
      if (page.LastEvaluatedKey) {
        start = page.LastEvaluatedKey;
        if (full()) {
          next = positionOf(caseEntry.parse(start));
          break;
        }
        continue;
      }
      at++;
      start = undefined;
      const following = tiers[at];
      if (following && full()) {
        next = { tier: following };
        break;
      }
    }
    const byId = new Map(
      // Eventually consistent, half the units: the page polls every few seconds and its index lags anyway.
      (
        await this.casesByKey(
          found.map((e) => keys.case(entryCaseId(e))),
          false,
        )
      ).map((c) => [c.caseId, c]),
    );
    // The index lags the table by a moment: the case as stored now decides, in the index's order.
    const cases = found.flatMap((e) => {
      const c = byId.get(entryCaseId(e));
      return c && c.status === 'open' ? [c] : [];
    });
    return { cases: await this.withBriefs(cases), ...(next ? { next } : {}) };
  }

  /** Open cases per tier, each counted up to `cap`: a COUNT Query reads at most cap + 1 small index entries. */
  async openTierCounts(cap: number): Promise<TierCounts> {
    const counted = await Promise.all(
      TIERS.map(async (tier) => {
        const { Count = 0 } = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: CASE_INDEX,
            KeyConditionExpression: '#status = :open AND tier = :tier',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':open': 'open', ':tier': tier },
            Select: 'COUNT',
            Limit: cap + 1,
          }),
        );
        return [tier, { count: Math.min(Count, cap), more: Count > cap }] as const;
      }),
    );
    return Object.fromEntries(counted) as Record<Tier, { count: number; more: boolean }>;
  }

  /**
   * Open cases of incidents from the case index, latest deadline first in each tier, evaluating at most
   * `budget` entries (~200 bytes each: ≤ 25 read units for 1,000). The budget is shared between the tiers;
   * what one leaves unused goes to the other. A filter costs what it evaluates, so it does not bound reads;
   * the budget does.
   */
  async openIncidentCases(query: IncidentCaseQuery): Promise<IncidentCaseScan> {
    const share = Math.max(1, Math.floor(query.budget / INCIDENT_TIERS.length));
    const scans = await Promise.all(
      INCIDENT_TIERS.map((tier) => this.incidentTier(tier, share, query.incidentId)),
    );
    let left = query.budget - scans.reduce((sum, s) => sum + s.scanned, 0);
    for (const [i, scan] of scans.entries()) {
      if (!scan.start || left <= 0) continue;
      const more = await this.incidentTier(INCIDENT_TIERS[i] as Tier, left, query.incidentId, scan.start);
      scans[i] = {
        entries: [...scan.entries, ...more.entries],
        scanned: scan.scanned + more.scanned,
        start: more.start,
      };
      left -= more.scanned;
    }
    return { entries: scans.flatMap((s) => s.entries), complete: scans.every((s) => !s.start) };
  }

  private async incidentTier(
    tier: Tier,
    budget: number,
    incidentId: string | undefined,
    from?: Record<string, unknown>,
  ): Promise<{ entries: IncidentCaseEntry[]; scanned: number; start?: Record<string, unknown> }> {
    const entries: IncidentCaseEntry[] = [];
    let scanned = 0;
    let start = from;
    while (scanned < budget) {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: CASE_INDEX,
          KeyConditionExpression: '#status = :open AND tier = :tier',
          FilterExpression: incidentId ? 'incidentId = :incident' : 'attribute_exists(incidentId)',
          ProjectionExpression: 'PK, tier, deadline, incidentId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':open': 'open',
            ':tier': tier,
            ...(incidentId ? { ':incident': incidentId } : {}),
          },
          ScanIndexForward: false,
          Limit: budget - scanned,
          ExclusiveStartKey: start,
        }),
      );
      scanned += page.ScannedCount ?? 0;
      for (const item of page.Items ?? []) {
        const e = incidentEntry.parse(item);
        entries.push({
          caseId: entryCaseId(e),
          incidentId: e.incidentId,
          tier: e.tier,
          deadline: e.deadline,
        });
      }
      start = page.LastEvaluatedKey;
      if (!start) break;
    }
    return { entries, scanned, ...(start ? { start } : {}) };
  }

  /** Cases by id as stored now (eventually consistent: the pages poll), briefs whole, in the order asked. */
  async casesById(caseIds: readonly string[]): Promise<CaseItem[]> {
    const ids = [...new Set(caseIds)];
    const found = await this.casesByKey(
      ids.map((caseId) => keys.case(caseId)),
      false,
    );
    const byId = new Map(found.map((c) => [c.caseId, c]));
    return this.withBriefs(ids.flatMap((caseId) => byId.get(caseId) ?? []));
  }

  /**
   * Hot and critical open cases whose deadline passed and nobody acknowledged: the case index holds the
   * deadline and the acknowledgement, so only those are read, then each as stored now (consistently).
   */
  async dueForSweep(now: Date): Promise<SweepCase[]> {
    const due: Key[] = [];
    for (const tier of SWEPT_TIERS) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: CASE_INDEX,
            KeyConditionExpression: '#status = :open AND tier = :tier AND deadline < :now',
            FilterExpression: 'attribute_not_exists(acknowledgedAt) OR acknowledgedAt = :null',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':open': 'open',
              ':tier': tier,
              ':now': now.toISOString(),
              ':null': null,
            },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) due.push(keys.case(entryCaseId(caseEntry.parse(item))));
        start = page.LastEvaluatedKey;
      } while (start);
    }
    return (await this.casesByKey(due))
      .filter((c) => c.status === 'open')
      .map((c) => ({
        caseId: c.caseId,
        tier: c.tier,
        owner: c.owner,
        deadline: c.deadline,
        escalationLevel: c.escalationLevel,
        ...(c.acknowledgedAt ? { acknowledgedAt: c.acknowledgedAt } : {}),
      }));
  }

  /** What staff recorded on a case, oldest first (they share the case's partition with its decisions). */
  async caseOutcomes(caseId: string): Promise<StoredOutcome[]> {
    const items = await this.queryPrefix(keys.case(caseId).PK, 'OUTCOME#');
    return items.map((item) => storedOutcome.parse(item));
  }

  /** Promises made within one case (they live in the customer's partition), in promise-id order. */
  async casePromises(customerId: string, caseId: string): Promise<StoredPromise[]> {
    const items = await this.queryPrefix(customerPk(customerId), `PROMISE#${caseId}#`);
    return items.map((item) => promiseItem.parse(item));
  }

  /** The senior staff of the roster, by id (`flashpoint roster load` keeps it). */
  async staff(): Promise<StaffEntry[]> {
    const { PK, SK } = keys.staff('');
    const items = await this.queryPrefix(PK, SK, {
      ProjectionExpression: 'id, #name, languages, onShift',
      ExpressionAttributeNames: { '#name': 'name' },
    });
    return items.map((item) => staffEntry.parse(item));
  }

  private async queryPrefix(
    pk: string,
    skPrefix: string,
    projection: { ProjectionExpression?: string; ExpressionAttributeNames?: Key } = {},
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
          ExclusiveStartKey: start,
          ...projection,
        }),
      );
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Every case, open and closed: the report's input. */
  async allCases(): Promise<CaseItem[]> {
    const [open, closed] = await Promise.all(
      (['open', 'closed'] as const).map(async (status) =>
        (await this.casesByKey(await this.indexKeys('GSI2', 'GSI2PK', statusGsi(status))))
          .filter((c) => c.status === status)
          .sort(hottestFirst),
      ),
    );
    return this.withBriefs([...(open ?? []), ...(closed ?? [])]);
  }

  /** Table keys of the cases on one index partition (the GSIs project keys only: see infra/resources.ts). */
  private async indexKeys(IndexName: string, pk: string, value: string, skPrefix?: string): Promise<Key[]> {
    const sk = IndexName === 'GSI1' ? 'GSI1SK' : 'GSI2SK';
    const out: Key[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName,
          KeyConditionExpression: `${pk} = :v${skPrefix ? ` AND begins_with(${sk}, :prefix)` : ''}`,
          ExpressionAttributeValues: { ':v': value, ...(skPrefix ? { ':prefix': skPrefix } : {}) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push({ PK: String(item.PK), SK: String(item.SK) });
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  private async casesByKey(found: readonly Key[], ConsistentRead = true): Promise<StoredCaseItem[]> {
    return (await this.batchGet(found, { ConsistentRead })).map((item) => caseItem.parse(item));
  }

  /**
   * Each case's brief made whole and rendered: texts from the latest contacts' items, reasons from their
   * decision items (one BatchGetItem per 100 of each; stored-brief.ts says why they are not on the case).
   */
  private async withBriefs(cases: readonly StoredCaseItem[]): Promise<CaseItem[]> {
    const briefs = cases.map((c) => readableBrief(c.brief));
    const readable = briefs.filter((b): b is StoredBrief => b !== undefined);
    const latest = (b: StoredBrief) => b.latestMessage;
    const [contacts, decisions] = await Promise.all([
      this.batchGet(
        unique(
          readable.filter((b) => latest(b).text === undefined).map((b) => keys.contact(latest(b).contactId)),
        ),
        {
          ProjectionExpression: 'PK, contactId, #contact, suggestedOpening',
          ExpressionAttributeNames: { '#contact': 'contact' },
        },
      ),
      this.batchGet(
        unique(
          cases.flatMap((c, i) => {
            const b = briefs[i];
            return b && b.whyHeated === undefined
              ? [keys.decision(c.caseId, latest(b).receivedAt, latest(b).contactId)]
              : [];
          }),
        ),
        {},
      ),
    ]);
    const texts = new Map(
      contacts
        .map((item) => contactText.parse(item))
        .map((c) => [c.contactId, latestContactOf(c.contact, c.suggestedOpening)]),
    );
    const scores = new Map(decisions.map((item) => [String(item.SK), decisionItem.parse(item)]));
    return cases.map((c, i) => {
      const stored = briefs[i];
      if (!stored) {
        const briefText = c.briefText ?? `CASE ${c.caseId}: the stored brief is unreadable`;
        return { ...c, brief: null, briefText };
      }
      const { contactId, receivedAt } = latest(stored);
      const brief = wholeBrief(
        stored,
        texts.get(contactId),
        scores.get(keys.decision(c.caseId, receivedAt, contactId).SK),
        c,
      );
      return { ...c, brief, briefText: c.briefText ?? renderBrief(brief) };
    });
  }

  private async batchGet(
    wanted: readonly Key[],
    options: { ConsistentRead?: boolean; ProjectionExpression?: string; ExpressionAttributeNames?: Key },
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < wanted.length; i += BATCH_GET_KEYS) {
      let request: Record<string, { Keys: Key[] }> | undefined = {
        [this.tableName]: { ...options, Keys: wanted.slice(i, i + BATCH_GET_KEYS) },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        // Keys DynamoDB left unprocessed (throttling) are asked for again, after a growing pause.
        if (attempt > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** attempt)));
        const page = await this.db.send(new BatchGetCommand({ RequestItems: request }));
        out.push(...(page.Responses?.[this.tableName] ?? []));
        request = page.UnprocessedKeys as typeof request;
      }
    }
    return out;
  }
}
