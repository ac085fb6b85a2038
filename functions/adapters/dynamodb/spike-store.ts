import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { TABLE } from '../../../infra/resources.ts';
import type { SpikeStore } from '../../core/ports.ts';
import type {
  IncidentPointer,
  IncidentSummary,
  LinkPlan,
  LinkTarget,
  Mention,
} from '../../core/spikes/incident.ts';
import type { BucketCount } from '../../core/spikes/window.ts';
import { DynamoCaseReader } from './case-reader.ts';
import {
  contactItem,
  decisionItem,
  incidentPointerItem,
  spikeBucketItem,
  spikeMentionItem,
} from './items.ts';
import { keys, spikePk } from './keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Brand-wide spike state in the one table. Per mention: one transaction (mention record, conditional on
 * being new, + `ADD mentions :1` on the minute's counter) so a retried triage never counts twice, then
 * one Query for the counters of the window and its baseline. Everything under SPIKE#<topic> expires
 * through the table's TTL attribute. One counter item takes about 1,000 writes a second, the DynamoDB
 * per-item limit: far beyond any one brand's mentions of one topic.
 */
export class DynamoSpikeStore implements SpikeStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordMention(m: Mention, from: string, expiresAt: number): Promise<BucketCount[]> {
    const t = this.tableName;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: t,
                Item: {
                  ...keys.spikeMention(m.topic, m.bucketStart, m.contactId),
                  ...m,
                  [TABLE.ttlAttribute]: expiresAt,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Update: {
                TableName: t,
                Key: keys.spikeBucket(m.topic, m.bucketStart),
                // The bucket start is the sort key's (items.ts): counters stay small for the window's Query.
                UpdateExpression: 'SET #ttl = :ttl ADD mentions :one',
                ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
                ExpressionAttributeValues: { ':ttl': expiresAt, ':one': 1 },
              },
            },
          ],
        }),
      );
    } catch (error) {
      // Already counted by an earlier attempt of this triage: read the counters as they are.
      const counted =
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
      if (!counted) throw error;
    }
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: t,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': spikePk(m.topic),
          ':from': `BUCKET#${from}`,
          ':to': `BUCKET#${m.bucketStart}`,
        },
        ConsistentRead: true,
      }),
    );
    return Items.map((i) => spikeBucketItem.parse(i));
  }

  async currentIncident(topic: string): Promise<IncidentPointer | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.incidentPointer(topic), ConsistentRead: true }),
    );
    return Item ? incidentPointerItem.parse(Item) : undefined;
  }

  async openIncident(incident: IncidentPointer, cooldownEdge: string): Promise<'opened' | 'exists'> {
    const t = this.tableName;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              // The lock: one pointer per topic, replaced only once the last incident's cooldown is over.
              Put: {
                TableName: t,
                Item: { ...keys.incidentPointer(incident.topic), ...incident },
                ConditionExpression: 'attribute_not_exists(PK) OR windowEnd <= :edge',
                ExpressionAttributeValues: { ':edge': cooldownEdge },
              },
            },
            {
              Put: {
                TableName: t,
                Item: { ...keys.incident(incident.incidentId), ...incident, linkedContacts: 0 },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
      return 'opened';
    } catch (error) {
      if (error instanceof TransactionCanceledException) return 'exists';
      throw error;
    }
  }

  async windowMentions(
    topic: string,
    fromBucket: string,
    toBucket: string,
    limit: number,
  ): Promise<Mention[]> {
    const out: Mention[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': spikePk(topic),
            ':from': `MENTION#${fromBucket}`,
            // '$' sorts after '#': every contact id of the last bucket is included.
            ':to': `MENTION#${toBucket}$`,
          },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push(spikeMentionItem.parse(item));
      start = page.LastEvaluatedKey;
    } while (start && out.length < limit);
    return out.slice(0, limit);
  }

  async linkTarget(contactId: string): Promise<LinkTarget | undefined> {
    const t = this.tableName;
    const { Item } = await this.db.send(
      new GetCommand({ TableName: t, Key: keys.contact(contactId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const contact = contactItem.parse(Item);
    if (!contact.receivedAt) return undefined;
    const [decision, c] = await Promise.all([
      this.db.send(
        new GetCommand({
          TableName: t,
          Key: keys.decision(contact.caseId, contact.receivedAt, contactId),
          ConsistentRead: true,
        }),
      ),
      // The case with its brief whole and rendered: the incident's paragraph is added to that text.
      new DynamoCaseReader(this.db, t).getCase(contact.caseId),
    ]);
    if (!decision.Item || !c) return undefined;
    const d = decisionItem.parse(decision.Item);
    return {
      contactId,
      caseId: contact.caseId,
      receivedAt: contact.receivedAt,
      frustration: d.frustration.score,
      viralRisk: d.viralRisk,
      ...(d.incidentId ? { incidentId: d.incidentId } : {}),
      case: {
        status: c.status,
        tier: c.tier,
        viralRisk: c.viralRisk,
        updatedAt: c.updatedAt,
        briefText: c.briefText,
      },
    };
  }

  async applyLink(target: LinkTarget, plan: LinkPlan): Promise<'linked' | 'already' | 'conflict'> {
    const t = this.tableName;
    const items: TransactItem[] = [
      {
        Update: {
          TableName: t,
          Key: keys.decision(target.caseId, target.receivedAt, target.contactId),
          UpdateExpression:
            'SET incidentId = :incident, viralRisk = :viral, tier = :tier, caseTier = :caseTier, tierBecause = :because',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(incidentId)',
          ExpressionAttributeValues: {
            ':incident': plan.incidentId,
            ':viral': plan.viralRisk,
            ':tier': plan.tier,
            ':caseTier': plan.caseTier,
            ':because': plan.tierBecause,
          },
        },
      },
      {
        // updatedAt stays: a link is not news from the customer. The case as read, or decide again.
        Update: {
          TableName: t,
          Key: keys.case(target.caseId),
          UpdateExpression:
            'SET incidentId = if_not_exists(incidentId, :incident), viralRisk = :viral, tier = :tier, briefText = :text',
          ConditionExpression: 'updatedAt = :updatedAt AND tier = :tierBefore',
          ExpressionAttributeValues: {
            ':incident': plan.incidentId,
            ':viral': plan.caseViralRisk,
            ':tier': plan.caseTier,
            ':text': plan.briefText,
            ':updatedAt': target.case.updatedAt,
            ':tierBefore': target.case.tier,
          },
        },
      },
      {
        Update: {
          TableName: t,
          Key: keys.incident(plan.incidentId),
          UpdateExpression: 'ADD linkedContacts :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'linked';
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        return error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed' ? 'already' : 'conflict';
      }
      throw error;
    }
  }

  async markAlerted(incident: IncidentPointer, summary: IncidentSummary, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.incident(incident.incidentId),
        UpdateExpression:
          'SET alertedAt = if_not_exists(alertedAt, :at), topTerms = :terms, exampleCaseIds = :examples, mentions = :mentions',
        ExpressionAttributeValues: {
          ':at': at,
          ':terms': summary.topTerms,
          ':examples': summary.exampleCaseIds,
          ':mentions': summary.mentions,
        },
      }),
    );
    try {
      // The pointer may already name a newer incident; only ours is marked.
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.incidentPointer(incident.topic),
          UpdateExpression: 'SET alertedAt = if_not_exists(alertedAt, :at)',
          ConditionExpression: 'incidentId = :id',
          ExpressionAttributeValues: { ':at': at, ':id': incident.incidentId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
