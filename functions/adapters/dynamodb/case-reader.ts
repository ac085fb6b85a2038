import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import {
  type CaseItem,
  caseItem,
  type DecisionItem,
  decisionItem,
  type IncidentItem,
  incidentItem,
} from './items.ts';
import { keys, ownerGsi, statusGsi } from './keys.ts';

export { type DecisionItem, decisionItem } from './items.ts';

const storedContact = z.object({
  caseId: z.string(),
  receivedAt: z.string(),
  routedAt: z.string().optional(),
});

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

  async getCase(caseId: string): Promise<CaseItem | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.case(caseId) }),
    );
    return Item ? caseItem.parse(Item) : undefined;
  }

  /** Open cases, hottest tier first and most recently updated first within a tier. */
  async openCases(options: { owner?: string } = {}): Promise<CaseItem[]> {
    const cases = options.owner
      ? await this.queryIndex('GSI1', 'GSI1PK', ownerGsi(options.owner))
      : await this.queryIndex('GSI2', 'GSI2PK', statusGsi('open'));
    return cases.filter((c) => c.status === 'open');
  }

  /** Every case, open and closed: the report's input. */
  async allCases(): Promise<CaseItem[]> {
    return [
      ...(await this.queryIndex('GSI2', 'GSI2PK', statusGsi('open'))),
      ...(await this.queryIndex('GSI2', 'GSI2PK', statusGsi('closed'))),
    ];
  }

  private async queryIndex(IndexName: string, pk: string, value: string): Promise<CaseItem[]> {
    const query = { IndexName, pk, value };
    const out: CaseItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: query.IndexName,
          KeyConditionExpression: `${query.pk} = :v`,
          ExpressionAttributeValues: { ':v': query.value },
          ScanIndexForward: false,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push(caseItem.parse(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
