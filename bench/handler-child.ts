/**
 * Run in a fresh process by bench/handlers.ts: one handler (triage or intake) over many SQS events with
 * in-memory fakes for the store and the queues, the real Powertools logger and metrics. Measures peak
 * memory, CPU per message, and the bytes the handler writes to stdout — on Lambda, the log bytes
 * CloudWatch Logs ingests (log lines plus one EMF metrics blob per invocation).
 *
 *   node --import tsx bench/handler-child.ts triage|intake RESULT.json
 */
import { writeFileSync } from 'node:fs';
import type { SQSEvent } from 'aws-lambda';
import { ADAPTERS } from '../functions/core/channels/index.ts';
import type { ContactQueue, RoutingPublisher } from '../functions/core/ports.ts';
import type { StaffLoad } from '../functions/core/routing/roster.ts';
import { DEFAULT_THRESHOLDS } from '../functions/core/scoring/tier.ts';
import { createIntakeHandler } from '../functions/intake/create-handler.ts';
import type { SqsHandler } from '../functions/shared/sqs-batch.ts';
import { defaultTextModel } from '../functions/shared/text-model.ts';
import { createTriageHandler } from '../functions/triage/create-handler.ts';
import { BATCH_SIZE } from '../infra/resources.ts';
import { lambdaContext, sqsEvent, sqsRecord } from '../tests/helpers/factories.ts';
import { RecordingDeadLetters } from '../tests/helpers/fakes.ts';
import { MemoryCaseStore } from '../tests/helpers/memory-store.ts';
import { messageMix } from './lib/messages.ts';

export interface HandlerChildResult {
  readonly handler: 'triage' | 'intake';
  readonly messages: number;
  readonly invocations: number;
  /** After imports, model load and handler construction, before the first event. */
  readonly baseline: { readonly rssMb: number; readonly heapUsedMb: number };
  readonly peak: { readonly rssMb: number; readonly heapUsedMb: number };
  /** In-process CPU per message with in-memory fakes: the handler's own work, no network. */
  readonly cpuMsPerMessage: number;
  /** stdout bytes per invocation with a full batch and with one record, and what that implies. */
  readonly logBytes: {
    readonly perFullBatch: number;
    readonly perSingle: number;
    readonly perMessage: number;
    readonly perInvocation: number;
  };
}

// Count what the logger and metrics write instead of printing it.
let stdoutBytes = 0;
process.stdout.write = ((chunk: string | Uint8Array) => {
  stdoutBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
  return true;
}) as typeof process.stdout.write;

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Counts instead of keeping: a Lambda does not hold what it published. */
class CountingQueue implements ContactQueue, RoutingPublisher {
  sent = 0;
  async send(): Promise<void> {
    this.sent++;
  }
  async publish(): Promise<void> {
    this.sent++;
  }
}

const ROSTER: StaffLoad[] = ['ana', 'ben', 'chi', 'dev', 'eli'].map((id) => ({
  id,
  name: id,
  channels: ['email', 'chat', 'social'],
  languages: ['en'],
  topics: [],
  capacity: 1_000_000,
  onShift: true,
  openCases: 0,
}));

async function main(): Promise<void> {
  const [mode, resultPath] = process.argv.slice(2);
  if ((mode !== 'triage' && mode !== 'intake') || !resultPath) {
    throw new Error('usage: handler-child.ts triage|intake RESULT.json');
  }
  const fullBatches = 200;
  const singles = 200;
  const needed = fullBatches * BATCH_SIZE + singles;
  const messages = messageMix(needed * 3, {
    seed: 404,
    repeatShare: 0.3,
    repeatLag: 50,
    runId: 'memory',
    at: new Date().toISOString(),
  })
    .filter((m) => mode === 'triage' || m.channel === 'chat')
    .slice(0, needed);
  const bodies =
    mode === 'triage'
      ? await Promise.all(
          messages.map(async (m) =>
            JSON.stringify(
              await ADAPTERS[m.channel].toContact(m.body, { receivedAt: new Date().toISOString() }),
            ),
          ),
        )
      : messages.map((m) => m.body);

  const sink = new CountingQueue();
  const observability = {
    logger: new (await import('@aws-lambda-powertools/logger')).Logger({
      serviceName: mode,
      logLevel: 'INFO',
    }),
    metrics: new (await import('@aws-lambda-powertools/metrics')).Metrics({
      serviceName: mode,
      namespace: 'Flashpoint',
    }),
  };
  let handler: SqsHandler;
  if (mode === 'triage') {
    const store = new MemoryCaseStore();
    store.roster = ROSTER;
    handler = createTriageHandler({
      store,
      textModel: defaultTextModel(),
      publisher: sink,
      deadLetters: new RecordingDeadLetters(),
      thresholds: DEFAULT_THRESHOLDS,
      clock: () => new Date(),
      ...observability,
    });
  } else {
    handler = createIntakeHandler({
      adapter: ADAPTERS.chat,
      contacts: sink,
      deadLetters: new RecordingDeadLetters(),
      ...observability,
    });
  }

  let next = 0;
  const event = (size: number): SQSEvent => {
    const records = bodies.slice(next, next + size).map((b) => sqsRecord(b));
    next += size;
    return sqsEvent(...records);
  };
  await handler(event(BATCH_SIZE), lambdaContext()); // warm-up: first-call costs are not per message

  const base = process.memoryUsage();
  const peak = { rss: base.rss, heapUsed: base.heapUsed };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  };
  const cpu = process.cpuUsage();
  let processed = 0;
  let invocations = 0;
  const run = async (count: number, size: number): Promise<number> => {
    const before = stdoutBytes;
    for (let i = 0; i < count; i++) {
      const e = event(size);
      const result = await handler(e, lambdaContext());
      if (result.batchItemFailures.length > 0) throw new Error(`${mode}: records failed`);
      processed += e.Records.length;
      invocations++;
      sample();
    }
    return (stdoutBytes - before) / Math.max(1, count);
  };
  const perFullBatch = await run(fullBatches - 1, BATCH_SIZE);
  const perSingle = await run(singles, 1);
  const used = process.cpuUsage(cpu);
  const perMessage = (perFullBatch - perSingle) / (BATCH_SIZE - 1);
  const result: HandlerChildResult = {
    handler: mode,
    messages: processed,
    invocations,
    baseline: { rssMb: mb(base.rss), heapUsedMb: mb(base.heapUsed) },
    peak: { rssMb: mb(peak.rss), heapUsedMb: mb(peak.heapUsed) },
    cpuMsPerMessage: (used.user + used.system) / 1000 / processed,
    logBytes: {
      perFullBatch,
      perSingle,
      perMessage,
      perInvocation: Math.max(0, perSingle - perMessage),
    },
  };
  writeFileSync(resultPath, JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
