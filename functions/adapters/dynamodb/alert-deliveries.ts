import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { TABLE } from '../../../infra/resources.ts';
import type { DeliveryClaim, DeliveryLog } from '../../core/alerts/delivery.ts';
import { RetryableError } from '../../core/errors.ts';
import * as z from '../../core/zod.ts';

/**
 * | item                  | PK               | SK                 |
 * |-----------------------|------------------|--------------------|
 * | webhook delivery      | ALERT#<alertId>  | DELIVERY#webhook   |
 *
 * Kept 30 days (the table's TTL attribute): longer than SQS keeps a notice, DLQ included (14 days), so a
 * redrive still finds the record; alert ids are per case and tier, so nothing later reuses one.
 */
export const alertDeliveryKey = (alertId: string) => ({ PK: `ALERT#${alertId}`, SK: 'DELIVERY#webhook' });
const KEEP_SECONDS = 30 * 86_400;

const deliveryItem = z.object({
  state: z.enum(['sending', 'delivered']),
  leaseUntil: z.optional(z.string()),
  deliveredAt: z.optional(z.string()),
});

/** The webhook delivery record in the one table: claim (conditional put), then delivered or released. */
export class DynamoAlertDeliveryLog implements DeliveryLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(alertId: string, now: Date, leaseMs: number): Promise<DeliveryClaim> {
    const token = randomUUID();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...alertDeliveryKey(alertId),
            alertId,
            state: 'sending',
            token,
            claimedAt: now.toISOString(),
            leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
            [TABLE.ttlAttribute]: Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
          },
          // New, or a claim whose holder is gone (its lease ran out): never over a delivered record.
          ConditionExpression: 'attribute_not_exists(PK) OR (#state = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending', ':now': now.toISOString() },
        }),
      );
      return { outcome: 'claimed', token };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: alertDeliveryKey(alertId), ConsistentRead: true }),
    );
    // Released between the two calls: the next receive claims it.
    if (!Item) throw new RetryableError(`alert ${alertId}: a claim was released meanwhile`);
    const held = deliveryItem.parse(Item);
    return held.state === 'delivered'
      ? { outcome: 'delivered', deliveredAt: held.deliveredAt ?? '' }
      : { outcome: 'busy', leaseUntil: held.leaseUntil ?? '' };
  }

  async markDelivered(alertId: string, token: string, at: Date, status: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: alertDeliveryKey(alertId),
        UpdateExpression:
          'SET #state = :delivered, deliveredAt = :at, httpStatus = :status REMOVE #token, leaseUntil',
        ConditionExpression: '#token = :token',
        ExpressionAttributeNames: { '#state': 'state', '#token': 'token' },
        ExpressionAttributeValues: {
          ':delivered': 'delivered',
          ':at': at.toISOString(),
          ':status': status,
          ':token': token,
        },
      }),
    );
  }

  async release(alertId: string, token: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: alertDeliveryKey(alertId),
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      // Someone else's claim by now (ours expired): theirs to finish.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
