/**
 * The one definition of Flashpoint's queues and table. The CDK stacks and the local stack both read
 * it, so a queue added here exists in AWS and on a laptop alike; nothing is listed twice.
 */
import type { Channel } from '../functions/core/contact.ts';

export type ConsumerName = 'intake' | 'triage' | 'alerts';

export interface QueueDefinition {
  /** Stable construct id; also the local queue name. */
  readonly id: string;
  readonly purpose: string;
  /** The Lambda that drains it; queues without one are read by people and their tools. */
  readonly consumer?: { readonly name: ConsumerName; readonly channel?: Channel };
  /**
   * 5 receives: enough to ride out a throttle or a cold dependency at ~1 min apart, few enough that a
   * poison message reaches its DLQ (with its reason) within minutes rather than hours.
   */
  readonly maxReceiveCount: number;
  /**
   * A FIFO queue (and FIFO DLQ) that drops a second send with the same MessageDeduplicationId within
   * SQS's 5-minute deduplication interval. Senders must then pass a MessageGroupId and a
   * MessageDeduplicationId (functions/adapters/sqs/routing-publisher.ts).
   */
  readonly fifo?: boolean;
}

export const FUNCTION_TIMEOUT_SECONDS = 30;
/** AWS guidance for SQS event sources: visibility ≥ 6 × function timeout, else in-flight records reappear. */
export const VISIBILITY_TIMEOUT_SECONDS = 6 * FUNCTION_TIMEOUT_SECONDS;
export const BATCH_SIZE = 10;
export const MAX_BATCHING_WINDOW_SECONDS = 1;
/** 14 days, the SQS maximum: dead letters are evidence, and someone must have time to look. */
export const DLQ_RETENTION_DAYS = 14;

const MAX_RECEIVE_COUNT = 5;

const QUEUE_DEFINITIONS = {
  emailIntake: {
    id: 'EmailIntake',
    purpose: 'raw mail forwarded by support inboxes',
    consumer: { name: 'intake', channel: 'email' },
    maxReceiveCount: MAX_RECEIVE_COUNT,
  },
  chatIntake: {
    id: 'ChatIntake',
    purpose: 'chat transcripts and single turns',
    consumer: { name: 'intake', channel: 'chat' },
    maxReceiveCount: MAX_RECEIVE_COUNT,
  },
  socialIntake: {
    id: 'SocialIntake',
    purpose: 'social-media mentions from listening tools',
    consumer: { name: 'intake', channel: 'social' },
    maxReceiveCount: MAX_RECEIVE_COUNT,
  },
  contacts: {
    id: 'Contacts',
    purpose: 'validated Contacts waiting for triage',
    consumer: { name: 'triage' },
    maxReceiveCount: MAX_RECEIVE_COUNT,
  },
  senior: {
    id: 'Senior',
    purpose: 'hot and critical cases for senior staff, brief attached',
    maxReceiveCount: MAX_RECEIVE_COUNT,
    // Triage re-publishes an alert it cannot prove it published (a crash before markRouted); FIFO with
    // the alertId as deduplication id drops that copy, and the case as message group keeps each case's
    // alerts and escalations in order. 300 sends/s per queue is far above the alert rate.
    fifo: true,
  },
  normal: {
    id: 'Normal',
    purpose: 'calm and warm contacts for the regular queue',
    maxReceiveCount: MAX_RECEIVE_COUNT,
  },
} as const satisfies Record<string, QueueDefinition>;

/**
 * Alerts topic → chat webhook (functions/alerts/handler.ts). Apart from QUEUES because it exists only where a
 * webhook is configured (CDK context `flashpoint:alertWebhookSecretName`, locally FLASHPOINT_ALERT_WEBHOOK_URL),
 * and it lives beside the inbox, whose address its messages link to.
 */
export const ALERT_DELIVERY_QUEUE: QueueDefinition = {
  id: 'AlertDelivery',
  purpose: 'one notice per alert, posted to the chat webhook',
  consumer: { name: 'alerts' },
  maxReceiveCount: MAX_RECEIVE_COUNT,
};

export type QueueKey = keyof typeof QUEUE_DEFINITIONS;
export const QUEUES: Readonly<Record<QueueKey, QueueDefinition>> = QUEUE_DEFINITIONS;
export const QUEUE_KEYS = Object.keys(QUEUES) as QueueKey[];

export const intakeQueueFor: Record<Channel, QueueKey> = {
  email: 'emailIntake',
  chat: 'chatIntake',
  social: 'socialIntake',
};

export function deadLetterId(queue: QueueDefinition): string {
  return `${queue.id}Dlq`;
}

/** Single-table design; the key layout itself is documented in functions/adapters/dynamodb/keys.ts. */
export const TABLE = {
  id: 'Flashpoint',
  partitionKey: 'PK',
  sortKey: 'SK',
  ttlAttribute: 'expiresAt',
  /**
   * GSI1 and GSI2 keys only: with ALL, every case write copied the whole case (brief included) into both
   * indexes, 61 % of the write units per message (BENCHMARKS.md). The lists read the cases by key instead. Changing the
   * projection of a deployed index means replacing it: CloudFormation cannot, so drop and re-add it in two deploys.
   */
  indexes: [
    { name: 'GSI1', partitionKeys: ['GSI1PK'], sortKeys: ['GSI1SK'], projection: 'KEYS_ONLY' },
    { name: 'GSI2', partitionKeys: ['GSI2PK'], sortKeys: ['GSI2SK'], projection: 'KEYS_ONLY' },
    /**
     * The inbox's pages and the sweeper's due cases: a case's own `status` and `tier` (a multi-attribute
     * partition key) and its `deadline`, so a Query reads one tier's open cases most urgent first and stops
     * at its Limit, however many are open. No derived key to keep in step: every write that changes a tier or
     * a deadline moves the entry. `owner` and `acknowledgedAt` ride along so the owner filter and the
     * sweeper's "not acknowledged" are decided on the index, and `incidentId` so the incident pages find and
     * count an incident's open cases from the index alone (set once per case: in triage together with the new
     * deadline, which rewrites the entry anyway; a link after the fact may add one index write). Only case items carry a `status`, and all three key attributes are strings wherever they
     * occur (a key attribute of another type would fail the write).
     */
    {
      name: 'GSI3',
      partitionKeys: ['status', 'tier'],
      sortKeys: ['deadline'],
      projection: 'INCLUDE',
      nonKeyAttributes: ['owner', 'acknowledgedAt', 'incidentId'],
    },
  ],
} as const satisfies { readonly indexes: readonly TableIndex[] } & Record<string, unknown>;

/** A global secondary index; more than one key attribute makes a multi-attribute key (DynamoDB, Nov 2025). */
export interface TableIndex {
  readonly name: string;
  readonly partitionKeys: readonly string[];
  readonly sortKeys: readonly string[];
  readonly projection: 'KEYS_ONLY' | 'INCLUDE' | 'ALL';
  readonly nonKeyAttributes?: readonly string[];
}

/** Environment variables the handlers read (functions/config.ts). The CDK stack sets them. */
export const ENV = {
  tableName: 'TABLE_NAME',
  channel: 'CHANNEL',
  contactsQueueUrl: 'CONTACTS_QUEUE_URL',
  seniorQueueUrl: 'SENIOR_QUEUE_URL',
  normalQueueUrl: 'NORMAL_QUEUE_URL',
  deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  alertTopicArn: 'ALERT_TOPIC_ARN',
  /** AWS: name or ARN of the Secrets Manager secret whose string value is the chat webhook's URL. */
  alertWebhookSecretId: 'ALERT_WEBHOOK_SECRET_ID',
  /** Local stack only: the chat webhook's URL itself. */
  alertWebhookUrl: 'ALERT_WEBHOOK_URL',
  /** The web inbox's address; alert messages link to its case and incident pages. */
  inboxUrl: 'INBOX_URL',
} as const;
