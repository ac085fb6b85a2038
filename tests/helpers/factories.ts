import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Contact } from '../../functions/core/contact.ts';
import { contactId } from '../../functions/core/ids.ts';

let seq = 0;

/** A record shaped exactly as Lambda's SQS event source delivers it. */
export function sqsRecord(body: string, overrides: Partial<SQSRecord> = {}): SQSRecord {
  seq++;
  return {
    messageId: `msg-${seq}`,
    receiptHandle: `rh-${seq}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.parse('2026-11-20T10:00:00Z')),
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(Date.parse('2026-11-20T10:00:01Z')),
    },
    messageAttributes: {},
    md5OfBody: 'not-checked',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:queue',
    awsRegion: 'us-east-1',
    ...overrides,
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:test',
    memoryLimitInMB: '512',
    awsRequestId: 'req-1',
    logGroupName: '/aws/lambda/test',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function aContact(overrides: Partial<Contact> = {}): Contact {
  const sourceId = overrides.sourceId ?? `src-${++seq}`;
  const channel = overrides.channel ?? 'email';
  return {
    id: contactId(channel, sourceId),
    channel,
    sourceId,
    receivedAt: '2026-11-20T10:00:00.000Z',
    identity: { email: 'dana@example.com' },
    displayName: 'Dana Whitfield',
    threadKey: `email:${sourceId}`,
    text: 'My prescription is still not ready.',
    language: 'en',
    languageConfident: true,
    isPublic: false,
    priorTurns: [],
    ...overrides,
  };
}

export function chatPayload(text: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    conversationId: 'conv-1',
    customer: { name: 'Sam Okafor', email: 'sam@example.com' },
    turns: [{ role: 'customer', at: '2026-11-20T10:00:00Z', text }],
    ...overrides,
  });
}

export function emailPayload(text: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    messageId: '<m-1@example.com>',
    from: { address: 'Dana@Example.com', name: 'Dana Whitfield' },
    subject: 'Prescription',
    sentAt: '2026-11-20T10:00:00Z',
    text,
    ...overrides,
  });
}

export function socialPayload(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    platform: 'x',
    postId: '1001',
    author: { handle: '@jordan', followers: 80_000, verified: true },
    visibility: 'post',
    text: 'Three weeks without a fridge. Talking to the press tomorrow.',
    postedAt: '2026-11-20T10:00:00Z',
    engagement: { reposts: 140, replies: 60, likes: 900, readAt: '2026-11-20T10:20:00Z' },
    ...overrides,
  });
}
