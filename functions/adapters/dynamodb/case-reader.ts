import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { renderBrief } from '../../core/brief/render.ts';
import { tierRank } from '../../core/scoring/tier.ts';
import {
  type CaseItem,
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
import { parseStoredBrief, textOf, wholeBrief } from './stored-brief.ts';

export { type DecisionItem, decisionItem } from './items.ts';

/** A `reassigned` outcome also names the new owner. */
const storedOutcome = outcomeItem.extend({ owner: z.string().optional() });
export type StoredOutcome = z.infer<typeof storedOutcome>;
export type StoredPromise = z.infer<typeof promiseItem>;

const storedContact = z.object({
  caseId: z.string(),
  receivedAt: z.string(),
  routedAt: z.string().optional(),
});

/** The one stored copy of a message's text, in its contact item's Contact JSON. */
const contactText = z.object({ contactId: z.string(), contact: z.string() });

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

  private async queryPrefix(pk: string, skPrefix: string): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
          ExclusiveStartKey: start,
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

  private async casesByKey(found: readonly Key[]): Promise<StoredCaseItem[]> {
    return (await this.batchGet(found, { ConsistentRead: true })).map((item) => caseItem.parse(item));
  }

  /**
   * Each case's brief made whole and rendered: texts from the latest contacts' items, reasons from their
   * decision items (one BatchGetItem per 100 of each; stored-brief.ts says why they are not on the case).
   */
  private async withBriefs(cases: readonly StoredCaseItem[]): Promise<CaseItem[]> {
    // An unreadable brief spoils only its own case: it is passed on as stored, for the caller to report.
    const briefs = cases.map((c) => readableBrief(c.brief));
    const readable = briefs.filter((b): b is StoredBrief => b !== undefined);
    const latest = (b: StoredBrief) => b.latestMessage;
    const [contacts, decisions] = await Promise.all([
      this.batchGet(
        unique(
          readable.filter((b) => latest(b).text === undefined).map((b) => keys.contact(latest(b).contactId)),
        ),
        {
          ProjectionExpression: 'PK, contactId, #contact',
          ExpressionAttributeNames: { '#contact': 'contact' },
        },
      ),
      this.batchGet(
        unique(
          readable
            .filter((b) => b.whyHeated === undefined)
            .map((b) => keys.decision(b.caseId, latest(b).receivedAt, latest(b).contactId)),
        ),
        {},
      ),
    ]);
    const texts = new Map(
      contacts.map((item) => contactText.parse(item)).map((c) => [c.contactId, textOf(c.contact)]),
    );
    const scores = new Map(decisions.map((item) => [String(item.SK), decisionItem.parse(item)]));
    return cases.map((c, i) => {
      const stored = briefs[i];
      if (!stored)
        return { ...c, briefText: c.briefText ?? `CASE ${c.caseId}: the stored brief is unreadable` };
      const { contactId, receivedAt } = latest(stored);
      const brief = wholeBrief(
        stored,
        texts.get(contactId),
        scores.get(keys.decision(stored.caseId, receivedAt, contactId).SK),
      );
      return { ...c, brief: JSON.stringify(brief), briefText: c.briefText ?? renderBrief(brief) };
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
