import { ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DynamoCaseReader } from '../functions/adapters/dynamodb/case-reader.ts';
import { REJECTION_ATTRIBUTES } from '../functions/adapters/sqs/dead-letters.ts';
import { ADAPTERS } from '../functions/core/channels/index.ts';
import type { Channel } from '../functions/core/contact.ts';
import { RejectionError } from '../functions/core/errors.ts';
import { createDynamoClient, createSqsClient } from '../functions/shared/clients.ts';
import { intakeQueueFor } from '../infra/resources.ts';
import { inspectLocalQueue } from './inspect-queue.ts';
import type { LocalQueues } from './provision.ts';
import type { SampleMessage } from './samples/conversations.ts';
import type { LocalStack, LocalStackInfo } from './stack.ts';

export async function sendToIntake(
  sqs: SQSClient,
  queues: LocalQueues,
  channel: Channel,
  body: string,
): Promise<string> {
  const { MessageId } = await sqs.send(
    new SendMessageCommand({ QueueUrl: queues[intakeQueueFor[channel]].url, MessageBody: body }),
  );
  return MessageId ?? '';
}

export interface ReplayRow {
  readonly story: string;
  readonly channel: Channel;
  readonly contactId?: string;
  readonly frustration?: number;
  readonly viralRisk?: number;
  readonly tier?: string;
  readonly destination: string;
  readonly topReasons: readonly string[];
}

export interface ReplayResult {
  readonly rows: ReplayRow[];
  readonly briefs: string[];
  readonly dlq: { code: string; reason: string }[];
}

/** Sends each sample in order, waiting for the pipeline to settle between them so history builds up. */
export async function replay(
  stack: LocalStack,
  samples: readonly SampleMessage[],
  now = new Date(),
): Promise<ReplayResult> {
  const sqs = createSqsClient(clientSettings(stack));
  const reader = new DynamoCaseReader(createDynamoClient(clientSettings(stack)), stack.tableName);
  const rows: ReplayRow[] = [];
  try {
    for (const sample of samples) {
      const at = new Date(now.getTime() - sample.hoursAgo * 3_600_000).toISOString();
      const body = sample.raw ?? JSON.stringify(sample.payload(at));
      await sendToIntake(sqs, stack.queues, sample.channel, body);
      await stack.drain();
      rows.push(await describe(sample, body, at, reader));
    }
    return {
      rows,
      briefs: await peekBriefs(stack.queues.senior.url),
      dlq: await peekRejections(sqs, stack.queues),
    };
  } finally {
    sqs.destroy();
  }
}

async function describe(
  sample: SampleMessage,
  body: string,
  at: string,
  reader: DynamoCaseReader,
): Promise<ReplayRow> {
  const base = { story: sample.story, channel: sample.channel };
  let contactId: string;
  try {
    // The adapters are pure: running one here predicts the id the pipeline gave this message.
    contactId = (await ADAPTERS[sample.channel].toContact(body, { receivedAt: at })).id;
  } catch (error) {
    const code = error instanceof RejectionError ? error.code : 'error';
    return { ...base, destination: `DLQ (${code})`, topReasons: [] };
  }
  const decision = await reader.decisionFor(contactId);
  if (!decision) return { ...base, contactId, destination: 'NOT PROCESSED', topReasons: [] };
  const reasons = [...decision.frustration.reasons, ...decision.viralRisk.reasons]
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 3)
    .map((r) => r.signal);
  return {
    ...base,
    contactId,
    frustration: decision.frustration.score,
    viralRisk: decision.viralRisk.score,
    tier: decision.caseTier,
    destination: decision.destination,
    topReasons: reasons,
  };
}

/**
 * Reads the senior queue without consuming it, so the briefs stay for whoever works them. It is a FIFO
 * queue, whose ReceiveMessage shows only each case's first alert: the local server's inspection shows all.
 */
async function peekBriefs(url: string): Promise<string[]> {
  const briefs: string[] = [];
  for (const m of await inspectLocalQueue(url)) {
    const parsed = JSON.parse(m.Body ?? '{}') as { briefText?: string };
    if (parsed.briefText) briefs.push(parsed.briefText);
  }
  return briefs;
}

async function peekRejections(
  sqs: SQSClient,
  queues: LocalQueues,
): Promise<{ code: string; reason: string }[]> {
  const out: { code: string; reason: string }[] = [];
  for (const q of Object.values(queues)) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: q.dlqUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    for (const m of Messages) {
      out.push({
        code: m.MessageAttributes?.[REJECTION_ATTRIBUTES.code]?.StringValue ?? 'retries_exhausted',
        reason:
          m.MessageAttributes?.[REJECTION_ATTRIBUTES.reason]?.StringValue ?? 'failed maxReceiveCount times',
      });
    }
  }
  return out;
}

export function clientSettings(info: LocalStackInfo) {
  return {
    region: info.region,
    dynamodbEndpoint: info.dynamodbEndpoint,
    sqsEndpoint: info.sqsEndpoint,
    snsEndpoint: info.sqsEndpoint,
  };
}

export function formatTable(rows: readonly ReplayRow[]): string {
  const header = ['message', 'channel', 'frustration', 'viral', 'tier', 'destination', 'top reasons'];
  const body = rows.map((r) => [
    r.story,
    r.channel,
    r.frustration === undefined ? '-' : String(r.frustration),
    r.viralRisk === undefined ? '-' : String(r.viralRisk),
    r.tier ?? '-',
    r.destination,
    r.topReasons.join(', '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
