import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { keys, ownerGsi } from '../../functions/adapters/dynamodb/keys.ts';
import type { Tier } from '../../functions/core/scoring/tier.ts';

/** What a clone differs in from its template. */
export interface CloneSpec {
  readonly tier: Tier;
  readonly deadline: string;
  readonly owner?: string | null;
  readonly acknowledgedAt?: string | null;
}

type Item = Record<string, unknown>;

export const clonedCaseId = (n: number) => `k_${(0xc10e0000 + n).toString(16).padStart(32, '0')}`;

/**
 * Many open cases at the size the pipeline writes them, fast: each clone copies a real case (made by
 * triage) with its latest contact and that contact's decision, under new ids, so listing a clone reads
 * what listing a real case reads (the case, its contact's text, its decision's reasons).
 */
export async function cloneCase(
  db: DynamoDBDocumentClient,
  tableName: string,
  templateCaseId: string,
  specs: readonly CloneSpec[],
  firstNumber = 0,
): Promise<string[]> {
  const { Item: template } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.case(templateCaseId) }),
  );
  if (!template) throw new Error(`no case ${templateCaseId} to clone`);
  const brief = JSON.parse(String(template.brief)) as {
    latestMessage: { contactId: string; receivedAt: string };
  };
  const { contactId, receivedAt } = brief.latestMessage;
  const { Item: contact } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.contact(contactId) }),
  );
  const { Items: decisions = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND SK = :sk',
      ExpressionAttributeValues: keysAsValues(keys.decision(templateCaseId, receivedAt, contactId)),
    }),
  );
  if (!contact || !decisions[0]) throw new Error(`case ${templateCaseId} has no latest contact or decision`);
  const decision = decisions[0];
  const ids: string[] = [];
  const items: Item[] = [];
  specs.forEach((spec, i) => {
    const caseId = clonedCaseId(firstNumber + i);
    const cloneContact = `${contactId}-clone-${firstNumber + i}`;
    ids.push(caseId);
    items.push(
      {
        ...template,
        ...keys.case(caseId),
        caseId,
        tier: spec.tier,
        deadline: spec.deadline,
        ...(spec.owner === undefined ? {} : { owner: spec.owner, GSI1PK: ownerGsi(spec.owner) }),
        acknowledgedAt: spec.acknowledgedAt ?? null,
        brief: JSON.stringify({
          ...brief,
          latestMessage: { ...brief.latestMessage, contactId: cloneContact },
        }),
      },
      { ...contact, ...keys.contact(cloneContact), contactId: cloneContact, caseId },
      { ...decision, ...keys.decision(caseId, receivedAt, cloneContact), contactId: cloneContact },
    );
  });
  for (let i = 0; i < items.length; i += 25) {
    let request: Record<string, { PutRequest: { Item: Item } }[]> | undefined = {
      [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    while (request && Object.keys(request).length > 0) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: request }));
      request = out.UnprocessedItems as typeof request;
    }
  }
  return ids;
}

function keysAsValues(key: { PK: string; SK: string }) {
  return { ':pk': key.PK, ':sk': key.SK };
}

/** Read units a client's calls consumed (ReturnConsumedCapacity TOTAL, index reads included). */
export function meterReads(db: DynamoDBDocumentClient): { units: number; calls: number; reset(): void } {
  const meter = {
    units: 0,
    calls: 0,
    reset() {
      meter.units = 0;
      meter.calls = 0;
    },
  };
  db.middlewareStack.add(
    (next) => async (args) => {
      (args.input as Item).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (
        result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }
      ).ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : [])
        meter.units += c.CapacityUnits ?? 0;
      meter.calls++;
      return result;
    },
    { step: 'initialize', name: 'inboxReadMeter' },
  );
  return meter;
}
