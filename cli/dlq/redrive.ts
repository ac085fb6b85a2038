import {
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  SendMessageBatchCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { REJECTION_ATTRIBUTES } from '../../functions/adapters/sqs/dead-letters.ts';
import { queueDepth, readQueue, releaseMessages } from './read-queue.ts';

/** Long enough to send and delete every message read, short enough that an interrupted redrive heals itself. */
const REDRIVE_HIDE_SECONDS = 120;
const REJECTION_NAMES = new Set<string>(Object.values(REJECTION_ATTRIBUTES));

export interface RedriveResult {
  readonly moved: number;
  /** Poison among them: the pipeline will reject these again, with the same reason. */
  readonly rejectedBefore: number;
}

/**
 * The local redrive: receive every message now on the DLQ, send each back to its source queue, and
 * delete it from the DLQ only once the send succeeded (a crash in between duplicates a message, which
 * the pipeline's dedupe absorbs, rather than losing one). Messages arriving on the DLQ meanwhile (a
 * poison message rejected again) are not in the snapshot, so a redrive cannot chase its own tail.
 */
export async function redriveLocal(
  sqs: SQSClient,
  queues: { readonly dlqUrl: string; readonly url: string },
): Promise<RedriveResult> {
  if (!queues.url.endsWith('.fifo')) return moveBack(sqs, queues, await snapshotOf(sqs, queues.dlqUrl));
  // A FIFO DLQ hands out each message group's first message only, the next once that one is deleted:
  // move in rounds, up to the depth the DLQ had when the redrive began.
  const depth = await queueDepth(sqs, queues.dlqUrl);
  const total = { moved: 0, rejectedBefore: 0 };
  while (total.moved < depth) {
    const round = await snapshotOf(sqs, queues.dlqUrl, depth - total.moved);
    if (round.length === 0) break;
    const { moved, rejectedBefore } = await moveBack(sqs, queues, round);
    total.moved += moved;
    total.rejectedBefore += rejectedBefore;
  }
  return total;
}

function snapshotOf(sqs: SQSClient, dlqUrl: string, max?: number) {
  return readQueue(sqs, dlqUrl, {
    hideSeconds: REDRIVE_HIDE_SECONDS,
    release: false,
    ...(max ? { max } : {}),
  });
}

async function moveBack(
  sqs: SQSClient,
  queues: { readonly dlqUrl: string; readonly url: string },
  messages: Message[],
): Promise<RedriveResult> {
  const fifo = queues.url.endsWith('.fifo');
  let moved = 0;
  let rejectedBefore = 0;
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    const { Successful = [], Failed = [] } = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queues.url,
        Entries: chunk.map((m, j) => ({
          Id: String(j),
          MessageBody: m.Body ?? '',
          MessageAttributes: sourceAttributes(m.MessageAttributes),
          // The group it came with. Deduplicated by its message id, not by the id it was first sent with:
          // an alertId sent within the last 5 minutes would make SQS drop the copy the DLQ just gave up.
          ...(fifo
            ? { MessageGroupId: m.Attributes?.MessageGroupId, MessageDeduplicationId: m.MessageId }
            : {}),
        })),
      }),
    );
    const sent = new Set(Successful.map((s) => s.Id));
    const done = chunk.filter((_, j) => sent.has(String(j)));
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queues.dlqUrl,
          Entries: done.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      );
    }
    moved += done.length;
    rejectedBefore += done.filter((m) => m.MessageAttributes?.[REJECTION_ATTRIBUTES.code]).length;
    if (Failed.length > 0) {
      // Back into view at once: the unsent ones and the ones not tried yet.
      const left = [...chunk.filter((_, j) => !sent.has(String(j))), ...messages.slice(i + 10)];
      await releaseMessages(sqs, queues.dlqUrl, left);
      throw new Error(
        `${Failed.length} message(s) could not be sent back (${Failed.map((f) => f.Code).join(', ')}); they stay on the DLQ`,
      );
    }
  }
  return { moved, rejectedBefore };
}

/** The message's own attributes; the DLQ's rejection notes are dropped (a new rejection writes new ones). */
function sourceAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): Record<string, MessageAttributeValue> | undefined {
  const kept = Object.entries(attributes ?? {}).filter(([name]) => !REJECTION_NAMES.has(name));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

export interface AwsRedriveOptions {
  /** Omit to send each message back to the queue it was dead-lettered from. */
  readonly destinationArn?: string;
  readonly maxPerSecond?: number;
}

/**
 * In AWS, SQS moves the messages itself (a message move task): no message passes through this
 * machine, and the task can be watched or cancelled in the console or with ListMessageMoveTasks.
 */
export async function startAwsRedrive(
  sqs: SQSClient,
  dlqArn: string,
  o: AwsRedriveOptions = {},
): Promise<string> {
  const { TaskHandle } = await sqs.send(
    new StartMessageMoveTaskCommand({
      SourceArn: dlqArn,
      ...(o.destinationArn ? { DestinationArn: o.destinationArn } : {}),
      ...(o.maxPerSecond ? { MaxNumberOfMessagesPerSecond: o.maxPerSecond } : {}),
    }),
  );
  if (!TaskHandle) throw new Error(`SQS started no move task for ${dlqArn}`);
  return TaskHandle;
}

/** `arn:aws:sqs:REGION:ACCOUNT:NAME` → REGION. */
export function regionOfSqsArn(arn: string): string {
  const [prefix, partition, service, region, account, name] = arn.split(':');
  if (prefix !== 'arn' || !partition || service !== 'sqs' || !region || !account || !name) {
    throw new Error(`'${arn}' is not an SQS queue ARN (arn:aws:sqs:REGION:ACCOUNT:NAME)`);
  }
  return region;
}
