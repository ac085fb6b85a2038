/**
 * The whole local pipeline (DynamoDB Local + fauxqs + the real handlers behind the local event-source
 * poller), measured end to end: messages go onto the intake queues, and a message counts as done when
 * its contact item in DynamoDB has `routedAt` (set by triage after publishing to the senior or normal
 * queue). Latency = routedAt − the moment the bench handed the message to SendMessage(Batch).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../functions/adapters/dynamodb/keys.ts';
import { intakeConfigSchema, loadConfig, triageConfigSchema } from '../functions/config.ts';
import { ADAPTERS } from '../functions/core/channels/index.ts';
import type { Channel } from '../functions/core/contact.ts';
import { wireIntake } from '../functions/intake/wire.ts';
import { createDynamoClient, createSqsClient } from '../functions/shared/clients.ts';
import type { SqsHandler } from '../functions/shared/sqs-batch.ts';
import { wireTriage } from '../functions/triage/wire.ts';
import { BATCH_SIZE, ENV, FUNCTION_TIMEOUT_SECONDS, intakeQueueFor } from '../infra/resources.ts';
import { localEndpointEnv } from '../local/endpoint-env.ts';
import { freePort } from '../local/ports.ts';
import { clientSettings } from '../local/replay.ts';
import { type LocalStack, startLocalStack } from '../local/stack.ts';
import { lambdaContext, sqsEvent, sqsRecord } from '../tests/helpers/factories.ts';
import { type BenchMessage, messageMix, repeatShareOf } from './lib/messages.ts';
import { mean, median, msSince, quantile } from './lib/stats.ts';

export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface PhaseFigures {
  readonly messages: number;
  /** Contacts with routedAt in the table at the end; anything short of `messages` is reported. */
  readonly routed: number;
  /** First send to last routedAt. */
  readonly seconds: number;
  readonly messagesPerSecond: number;
  readonly latencyMs: Latency;
  readonly repeatShare: number;
  /** CPU milliseconds per message: this Node process (fauxqs, pollers, handlers) and DynamoDB Local's JVM. */
  readonly cpuMsPerMessage: { readonly node: number; readonly dynamodbLocal: number };
}

export interface HandlerTiming {
  /** Median wall time of one invocation with a full batch (BATCH_SIZE records). */
  readonly fullBatchMs: number;
  /** Median wall time of one invocation with a single record. */
  readonly singleMs: number;
  /** Derived: (full − single) / (BATCH_SIZE − 1). */
  readonly perMessageMs: number;
  /** Derived: single − perMessage; never below 0. */
  readonly perInvocationMs: number;
  readonly invocations: number;
}

export interface TriageTiming extends HandlerTiming {
  readonly chars: number;
}

export interface HandlerTimings {
  readonly intake: HandlerTiming;
  readonly triageShort: TriageTiming;
  readonly triageMail: TriageTiming;
}

export interface PipelineFigures {
  readonly concurrency: number;
  readonly startupSeconds: number;
  readonly warmupMessages: number;
  readonly burst: PhaseFigures;
  readonly paced: PhaseFigures & { readonly targetRate: number };
  readonly handlers: HandlerTimings;
}

export interface PipelineOptions {
  /** Receive loops per queue in the local poller (Lambda runs several pollers per event source). */
  readonly concurrency: number;
  /** Sent and drained before measuring, so the JVM behind DynamoDB Local and V8 have compiled the hot paths. */
  readonly warmupMessages: number;
  readonly burstMessages: number;
  readonly pacedMessages: number;
  /** Messages per second of the paced phase; at most half the burst throughput, so it stays below capacity. */
  readonly pacedRate: number;
  readonly handlerInvocations: number;
}

export async function benchPipeline(o: PipelineOptions): Promise<PipelineFigures> {
  // DynamoDB capacity is measured on its own (bench/capacity.ts): pricing transactions item by item reads
  // every item before and after, which would slow what this measures.
  const dynamodbPort = await freePort();
  const started = process.hrtime.bigint();
  const logDir = mkdtempSync(join(tmpdir(), 'flashpoint-bench-'));
  const stack = await startLocalStack({
    dynamodbPort,
    sqsPort: 0,
    // The function timeout: a batch that takes longer has failed anyway. Shorter (the local default of
    // 5 s) redelivers batches still being processed on a busy machine, and the bench counts the rework.
    visibilityTimeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
    logFile: join(logDir, 'pipeline.log'),
    concurrency: o.concurrency,
  });
  const startupSeconds = msSince(started) / 1000;
  const sqs = createSqsClient(clientSettings(stack));
  const db = createDynamoClient(clientSettings(stack));
  try {
    const at = new Date().toISOString();
    const mix = (count: number, seed: number, runId: string, repeatShare = 0, repeatLag = 1) =>
      messageMix(count, { seed, repeatShare, repeatLag, runId, at });
    const cpu = cpuMeter();

    const warmup = mix(o.warmupMessages, 100, 'warmup');
    await sendBurst(sqs, stack, warmup);
    await stack.drain(300_000);

    // Burst: first contacts only, so no two messages of one customer race for the same case.
    const burstMessages = mix(o.burstMessages, 101, 'burst');
    cpu.reset();
    const burstSent = await sendBurst(sqs, stack, burstMessages);
    await stack.drain(300_000);
    const burst = await phaseFigures(db, stack, burstMessages, burstSent, {
      cpuMsPerMessage: cpu.perMessage(burstMessages.length),
      repeatShare: 0,
    });

    // Paced: below capacity, so latency is the pipeline's, not the queue's; 30 % repeat contacts, each
    // two seconds after the customer's previous message, so history, open cases and case updates run.
    const rate = Math.max(1, Math.min(o.pacedRate, Math.floor(burst.messagesPerSecond / 2)));
    const pacedMessages = mix(o.pacedMessages, 202, 'paced', 0.3, Math.max(1, Math.round(rate * 2)));
    cpu.reset();
    const pacedSent = await sendPaced(sqs, stack, pacedMessages, rate);
    await stack.drain(300_000);
    const paced = await phaseFigures(db, stack, pacedMessages, pacedSent, {
      cpuMsPerMessage: cpu.perMessage(pacedMessages.length),
      repeatShare: repeatShareOf(pacedMessages),
    });

    const handlers = await timeHandlers(stack, o.handlerInvocations);
    return {
      concurrency: o.concurrency,
      startupSeconds,
      warmupMessages: warmup.length,
      burst,
      paced: { ...paced, targetRate: rate },
      handlers,
    };
  } finally {
    sqs.destroy();
    db.destroy();
    await stack.stop();
    rmSync(logDir, { recursive: true, force: true });
  }
}

/** CPU time of this process and of the DynamoDB Local JVM (its child), from /proc on Linux. */
function cpuMeter() {
  const javaPid = (() => {
    try {
      return execFileSync('pgrep', ['-P', String(process.pid), 'java'], { encoding: 'utf8' })
        .trim()
        .split('\n')[0];
    } catch {
      return undefined;
    }
  })();
  const javaSeconds = () => {
    if (!javaPid) return Number.NaN;
    try {
      // Fields after the command: utime and stime are the 12th and 13th, in clock ticks (100 per second).
      const fields = readFileSync(`/proc/${javaPid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return Number.NaN;
    }
  };
  let node = process.cpuUsage();
  let java = javaSeconds();
  return {
    reset() {
      node = process.cpuUsage();
      java = javaSeconds();
    },
    perMessage(messages: number) {
      const used = process.cpuUsage(node);
      return {
        node: (used.user + used.system) / 1000 / messages,
        dynamodbLocal: ((javaSeconds() - java) * 1000) / messages,
      };
    },
  };
}

/** SendMessageBatch per intake queue, ten at a time, eight batches in flight; returns send times. */
async function sendBurst(sqs: SQSClient, stack: LocalStack, messages: readonly BenchMessage[]) {
  const sentAt = new Float64Array(messages.length);
  const batches: { channel: Channel; indices: number[] }[] = [];
  const open = new Map<Channel, number[]>();
  messages.forEach((m, i) => {
    const indices = open.get(m.channel) ?? [];
    indices.push(i);
    open.set(m.channel, indices);
    if (indices.length === 10) {
      batches.push({ channel: m.channel, indices });
      open.delete(m.channel);
    }
  });
  for (const [channel, indices] of open) batches.push({ channel, indices });
  const inFlight = 8;
  for (let b = 0; b < batches.length; b += inFlight) {
    await Promise.all(
      batches.slice(b, b + inFlight).map(async ({ channel, indices }) => {
        const now = Date.now();
        for (const i of indices) sentAt[i] = now;
        const { Failed = [] } = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: stack.queues[intakeQueueFor[channel]].url,
            Entries: indices.map((i) => ({ Id: String(i), MessageBody: messages[i]?.body ?? '' })),
          }),
        );
        if (Failed.length > 0) throw new Error(`bench: ${Failed.length} sends failed`);
      }),
    );
  }
  return sentAt;
}

/** One SendMessage per message at `rate` per second, on schedule (not waiting for earlier sends). */
async function sendPaced(sqs: SQSClient, stack: LocalStack, messages: readonly BenchMessage[], rate: number) {
  const sentAt = new Float64Array(messages.length);
  const start = Date.now();
  const pending: Promise<unknown>[] = [];
  let next = 0;
  while (next < messages.length) {
    const due = Math.min(messages.length, Math.floor(((Date.now() - start) / 1000) * rate) + 1);
    for (; next < due; next++) {
      const m = messages[next];
      if (!m) continue;
      sentAt[next] = Date.now();
      pending.push(
        sqs.send(
          new SendMessageCommand({
            QueueUrl: stack.queues[intakeQueueFor[m.channel]].url,
            MessageBody: m.body,
          }),
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(pending);
  return sentAt;
}

async function phaseFigures(
  db: DynamoDBDocumentClient,
  stack: LocalStack,
  messages: readonly BenchMessage[],
  sentAt: Float64Array,
  extra: Pick<PhaseFigures, 'cpuMsPerMessage' | 'repeatShare'>,
): Promise<PhaseFigures> {
  // The adapters are pure: running one predicts the contact id the pipeline gave each message.
  const ids = await Promise.all(
    messages.map(async (m) => (await ADAPTERS[m.channel].toContact(m.body, { receivedAt: '' })).id),
  );
  const routedAt = await readRoutedAt(db, stack.tableName, ids);
  const latencies: number[] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  ids.forEach((id, i) => {
    const routed = routedAt.get(id);
    const sent = sentAt[i] ?? 0;
    first = Math.min(first, sent);
    if (routed === undefined) return;
    last = Math.max(last, routed);
    latencies.push(routed - sent);
  });
  const seconds = (last - first) / 1000;
  return {
    messages: messages.length,
    routed: latencies.length,
    seconds,
    messagesPerSecond: latencies.length / seconds,
    latencyMs: {
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      p99: quantile(latencies, 0.99),
      max: quantile(latencies, 1),
    },
    ...extra,
  };
}

async function readRoutedAt(
  db: DynamoDBDocumentClient,
  tableName: string,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 100) {
    let request:
      | Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression: string }>
      | undefined = {
      [tableName]: {
        Keys: [...new Set(ids.slice(i, i + 100))].map((id) => keys.contact(id)),
        ProjectionExpression: 'contactId, routedAt',
      },
    };
    while (request && Object.keys(request).length > 0) {
      const { Responses, UnprocessedKeys } = await db.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of Responses?.[tableName] ?? []) {
        if (typeof item.routedAt === 'string') out.set(String(item.contactId), Date.parse(item.routedAt));
      }
      request = UnprocessedKeys as typeof request;
    }
  }
  return out;
}

/**
 * Each handler invoked directly (as Lambda would, one invocation at a time) against the same local
 * servers, with a full batch and with a single record: the durations the cost model bills. Triage runs
 * twice, with ~100-character chats and ~1,000-character e-mails (first contacts).
 */
async function timeHandlers(stack: LocalStack, invocations: number): Promise<HandlerTimings> {
  const endpoints = localEndpointEnv(stack);
  // Intake's output goes to the normal queue, which nothing consumes: the pollers stay idle meanwhile.
  const intake = wireIntake(
    loadConfig(intakeConfigSchema, {
      ...endpoints,
      [ENV.channel]: 'chat',
      [ENV.contactsQueueUrl]: stack.queues.normal.url,
      [ENV.deadLetterQueueUrl]: stack.queues.chatIntake.dlqUrl,
    }),
  );
  const triageConfig = loadConfig(triageConfigSchema, {
    ...endpoints,
    [ENV.tableName]: stack.tableName,
    [ENV.seniorQueueUrl]: stack.queues.senior.url,
    [ENV.normalQueueUrl]: stack.queues.normal.url,
    [ENV.deadLetterQueueUrl]: stack.queues.contacts.dlqUrl,
  });
  const needed = invocations * (BATCH_SIZE + 1) + BATCH_SIZE;
  const of = (channel: Channel, seed: number, runId: string) =>
    messageMix(needed * 4, { seed, repeatShare: 0, repeatLag: 1, runId, at: new Date().toISOString() })
      .filter((m) => m.channel === channel)
      .slice(0, needed);
  const contactsOf = (messages: readonly BenchMessage[]) =>
    Promise.all(
      messages.map(async (m) =>
        JSON.stringify(await ADAPTERS[m.channel].toContact(m.body, { receivedAt: new Date().toISOString() })),
      ),
    );
  const chats = of('chat', 303, 'handler-chat');
  const mails = of('email', 304, 'handler-mail');
  const triage = wireTriage(triageConfig);
  const intakeTiming = await timeHandler(
    intake,
    chats.map((m) => m.body),
    invocations,
  );
  const shortTiming = await timeHandler(triage, await contactsOf(chats), invocations);
  const mailTiming = await timeHandler(triage, await contactsOf(mails), invocations);
  return {
    intake: intakeTiming,
    triageShort: { ...shortTiming, chars: mean(chats.map((m) => m.chars)) },
    triageMail: { ...mailTiming, chars: mean(mails.map((m) => m.chars)) },
  };
}

async function timeHandler(
  handler: SqsHandler,
  bodies: readonly string[],
  invocations: number,
): Promise<HandlerTiming> {
  let next = 0;
  const take = (n: number) => {
    const slice = bodies.slice(next, next + n);
    next += n;
    return slice;
  };
  await handler(sqsEvent(...take(BATCH_SIZE).map((b) => sqsRecord(b))), lambdaContext()); // warm
  const full: number[] = [];
  const single: number[] = [];
  for (let i = 0; i < invocations; i++) {
    for (const [size, into] of [
      [BATCH_SIZE, full],
      [1, single],
    ] as const) {
      const event = sqsEvent(...take(size).map((b) => sqsRecord(b)));
      const t = process.hrtime.bigint();
      const result = await handler(event, lambdaContext());
      into.push(msSince(t));
      if (result.batchItemFailures.length > 0) throw new Error('bench: a handler invocation failed records');
    }
  }
  const fullBatchMs = median(full);
  const singleMs = median(single);
  const perMessageMs = Math.max(0, (fullBatchMs - singleMs) / (BATCH_SIZE - 1));
  return {
    fullBatchMs,
    singleMs,
    perMessageMs,
    perInvocationMs: Math.max(0, singleMs - perMessageMs),
    invocations,
  };
}
