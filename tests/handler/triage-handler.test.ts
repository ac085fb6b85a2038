import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../functions/core/scoring/tier.ts';
import { createTriageHandler } from '../../functions/triage/create-handler.ts';
import { aContact, lambdaContext, sqsEvent, sqsRecord } from '../helpers/factories.ts';
import {
  fixedTextModel,
  quietObservability,
  RecordingDeadLetters,
  RecordingPublisher,
} from '../helpers/fakes.ts';
import { MemoryCaseStore } from '../helpers/memory-store.ts';

function setup() {
  const store = new MemoryCaseStore();
  const publisher = new RecordingPublisher();
  const deadLetters = new RecordingDeadLetters();
  const handler = createTriageHandler({
    store,
    publisher,
    deadLetters,
    textModel: fixedTextModel(0.9),
    thresholds: DEFAULT_THRESHOLDS,
    clock: () => new Date('2026-11-20T12:00:00Z'),
    ...quietObservability(),
  });
  return { store, publisher, deadLetters, handler };
}

describe('triage handler', () => {
  it('stores one decision for a contact delivered twice in the same batch', async () => {
    const { store, publisher, handler } = setup();
    const body = JSON.stringify(aContact({ text: 'Third time asking. Nobody called back. Cancelling.' }));
    const response = await handler(sqsEvent(sqsRecord(body), sqsRecord(body)), lambdaContext());
    expect(response.batchItemFailures).toEqual([]);
    expect(store.decisions).toHaveLength(1);
    expect(publisher.published).toHaveLength(1);
  });

  it('rejects a record that is not a Contact to the DLQ naming the field', async () => {
    const { deadLetters, handler } = setup();
    const { id: _id, ...noId } = aContact();
    const response = await handler(
      sqsEvent(sqsRecord(JSON.stringify(noId)), sqsRecord('not json')),
      lambdaContext(),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(deadLetters.rejected.map((r) => [r.code, r.reason])).toEqual([
      ['invalid_contact', expect.stringContaining("'id'")],
      ['malformed_json', 'contact message is not valid JSON'],
    ]);
  });

  it('fails only the record whose store write failed', async () => {
    const { store, handler } = setup();
    store.failNextSave = new Error('ProvisionedThroughputExceededException');
    const a = sqsRecord(JSON.stringify(aContact({ sourceId: 'a' })));
    const b = sqsRecord(
      JSON.stringify(aContact({ sourceId: 'b', identity: { email: 'other@example.com' } })),
    );
    const response = await handler(sqsEvent(a, b), lambdaContext());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: a.messageId }]);
    expect(store.decisions.map((d) => d.contact.sourceId)).toEqual(['b']);
  });
});
