import { Console } from 'node:console';
import { createWriteStream, mkdirSync, type WriteStream, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CreateTopicCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DynamoCaseOperations } from '../functions/adapters/dynamodb/case-operations.ts';
import { wireAlertDelivery } from '../functions/alerts/wire.ts';
import {
  alertDeliveryConfigSchema,
  INTAKE_ENV,
  intakeConfigSchema,
  loadConfig,
  sweeperConfigSchema,
  triageConfigSchema,
} from '../functions/config.ts';
import { CHANNELS } from '../functions/core/contact.ts';
import type { StaffMember } from '../functions/core/routing/roster.ts';
import type { Escalation } from '../functions/core/sweeper.ts';
import { type IntakeOverrides, wireIntake } from '../functions/intake/wire.ts';
import { createDynamoClient, createSnsClient, createSqsClient } from '../functions/shared/clients.ts';
import { wireSweeper } from '../functions/sweeper/wire.ts';
import { type TriageOverrides, wireTriage } from '../functions/triage/wire.ts';
import {
  ALERT_DELIVERY_QUEUE,
  BATCH_SIZE,
  ENV,
  FUNCTION_TIMEOUT_SECONDS,
  intakeQueueFor,
  QUEUE_KEYS,
} from '../infra/resources.ts';
import { type RunningServer, startDynamoDbLocal } from './dynamodb-local.ts';
import { localEndpointEnv } from './endpoint-env.ts';
import { startLocalSqs } from './fauxqs.ts';
import { startLocalInbox } from './http/inbox-edge.ts';
import { startLocalIntakeEdge } from './http/intake-edge.ts';
import { EventSourcePoller } from './poller.ts';
import {
  createQueues,
  createQueueWithDlq,
  createTable,
  type LocalQueue,
  type LocalQueues,
} from './provision.ts';

export interface LocalStackOptions {
  readonly dynamodbPort: number;
  readonly sqsPort: number;
  /** Shorter than AWS's so that retries and dead-lettering take seconds locally. */
  readonly visibilityTimeoutSeconds: number;
  /** Handler logs (Powertools JSON) go here, keeping the terminal readable and the logs inspectable. */
  readonly logFile: string;
  readonly region?: string;
  readonly triage?: TriageOverrides;
  /** Senior staff to seed the roster with (`flashpoint roster load` does the same later). */
  readonly roster?: readonly StaffMember[];
  /** The sweeper's clock; tests move it past deadlines. */
  readonly sweeperClock?: () => Date;
  readonly intake?: IntakeOverrides;
  /** Receive loops per queue (Lambda runs several pollers per mapping); 1 keeps the demo's order. */
  readonly concurrency?: number;
  /** Port of the HTTP intake (POST /v1/email|chat|social) on 127.0.0.1; default 0, a free one. */
  readonly httpPort?: number;
  /** Port of the inbox (web page + /api) on 127.0.0.1; default 0, a free one. */
  readonly inboxPort?: number;
  /** The built inbox page; default web/dist. */
  readonly webRoot?: string;
  /**
   * A Slack-compatible incoming webhook (FLASHPOINT_ALERT_WEBHOOK_URL): when set, a delivery queue is
   * subscribed to the alerts topic and the alert-delivery handler posts each alert there, as in AWS.
   */
  readonly alertWebhookUrl?: string;
}

/** What a running local stack exposes; also written to .local/stack.json for the `flashpoint` command. */
export interface LocalStackInfo {
  readonly region: string;
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
  readonly tableName: string;
  readonly queues: LocalQueues;
  readonly alertTopicArn: string;
  /** A queue subscribed to the alerts topic: what an e-mail or chat subscription would receive. */
  readonly alertNoticesUrl: string;
  /** The queue (and DLQ) between the alerts topic and the chat webhook; only with `alertWebhookUrl`. */
  readonly alertDelivery?: LocalQueue;
}

export interface LocalStack extends LocalStackInfo {
  /** The HTTP intake, `http://127.0.0.1:<port>` (local/http/server.ts). */
  readonly httpEndpoint: string;
  /** The inbox, `http://127.0.0.1:<port>/` (local/http/inbox-server.ts): the page and its /api. */
  readonly inboxUrl: string;
  /** The fauxqs S3 bucket standing in for SES's raw-mail bucket; the email intake reads from it. */
  readonly rawMailBucket: string;
  /** Resolves when every consumed queue is empty and no handler is running. */
  drain(timeoutMs?: number): Promise<void>;
  /** One pass of the deadline sweeper (in AWS: an EventBridge schedule). */
  sweep(): Promise<Escalation[]>;
  stop(): Promise<void>;
}

export const TABLE_NAME = 'flashpoint-local';
export const DEFAULT_STACK_FILE = '.local/stack.json';

export async function startLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  const region = o.region ?? 'us-east-1';
  const logs = redirectHandlerLogs(o.logFile);
  const started: RunningServer[] = [];
  try {
    const dynamo = await startDynamoDbLocal(o.dynamodbPort, 'FLASHPOINT_DYNAMODB_PORT');
    started.push(dynamo);
    const sqsServer = await startLocalSqs(o.sqsPort, 'FLASHPOINT_SQS_PORT');
    started.push(sqsServer);
    const settings = {
      region,
      dynamodbEndpoint: dynamo.endpoint,
      sqsEndpoint: sqsServer.endpoint,
      snsEndpoint: sqsServer.endpoint,
    };
    const db = createDynamoClient(settings);
    const sqs = createSqsClient(settings);
    await createTable(db, TABLE_NAME);
    const queues = await createQueues(sqs, {
      prefix: 'flashpoint-',
      visibilityTimeoutSeconds: o.visibilityTimeoutSeconds,
    });
    const edge = await startLocalIntakeEdge({
      region,
      awsEndpoint: sqsServer.endpoint,
      queues,
      httpPort: o.httpPort ?? 0,
    });
    started.push(edge);
    const inbox = await startLocalInbox({
      db,
      tableName: TABLE_NAME,
      port: o.inboxPort ?? 0,
      ...(o.webRoot ? { webRoot: o.webRoot } : {}),
    });
    started.push({ endpoint: inbox.url, stop: () => inbox.stop() });

    // The same config schemas as the Lambdas: the local stack is configured the way AWS configures them.
    const endpoints = localEndpointEnv({
      region,
      dynamodbEndpoint: dynamo.endpoint,
      sqsEndpoint: sqsServer.endpoint,
    });
    const alerts = await createAlertTopic(createSnsClient(settings), sqs);
    if (o.roster) await new DynamoCaseOperations(db, TABLE_NAME).saveRoster(o.roster);
    const pollers: EventSourcePoller[] = [];
    for (const channel of CHANNELS) {
      const key = intakeQueueFor[channel];
      const config = loadConfig(intakeConfigSchema, {
        ...endpoints,
        [ENV.channel]: channel,
        [ENV.contactsQueueUrl]: queues.contacts.url,
        [ENV.deadLetterQueueUrl]: queues[key].dlqUrl,
        ...(channel === 'email'
          ? { [INTAKE_ENV.rawMailBucket]: edge.rawMailBucket, [INTAKE_ENV.s3Endpoint]: sqsServer.endpoint }
          : {}),
      });
      pollers.push(newPoller(`intake-${channel}`, queues[key], wireIntake(config, o.intake)));
    }
    const triageConfig = loadConfig(triageConfigSchema, {
      ...endpoints,
      [ENV.tableName]: TABLE_NAME,
      [ENV.seniorQueueUrl]: queues.senior.url,
      [ENV.normalQueueUrl]: queues.normal.url,
      [ENV.deadLetterQueueUrl]: queues.contacts.dlqUrl,
      [ENV.alertTopicArn]: alerts.topicArn,
    });
    const sweep = wireSweeper(
      loadConfig(sweeperConfigSchema, {
        ...endpoints,
        [ENV.tableName]: TABLE_NAME,
        [ENV.seniorQueueUrl]: queues.senior.url,
        [ENV.normalQueueUrl]: queues.normal.url,
        [ENV.alertTopicArn]: alerts.topicArn,
      }),
      o.sweeperClock,
    );
    // A first delivery here is bounded by the (short) local visibility timeout, not by AWS's function timeout.
    const triageOverrides = { inFlightMs: o.visibilityTimeoutSeconds * 1000, ...o.triage };
    pollers.push(newPoller('triage', queues.contacts, wireTriage(triageConfig, triageOverrides)));
    const alertDelivery = o.alertWebhookUrl
      ? await createAlertDelivery(createSnsClient(settings), sqs, alerts.topicArn, o.visibilityTimeoutSeconds)
      : undefined;
    if (alertDelivery && o.alertWebhookUrl) {
      const config = loadConfig(alertDeliveryConfigSchema, {
        ...endpoints,
        [ENV.tableName]: TABLE_NAME,
        [ENV.deadLetterQueueUrl]: alertDelivery.dlqUrl,
        [ENV.alertWebhookUrl]: o.alertWebhookUrl,
        [ENV.inboxUrl]: inbox.url,
      });
      pollers.push(newPoller('alerts', alertDelivery, wireAlertDelivery(config)));
    }
    for (const p of pollers) p.start();

    function newPoller(
      name: string,
      queue: LocalQueues[keyof LocalQueues],
      handler: ReturnType<typeof wireIntake>,
    ) {
      return new EventSourcePoller({
        name,
        sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        region,
        handler,
        batchSize: BATCH_SIZE,
        timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
        concurrency: o.concurrency ?? 1,
        onError: (error) => logs.console.error(`poller ${name}: ${(error as Error).name}`),
      });
    }

    const consumed = QUEUE_KEYS.filter((k) => k !== 'senior' && k !== 'normal').map((k) => queues[k].url);
    if (alertDelivery) consumed.push(alertDelivery.url);
    return {
      region,
      dynamodbEndpoint: dynamo.endpoint,
      sqsEndpoint: sqsServer.endpoint,
      tableName: TABLE_NAME,
      queues,
      httpEndpoint: edge.endpoint,
      ...(alertDelivery ? { alertDelivery } : {}),
      inboxUrl: inbox.url,
      rawMailBucket: edge.rawMailBucket,
      alertTopicArn: alerts.topicArn,
      alertNoticesUrl: alerts.noticesUrl,
      sweep,
      async drain(timeoutMs = 60_000) {
        const deadline = Date.now() + timeoutMs;
        let quietRounds = 0;
        // Two quiet looks in a row: a message can be between one queue and the next for a moment.
        while (quietRounds < 2) {
          if (Date.now() > deadline) throw new Error(`local pipeline did not drain within ${timeoutMs} ms`);
          const depth = await totalDepth(sqs, consumed);
          quietRounds = depth === 0 && !pollers.some((p) => p.busy) ? quietRounds + 1 : 0;
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      async stop() {
        await Promise.all(pollers.map((p) => p.stop()));
        sqs.destroy();
        db.destroy();
        for (const s of started.reverse()) await s.stop();
        await logs.close();
      },
    };
  } catch (error) {
    for (const s of started.reverse()) await s.stop();
    await logs.close();
    throw error;
  }
}

/** The alerts topic, with a queue subscribed to it standing in for staff e-mail and chat subscriptions. */
async function createAlertTopic(
  sns: SNSClient,
  sqs: SQSClient,
): Promise<{ topicArn: string; noticesUrl: string }> {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'flashpoint-alerts' }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'flashpoint-alert-notices' }));
  if (!TopicArn || !QueueUrl) throw new Error('alerts topic or notices queue was not created');
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn ?? '' }));
  sns.destroy();
  return { topicArn: TopicArn, noticesUrl: QueueUrl };
}

/**
 * The alert-delivery queue, subscribed with raw message delivery as the CDK subscription is. fauxqs hands
 * it the whole MessageStructure document rather than its `sqs` member; functions/alerts/notice-body.ts
 * reads both.
 */
async function createAlertDelivery(
  sns: SNSClient,
  sqs: SQSClient,
  topicArn: string,
  visibilityTimeoutSeconds: number,
): Promise<LocalQueue> {
  const queue = await createQueueWithDlq(sqs, ALERT_DELIVERY_QUEUE, {
    prefix: 'flashpoint-',
    visibilityTimeoutSeconds,
  });
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queue.arn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  sns.destroy();
  return queue;
}

async function totalDepth(sqs: ReturnType<typeof createSqsClient>, urls: readonly string[]): Promise<number> {
  let total = 0;
  for (const url of urls) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    total +=
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
  }
  return total;
}

/**
 * Powertools writes JSON logs to stdout; locally they go to a file instead, so the terminal shows the
 * replay table and the logs can be inspected (and checked for personal data) afterwards.
 */
function redirectHandlerLogs(path: string): { console: Console; close(): Promise<void> } {
  mkdirSync(dirname(path), { recursive: true });
  const stream: WriteStream = createWriteStream(path, { flags: 'a' });
  const fileConsole = new Console({ stdout: stream, stderr: stream });
  const original = globalThis.console;
  process.env.POWERTOOLS_DEV = 'true';
  globalThis.console = fileConsole;
  return {
    console: fileConsole,
    close: () =>
      new Promise((resolve) => {
        globalThis.console = original;
        stream.end(resolve);
      }),
  };
}

export function writeStackInfo(path: string, info: LocalStackInfo): void {
  mkdirSync(dirname(path), { recursive: true });
  const { region, dynamodbEndpoint, sqsEndpoint, tableName, queues, alertTopicArn, alertNoticesUrl } = info;
  const file = {
    region,
    dynamodbEndpoint,
    sqsEndpoint,
    tableName,
    queues,
    alertTopicArn,
    alertNoticesUrl,
    ...(info.alertDelivery ? { alertDelivery: info.alertDelivery } : {}),
  };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}
