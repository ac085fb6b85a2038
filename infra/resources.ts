/**
 * The one definition of Flashpoint's queues and table. The CDK stacks and the local stack both read
 * it, so a queue added here exists in AWS and on a laptop alike; nothing is listed twice.
 */
import type { Channel } from '../functions/core/contact.ts';

export type ConsumerName = 'intake' | 'triage';

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
  },
  normal: {
    id: 'Normal',
    purpose: 'calm and warm contacts for the regular queue',
    maxReceiveCount: MAX_RECEIVE_COUNT,
  },
} as const satisfies Record<string, QueueDefinition>;

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
  indexes: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ],
} as const;

/** Environment variables the handlers read (functions/config.ts). The CDK stack sets them. */
export const ENV = {
  tableName: 'TABLE_NAME',
  channel: 'CHANNEL',
  contactsQueueUrl: 'CONTACTS_QUEUE_URL',
  seniorQueueUrl: 'SENIOR_QUEUE_URL',
  normalQueueUrl: 'NORMAL_QUEUE_URL',
  deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  alertTopicArn: 'ALERT_TOPIC_ARN',
} as const;
