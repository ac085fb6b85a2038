import { readFileSync } from 'node:fs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { REJECTION_ATTRIBUTES } from '../../functions/adapters/sqs/dead-letters.ts';
import { ADAPTERS } from '../../functions/core/channels/index.ts';
import { replay, sendToIntake } from '../../local/replay.ts';
import { SAMPLES } from '../../local/samples/conversations.ts';
import type { LocalStack } from '../../local/stack.ts';
import { chatPayload, emailPayload } from '../helpers/factories.ts';
import { ALWAYS_FAILS, openTestStack, peekAll, type TestStackClients } from '../helpers/local-stack.ts';

let stack: LocalStack & { logFile: string };
let sqs: SQSClient;
let reader: DynamoCaseReader;

let close: (() => Promise<void>) | undefined;
let partition: TestStackClients['partition'];

beforeAll(async () => {
  ({ stack, sqs, reader, partition, close } = await openTestStack());
});

afterAll(async () => {
  await close?.();
});

describe('the local pipeline on DynamoDB Local and fauxqs', () => {
  it('dead-letters a malformed message with its reason while the rest of its batch is processed', async () => {
    const good = [
      chatPayload('Where is my parcel? It was due on Monday.', {
        conversationId: 'batch-1',
        customer: { email: 'a@example.com' },
      }),
      chatPayload('Thanks for the quick help!', {
        conversationId: 'batch-2',
        customer: { email: 'b@example.com' },
      }),
    ];
    const bad = '{"conversationId": "batch-3", "customer": ';
    for (const body of [good[0], bad, good[1]]) await sendToIntake(sqs, stack.queues, 'chat', body as string);
    await stack.drain();

    for (const body of good) {
      const { id } = await ADAPTERS.chat.toContact(body as string, { receivedAt: new Date().toISOString() });
      expect(await reader.decisionFor(id)).toMatchObject({ contactId: id, destination: 'normal' });
    }
    const dead = await peekAll(sqs, stack.queues.chatIntake.dlqUrl);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.Body).toBe(bad);
    expect(dead[0]?.MessageAttributes?.[REJECTION_ATTRIBUTES.code]?.StringValue).toBe('malformed_json');
    expect(dead[0]?.MessageAttributes?.[REJECTION_ATTRIBUTES.reason]?.StringValue).toContain(
      'chat payload is not valid JSON',
    );
  });

  it('makes one contact, one case and one alert from the same message delivered twice', async () => {
    const body = emailPayload("Third time writing. Nobody called me back as promised. I'm cancelling.", {
      messageId: '<dup-1@example.com>',
      from: { address: 'dup@example.com', name: 'Dee Upton' },
    });
    await sendToIntake(sqs, stack.queues, 'email', body);
    await sendToIntake(sqs, stack.queues, 'email', body);
    await stack.drain();

    const { id } = await ADAPTERS.email.toContact(body, { receivedAt: new Date().toISOString() });
    const decision = await reader.decisionFor(id);
    expect(decision?.destination).toBe('senior');
    const casePartition = await partition(`CASE#${decision?.caseId}`);
    expect(casePartition.filter((i) => String(i.SK).startsWith('DECISION#'))).toHaveLength(1);
    expect(casePartition.filter((i) => i.SK === 'CASE')).toHaveLength(1);
    const alerts = (await peekAll(sqs, stack.queues.senior.url)).filter(
      (m) => m.MessageAttributes?.caseId?.StringValue === decision?.caseId,
    );
    expect(alerts).toHaveLength(1);
    expect(JSON.parse(alerts[0]?.Body ?? '{}').briefText).toContain('Suggested opening');
  });

  it('retries a message whose dependency keeps failing and dead-letters it after maxReceiveCount', async () => {
    const body = chatPayload(`${ALWAYS_FAILS} my order is late`, { conversationId: 'always-fails' });
    await sendToIntake(sqs, stack.queues, 'chat', body);
    await stack.drain(30_000);

    const dead = await peekAll(sqs, stack.queues.contacts.dlqUrl);
    expect(dead).toHaveLength(1);
    expect(Number(dead[0]?.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(5);
    const { id } = await ADAPTERS.chat.toContact(body, { receivedAt: new Date().toISOString() });
    expect(await reader.decisionFor(id)).toBeUndefined();
  });

  it('replays the sample conversations: the prescription story ends hot with its history in the brief', async () => {
    const result = await replay(stack, SAMPLES);
    const byStory = new Map(result.rows.map((r) => [r.story, r]));
    expect(byStory.get('prescription, visit 1')?.tier).toMatch(/calm|warm/);
    expect(byStory.get('prescription, visit 3')?.tier).toMatch(/hot|critical/);
    expect(byStory.get('calm thank-you')).toMatchObject({ tier: 'calm', destination: 'normal' });
    expect(byStory.get('public post, 80k followers, press threat')).toMatchObject({
      tier: 'critical',
      destination: 'senior',
      topReasons: expect.arrayContaining(['public_channel']),
    });
    expect(byStory.get('malformed chat payload (poison)')?.destination).toBe('DLQ (malformed_json)');
    expect(result.rows.filter((r) => r.destination === 'NOT PROCESSED')).toEqual([]);
    expect(result.briefs.some((b) => b.includes('Customer: Dana Whitfield'))).toBe(true);
    // The case keeps the latest brief even when a later message only updated an alerted case.
    const third = byStory.get('prescription, visit 3');
    const caseNow = await reader.getCase((await reader.decisionFor(third?.contactId ?? ''))?.caseId ?? '');
    expect(caseNow?.briefText).toContain('you have now contacted us 3 times about the prescription');
    expect(caseNow?.briefText).toContain('BROKEN (due');
  });

  it('never writes customer text, e-mail addresses or phone numbers to the logs', async () => {
    const logs = readFileSync(stack.logFile, 'utf8');
    expect(logs).toContain('contact triaged');
    const at = new Date().toISOString();
    for (const sample of SAMPLES.filter((s) => !s.raw)) {
      const contact = await ADAPTERS[sample.channel].toContact(JSON.stringify(sample.payload(at)), {
        receivedAt: at,
      });
      expect(logs).not.toContain(contact.text.slice(0, 40));
      if (contact.identity.email) expect(logs).not.toContain(contact.identity.email);
      if (contact.identity.phone) expect(logs).not.toContain(contact.identity.phone);
    }
  });
});
