import type { Message } from '@aws-sdk/client-sqs';
import * as z from 'zod';

const inspected = z.object({
  messageId: z.string(),
  body: z.string(),
  messageAttributes: z.record(
    z.string(),
    z.object({ DataType: z.string(), StringValue: z.string().optional() }),
  ),
  sentTimestamp: z.number(),
  approximateReceiveCount: z.number(),
  messageGroupId: z.string().optional(),
  messageDeduplicationId: z.string().optional(),
});

const queueState = z.object({
  messages: z.object({
    ready: z.array(inspected),
    delayed: z.array(inspected),
    inflight: z.array(z.object({ message: inspected })),
  }),
});

/**
 * Every message on a local (fauxqs) queue — ready, in flight and delayed — read through fauxqs's
 * inspection endpoint, which neither receives nor hides anything. SQS has no such call, and a FIFO
 * queue hands out only the first message of each message group until that one is deleted, so a look
 * through ReceiveMessage would miss the rest of a case's alerts. Local stacks only.
 */
export async function inspectLocalQueue(queueUrl: string): Promise<Message[]> {
  // fauxqs names queues sqs.<region>.localhost:<port>/<account>/<name>; it listens on every interface.
  const url = new URL(queueUrl);
  const name = url.pathname.split('/').at(-1) ?? '';
  const response = await fetch(`http://127.0.0.1:${url.port}/_fauxqs/queues/${encodeURIComponent(name)}`);
  if (!response.ok) throw new Error(`fauxqs could not inspect queue ${name}: HTTP ${response.status}`);
  const { messages } = queueState.parse(await response.json());
  return [...messages.ready, ...messages.inflight.map((i) => i.message), ...messages.delayed]
    .sort((a, b) => a.sentTimestamp - b.sentTimestamp)
    .map((m) => ({
      MessageId: m.messageId,
      Body: m.body,
      MessageAttributes: m.messageAttributes,
      Attributes: {
        SentTimestamp: String(m.sentTimestamp),
        ApproximateReceiveCount: String(m.approximateReceiveCount),
        ...(m.messageGroupId ? { MessageGroupId: m.messageGroupId } : {}),
        ...(m.messageDeduplicationId ? { MessageDeduplicationId: m.messageDeduplicationId } : {}),
      },
    }));
}
