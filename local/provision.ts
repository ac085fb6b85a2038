import { CreateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DLQ_RETENTION_DAYS,
  deadLetterId,
  QUEUE_KEYS,
  QUEUES,
  type QueueDefinition,
  type QueueKey,
  TABLE,
  VISIBILITY_TIMEOUT_SECONDS,
} from '../infra/resources.ts';

export interface LocalQueue {
  readonly url: string;
  readonly arn: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
}
export type LocalQueues = Record<QueueKey, LocalQueue>;

/** Creates the table exactly as infra/resources.ts defines it (the CDK state stack reads the same). */
export async function createTable(db: DynamoDBDocumentClient, tableName: string): Promise<void> {
  const attributes = new Set<string>([TABLE.partitionKey, TABLE.sortKey]);
  for (const index of TABLE.indexes)
    for (const name of [...index.partitionKeys, ...index.sortKeys]) attributes.add(name);
  await db.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          ...index.partitionKeys.map((name) => ({ AttributeName: name, KeyType: 'HASH' as const })),
          ...index.sortKeys.map((name) => ({ AttributeName: name, KeyType: 'RANGE' as const })),
        ],
        Projection: {
          ProjectionType: index.projection,
          ...('nonKeyAttributes' in index ? { NonKeyAttributes: [...index.nonKeyAttributes] } : {}),
        },
      })),
    }),
  );
  await db.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
    }),
  );
}

/**
 * Creates every queue and its DLQ with the redrive policy of infra/resources.ts. Locally the
 * visibility timeout may be shortened so retries happen in seconds rather than minutes.
 */
export async function createQueues(
  sqs: SQSClient,
  options: { prefix: string; visibilityTimeoutSeconds?: number },
): Promise<LocalQueues> {
  const out: Partial<LocalQueues> = {};
  for (const key of QUEUE_KEYS) out[key] = await createQueueWithDlq(sqs, QUEUES[key], options);
  return out as LocalQueues;
}

/** One queue and its DLQ as a definition describes them; also for queues outside QUEUES (alert delivery). */
export async function createQueueWithDlq(
  sqs: SQSClient,
  def: QueueDefinition,
  options: { prefix: string; visibilityTimeoutSeconds?: number },
): Promise<LocalQueue> {
  const visibility = String(options.visibilityTimeoutSeconds ?? VISIBILITY_TIMEOUT_SECONDS);
  // SQS wants FIFO queue names to end in .fifo; in AWS CloudFormation appends it to generated names.
  const fifo: { suffix: string; attributes: Record<string, string> } = def.fifo
    ? { suffix: '.fifo', attributes: { FifoQueue: 'true' } }
    : { suffix: '', attributes: {} };
  const dlqUrl = await createQueue(sqs, `${options.prefix}${deadLetterId(def)}${fifo.suffix}`, {
    ...fifo.attributes,
    MessageRetentionPeriod: String(DLQ_RETENTION_DAYS * 86_400),
  });
  const dlqArn = await queueArn(sqs, dlqUrl);
  const url = await createQueue(sqs, `${options.prefix}${def.id}${fifo.suffix}`, {
    ...fifo.attributes,
    VisibilityTimeout: visibility,
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: def.maxReceiveCount }),
  });
  return { url, arn: await queueArn(sqs, url), dlqUrl, dlqArn };
}

async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (!QueueUrl) throw new Error(`queue ${name} was not created`);
  return QueueUrl;
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${url} has no ARN`);
  return arn;
}
