import { describe, expect, it } from 'vitest';
import { chatAdapter } from '../../functions/core/channels/chat.ts';
import { createIntakeHandler } from '../../functions/intake/create-handler.ts';
import { chatPayload, lambdaContext, sqsEvent, sqsRecord } from '../helpers/factories.ts';
import { quietObservability, RecordingContactQueue, RecordingDeadLetters } from '../helpers/fakes.ts';

function setup() {
  const contacts = new RecordingContactQueue();
  const deadLetters = new RecordingDeadLetters();
  const handler = createIntakeHandler({
    adapter: chatAdapter,
    contacts,
    deadLetters,
    ...quietObservability(),
  });
  return { contacts, deadLetters, handler };
}

describe('intake handler', () => {
  it('normalises good records and moves a malformed one to the DLQ with its reason, without failing its neighbours', async () => {
    const { contacts, deadLetters, handler } = setup();
    const good1 = sqsRecord(chatPayload('Where is my parcel?'));
    const bad = sqsRecord('{"conversationId": "c-9", "turns": [');
    const good2 = sqsRecord(chatPayload('Still no parcel.', { conversationId: 'conv-2' }));

    const response = await handler(sqsEvent(good1, bad, good2), lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(contacts.sent.map((c) => c.text)).toEqual(['Where is my parcel?', 'Still no parcel.']);
    expect(deadLetters.rejected).toEqual([
      expect.objectContaining({ messageId: bad.messageId, body: bad.body, code: 'malformed_json' }),
    ]);
  });

  it('reports only the record whose downstream send failed, so SQS retries just that one', async () => {
    const { contacts, handler } = setup();
    const flaky = sqsRecord(chatPayload('flaky', { conversationId: 'flaky' }));
    const fine = sqsRecord(chatPayload('fine', { conversationId: 'fine' }));
    const send = contacts.send.bind(contacts);
    contacts.send = async (c) => {
      if (c.text === 'flaky') throw new Error('SQS throttled');
      await send(c);
    };

    const response = await handler(sqsEvent(flaky, fine), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: flaky.messageId }]);
    expect(contacts.sent.map((c) => c.text)).toEqual(['fine']);
  });

  it('throws when every record fails, as Lambda needs to retry the whole batch', async () => {
    const { contacts, handler } = setup();
    contacts.send = async () => {
      throw new Error('SQS down');
    };
    await expect(handler(sqsEvent(sqsRecord(chatPayload('a'))), lambdaContext())).rejects.toThrow(
      /All records failed/,
    );
  });
});
