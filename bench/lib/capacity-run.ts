/**
 * Triage driven directly (as Lambda invokes it, one BATCH_SIZE batch at a time) against a running local
 * stack, with every DynamoDB call of the case store and the spike store metered. Shared by
 * bench/capacity.ts (the figures the cost model uses) and tests/integration/capacity.test.ts (the ceiling).
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoSpikeStore } from '../../functions/adapters/dynamodb/spike-store.ts';
import { loadConfig, triageConfigSchema } from '../../functions/config.ts';
import { ADAPTERS } from '../../functions/core/channels/index.ts';
import { createDynamoClient } from '../../functions/shared/clients.ts';
import type { SqsHandler } from '../../functions/shared/sqs-batch.ts';
import { wireTriage } from '../../functions/triage/wire.ts';
import { BATCH_SIZE, ENV } from '../../infra/resources.ts';
import { localEndpointEnv } from '../../local/endpoint-env.ts';
import type { LocalStackInfo } from '../../local/stack.ts';
import { lambdaContext, sqsEvent, sqsRecord } from '../../tests/helpers/factories.ts';
import { type CapacityLedger, meterCapacity } from './dynamo-capacity.ts';
import type { BenchMessage } from './messages.ts';

export interface MeteredTriage {
  readonly handler: SqsHandler;
  /** Cleared by the caller between phases; `summarise(ledger, messages)` turns it into units per message. */
  readonly ledger: CapacityLedger;
  /** The metered client itself, for reads the caller makes on the side (not counted unless it wants). */
  readonly db: DynamoDBDocumentClient;
  close(): void;
}

/**
 * The triage handler as wired for Lambda, its case store and spike store on one metered client. `clock`
 * is triage's: a simulated one spreads messages over time as real traffic would (see SimulatedArrivals).
 */
export function meteredTriage(stack: LocalStackInfo, clock?: () => Date): MeteredTriage {
  const ledger: CapacityLedger = new Map();
  const settings = { region: stack.region, dynamodbEndpoint: stack.dynamodbEndpoint };
  const db = createDynamoClient(settings);
  const peek = createDynamoClient(settings);
  meterCapacity(db, ledger, peek);
  const config = loadConfig(triageConfigSchema, {
    ...localEndpointEnv(stack),
    [ENV.tableName]: stack.tableName,
    [ENV.seniorQueueUrl]: stack.queues.senior.url,
    [ENV.normalQueueUrl]: stack.queues.normal.url,
    [ENV.deadLetterQueueUrl]: stack.queues.contacts.dlqUrl,
  });
  const handler = wireTriage(config, {
    ...(clock ? { clock } : {}),
    decorate: (deps) => ({
      ...deps,
      store: new DynamoCaseStore(db, stack.tableName),
      spikes: new DynamoSpikeStore(db, stack.tableName),
    }),
  });
  return {
    handler,
    ledger,
    db,
    close: () => {
      db.destroy();
      peek.destroy();
    },
  };
}

/**
 * Arrival times at a steady rate, and a clock that reads the arrival of the batch being triaged. Sent all
 * at once, a few hundred messages on a handful of topics look like a brand-wide spike to the detector
 * (20 mentions of a topic in 5 minutes) and most contacts would be linked to an incident: not what an
 * ordinary month costs.
 */
export class SimulatedArrivals {
  private next: number;
  private now: number;

  constructor(
    start: Date,
    private readonly messagesPerMonth: number,
  ) {
    this.next = start.getTime();
    this.now = this.next;
  }

  readonly clock = (): Date => new Date(this.now);

  /** The next message's arrival: 730 h a month divided evenly among the messages. */
  arrive(): string {
    this.next += (730 * 3600 * 1000) / this.messagesPerMonth;
    return new Date(this.next).toISOString();
  }

  /** For triageInBatches: triage runs once the batch's last message has arrived. */
  readonly beforeBatch = (bodies: readonly string[]): void => {
    const last = bodies.at(-1);
    if (last) this.now = Math.max(this.now, Date.parse(receivedAtOf.parse(JSON.parse(last)).receivedAt));
  };
}

const receivedAtOf = z.object({ receivedAt: z.string() });

/**
 * The Contact JSON intake would put on the contacts queue for each message. With `receivedAt`, each is
 * received then (channels that carry their own time, like chat turns, would otherwise keep the bench's).
 */
export async function contactsOf(
  messages: readonly BenchMessage[],
  receivedAt?: () => string,
): Promise<string[]> {
  const out: string[] = [];
  for (const m of messages) {
    const contact = await ADAPTERS[m.channel].toContact(m.body, { receivedAt: new Date().toISOString() });
    out.push(JSON.stringify(receivedAt ? { ...contact, receivedAt: receivedAt() } : contact));
  }
  return out;
}

/**
 * Invokes the handler with full batches, one invocation at a time; throws if any record failed.
 * `beforeBatch` sees the batch's bodies first (a simulated clock moves to their arrival).
 */
export async function triageInBatches(
  handler: SqsHandler,
  bodies: readonly string[],
  beforeBatch?: (bodies: readonly string[]) => void,
): Promise<void> {
  for (let i = 0; i < bodies.length; i += BATCH_SIZE) {
    beforeBatch?.(bodies.slice(i, i + BATCH_SIZE));
    const event = sqsEvent(...bodies.slice(i, i + BATCH_SIZE).map((b) => sqsRecord(b)));
    const { batchItemFailures } = await handler(event, lambdaContext());
    if (batchItemFailures.length > 0) {
      throw new Error(`capacity run: ${batchItemFailures.length} records of a batch failed`);
    }
  }
}

/** Table plus GSI bytes as DescribeTable reports them (DynamoDB Local: no per-item overhead). */
export async function tableBytes(
  db: DynamoDBDocumentClient,
  tableName: string,
): Promise<{ table: number; indexes: number }> {
  const { Table } = await db.send(new DescribeTableCommand({ TableName: tableName }));
  return {
    table: Table?.TableSizeBytes ?? 0,
    indexes: (Table?.GlobalSecondaryIndexes ?? []).reduce((n, g) => n + (g.IndexSizeBytes ?? 0), 0),
  };
}
