import type { SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { REJECTION_ATTRIBUTES } from '../../functions/adapters/sqs/dead-letters.ts';
import { ADAPTERS } from '../../functions/core/channels/index.ts';
import type { LocalStack } from '../../local/stack.ts';
import { readFixture } from '../fixtures/email/builders.ts';
import { chatPayload } from '../helpers/factories.ts';
import { openTestStack, peekAll } from '../helpers/local-stack.ts';

let stack: LocalStack & { logFile: string };
let sqs: SQSClient;
let db: DynamoDBDocumentClient;
let reader: DynamoCaseReader;

let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ stack, sqs, db, reader, close } = await openTestStack());
});

afterAll(async () => {
  await close?.();
});

async function post(channel: string, body: string, contentType = 'application/json') {
  const response = await fetch(`${stack.httpEndpoint}/v1/${channel}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function storedContact(contactId: string) {
  const { Item } = await db.send(
    new GetCommand({ TableName: stack.tableName, Key: { PK: `CONTACT#${contactId}`, SK: 'CONTACT' } }),
  );
  return Item;
}

describe('the local HTTP intake on fauxqs and DynamoDB Local', () => {
  it('answers 202 with the SQS message id, and the chat becomes a stored contact with a decision', async () => {
    // Prepare
    const body = chatPayload('Third time asking: nobody called me back as promised. I am cancelling.', {
      conversationId: 'http-1',
      customer: { name: 'Hana Ito', email: 'hana@example.com' },
    });

    // Act
    const reply = await post('chat', body);
    await stack.drain();

    // Assess
    expect(reply.status).toBe(202);
    expect(reply.json.messageId).toEqual(expect.any(String));
    const { id } = await ADAPTERS.chat.toContact(body, { receivedAt: new Date().toISOString() });
    expect(await storedContact(id)).toBeDefined();
    expect(await reader.decisionFor(id)).toMatchObject({ contactId: id });
  });

  it('takes a raw mail in rawMime to a contact of the original sender', async () => {
    // Prepare
    const raw = readFixture('outlook-forward.eml');
    const body = JSON.stringify({ rawMime: Buffer.from(raw).toString('base64') });

    // Act
    const reply = await post('email', body);
    await stack.drain();

    // Assess
    expect(reply.status).toBe(202);
    const contact = await ADAPTERS.email.toContact(body, { receivedAt: new Date().toISOString() });
    expect(contact.identity.email).toBe('tom.baker@example.org');
    expect(await reader.decisionFor(contact.id)).toMatchObject({ contactId: contact.id });
  });

  it('queues nothing it refuses: 400 and 415 leave the chat queue and its DLQ untouched', async () => {
    // Act
    const malformed = await post('chat', '{"conversationId": "http-bad", "turns": [');
    const wrongType = await post('chat', chatPayload('hello'), 'text/plain');
    await stack.drain();

    // Assess
    expect(malformed).toEqual({
      status: 400,
      json: {
        error: { code: 'malformed_json', reason: expect.stringContaining('chat payload is not valid JSON') },
      },
    });
    expect(wrongType.status).toBe(415);
    expect(await peekAll(sqs, stack.queues.chatIntake.dlqUrl)).toEqual([]);
  });

  it('dead-letters, with its reason, a body the schema accepts but the adapter cannot use', async () => {
    // Prepare: the shape is right, but the customer has no identity key
    const body = chatPayload('hello?', { conversationId: 'http-anon', customer: { name: 'Anon' } });

    // Act
    const reply = await post('chat', body);
    await stack.drain();

    // Assess
    expect(reply.status).toBe(202);
    const dead = (await peekAll(sqs, stack.queues.chatIntake.dlqUrl)).filter((m) => m.Body === body);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.MessageAttributes?.[REJECTION_ATTRIBUTES.code]?.StringValue).toBe('invalid_field');
    expect(dead[0]?.MessageAttributes?.[REJECTION_ATTRIBUTES.reason]?.StringValue).toContain(
      'at least one identity key',
    );
  });
});
