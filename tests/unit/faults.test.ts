import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../functions/core/channels/index.ts';
import { DEFAULT_THRESHOLDS } from '../../functions/core/scoring/tier.ts';
import { triageContact } from '../../functions/core/triage.ts';
import { createIntakeHandler } from '../../functions/intake/create-handler.ts';
import { createTriageHandler, type TriageHandlerDeps } from '../../functions/triage/create-handler.ts';
import {
  FAULT_KINDS,
  FaultInjector,
  type FaultRates,
  InjectedCrash,
  unitHash,
} from '../../local/faults/injector.ts';
import { buildWorkload } from '../../local/faults/workload.ts';
import { aContact, chatPayload, lambdaContext, sqsEvent, sqsRecord } from '../helpers/factories.ts';
import {
  fixedTextModel,
  quietObservability,
  RecordingContactQueue,
  RecordingDeadLetters,
  RecordingPublisher,
} from '../helpers/fakes.ts';
import { MemoryCaseStore } from '../helpers/memory-store.ts';

const angry = "This is the third time I'm writing. Nobody called me back as promised and I'm cancelling.";

function triageSetup(rates: FaultRates, seed = 1) {
  const sleeps: number[] = [];
  const faults = new FaultInjector({
    seed,
    rates,
    slowMs: 3_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  const store = new MemoryCaseStore();
  const publisher = new RecordingPublisher();
  const deadLetters = new RecordingDeadLetters();
  const plain: TriageHandlerDeps = {
    store,
    publisher,
    deadLetters,
    textModel: fixedTextModel(0.9),
    thresholds: DEFAULT_THRESHOLDS,
    clock: () => new Date('2026-11-20T12:00:00Z'),
    ...quietObservability(),
  };
  return { faults, store, publisher, deadLetters, sleeps, deps: faults.decorateTriage(plain) };
}

describe('fault injector: which calls fail', () => {
  it('injects nothing at rate 0 or when switched off, and always at rate 1', () => {
    const faults = new FaultInjector({ seed: 1, rates: { storeThrottle: 1 }, slowMs: 0 });
    expect(faults.shouldInject('storeError', 'c_1')).toBe(false);
    expect(faults.shouldInject('storeThrottle', 'c_1')).toBe(true);
    faults.enabled = false;
    expect(faults.shouldInject('storeThrottle', 'c_1')).toBe(false);
    expect(faults.injected.storeThrottle).toBe(1);
  });

  it('gives the same call of the same key the same answer for the same seed, whatever the order', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `c_${i}`);
    const answers = (seed: number, order: readonly string[]) => {
      const faults = new FaultInjector({ seed, rates: { crashAfterSave: 0.3 }, slowMs: 0 });
      const out = new Map<string, boolean[]>();
      for (const key of order)
        out.set(
          key,
          [0, 1, 2].map(() => faults.shouldInject('crashAfterSave', key)),
        );
      return keys.map((k) => out.get(k)?.join());
    };
    const forward = answers(42, keys);
    expect(answers(42, [...keys].reverse())).toEqual(forward);
    expect(answers(43, keys)).not.toEqual(forward);
  });

  it('honours the configured rate over many calls', () => {
    const faults = new FaultInjector({ seed: 7, rates: { publishFailure: 0.05 }, slowMs: 0 });
    for (let i = 0; i < 20_000; i++) faults.shouldInject('publishFailure', `c_${i}`);
    expect(faults.injected.publishFailure / 20_000).toBeGreaterThan(0.045);
    expect(faults.injected.publishFailure / 20_000).toBeLessThan(0.055);
  });

  it('hashes to a uniform float in [0, 1)', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => unitHash(`k${i}`));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const lowHalf = values.filter((v) => v < 0.5).length / values.length;
    expect(lowHalf).toBeGreaterThan(0.48);
    expect(lowHalf).toBeLessThan(0.52);
  });

  it('names every fault it can inject', () => {
    expect(FAULT_KINDS).toEqual(
      expect.arrayContaining([
        'storeThrottle',
        'crashAfterSave',
        'crashAfterPublish',
        'slow',
        'publishFailure',
      ]),
    );
  });
});

describe('fault injector around the triage ports', () => {
  it('throttles the store with the error DynamoDB throws', async () => {
    const { deps, faults } = triageSetup({ storeThrottle: 1 });
    await expect(deps.store.getContact('c_x')).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
    faults.enabled = false;
    await expect(deps.store.getContact('c_x')).resolves.toBeUndefined();
  });

  it('crashes after the decision is stored; the retry finds it and publishes the routing once', async () => {
    const { deps, faults, store, publisher } = triageSetup({ crashAfterSave: 1 });
    const contact = aContact({ text: angry });
    await expect(triageContact(contact, deps)).rejects.toBeInstanceOf(InjectedCrash);
    expect(store.decisions).toHaveLength(1);
    expect(publisher.published).toHaveLength(0);

    faults.enabled = false;
    expect(await triageContact(contact, deps)).toEqual({
      status: 'duplicate',
      contactId: contact.id,
      republished: true,
    });
    expect(store.decisions).toHaveLength(1);
    expect(publisher.published).toHaveLength(1);
  });

  it('crashes after publishing, before markRouted: the retry publishes the same alertId again', async () => {
    const { deps, faults, store, publisher } = triageSetup({ crashAfterPublish: 1 });
    const contact = aContact({ text: angry });
    await expect(triageContact(contact, deps)).rejects.toBeInstanceOf(InjectedCrash);
    expect((await store.getContact(contact.id))?.routedAt).toBeUndefined();

    faults.enabled = false;
    await triageContact(contact, deps);
    const alertIds = publisher.published.map((m) => (m.kind === 'alert' ? m.alertId : m.kind));
    expect(alertIds).toHaveLength(2);
    expect(new Set(alertIds).size).toBe(1);
    expect(faults.publishes.map((p) => p.interrupted)).toEqual([true, false]);
    expect(store.decisions).toHaveLength(1);
  });

  it('marks a publish interrupted when markRouted then fails', async () => {
    const { deps, faults } = triageSetup({});
    faults.rates = { storeError: 1 };
    await expect(deps.store.markRouted('c_y', '2026-11-20T12:00:00Z')).rejects.toMatchObject({
      name: 'InternalServerError',
    });
    faults.rates = {};
    await deps.publisher.publish({
      kind: 'normal',
      caseId: 'k_1',
      contactId: 'c_y',
      tier: 'calm',
      frustration: 1,
      viralRisk: 0,
      reasons: [],
    });
    faults.rates = { storeError: 1 };
    await expect(deps.store.markRouted('c_y', '2026-11-20T12:00:00Z')).rejects.toThrow();
    expect(faults.publishes).toEqual([expect.objectContaining({ subject: 'c_y', interrupted: true })]);
  });

  it('stalls the text model for slowMs, then answers', async () => {
    const { deps, sleeps } = triageSetup({ slow: 1 });
    const [score] = await deps.textModel.scoreBatch(['hello'], 'en');
    expect(sleeps).toEqual([3_000]);
    expect(score?.negative).toBe(0.9);
  });

  it('keeps port methods it does not fault working (a store method added later passes through)', async () => {
    const { deps } = triageSetup({});
    expect(await deps.store.loadRoster()).toEqual([]);
    expect(deps.textModel.name).toBe('fixed');
  });

  it('turns every injected fault into a retried record, never a dead letter', async () => {
    const { deps, deadLetters } = triageSetup({ textModelThrottle: 1 });
    const handler = createTriageHandler(deps);
    const ok = sqsRecord('not json');
    const throttled = sqsRecord(JSON.stringify(aContact({ text: angry })));
    const response = await handler(sqsEvent(ok, throttled), lambdaContext());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: throttled.messageId }]);
    expect(deadLetters.rejected.map((r) => r.messageId)).toEqual([ok.messageId]);
  });
});

describe('fault injector around the intake ports', () => {
  function intakeSetup(rates: FaultRates) {
    const faults = new FaultInjector({ seed: 1, rates, slowMs: 0 });
    const contacts = new RecordingContactQueue();
    const deadLetters = new RecordingDeadLetters();
    const handler = createIntakeHandler(
      faults.decorateIntake({ adapter: ADAPTERS.chat, contacts, deadLetters, ...quietObservability() }),
    );
    return { faults, contacts, deadLetters, handler };
  }

  it('fails the send to the contacts queue, so SQS retries the record', async () => {
    const { contacts, handler } = intakeSetup({ contactQueueFailure: 1 });
    const record = sqsRecord(chatPayload('Where is my parcel?'));
    const response = await handler(sqsEvent(record), lambdaContext()).catch((e: unknown) => e);
    // One record, all failed: Lambda semantics make that a thrown whole-batch failure.
    expect(response).toMatchObject({ name: 'FullBatchFailureError' });
    expect(contacts.sent).toEqual([]);
  });

  it('crashes after the Contact was sent: the retry sends it again, with the same id', async () => {
    const { faults, contacts, handler } = intakeSetup({ crashAfterContactSend: 1 });
    const good = sqsRecord(chatPayload('Where is my parcel?'));
    const poison = sqsRecord('{"conversationId": ');
    const first = await handler(sqsEvent(good, poison), lambdaContext());
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: good.messageId }]);
    faults.enabled = false;
    await handler(sqsEvent(good), lambdaContext());
    expect(contacts.sent).toHaveLength(2);
    expect(contacts.sent[0]?.id).toBe(contacts.sent[1]?.id);
  });

  it('fails the send of a poison message to its DLQ, so the record is retried instead of dropped', async () => {
    const { deadLetters, handler } = intakeSetup({ deadLetterFailure: 1 });
    const poison = sqsRecord('{"conversationId": ');
    const good = sqsRecord(chatPayload('Thanks!'));
    const response = await handler(sqsEvent(poison, good), lambdaContext());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: poison.messageId }]);
    expect(deadLetters.rejected).toEqual([]);
  });
});

describe('soak workload', () => {
  const options = { messages: 60, duplicates: 0.3, poison: 0.1, now: new Date('2026-11-20T12:00:00Z') };

  it('is the same for the same seed (the shared seeded PRNG), and different for another', async () => {
    const first = await buildWorkload({ ...options, seed: 7 });
    expect(await buildWorkload({ ...options, seed: 7 })).toEqual(first);
    expect((await buildWorkload({ ...options, seed: 8 })).messages).not.toEqual(first.messages);
    expect(first.messages).toHaveLength(60);
    expect(first.messages.filter((m) => m.poison)).toHaveLength(6);
    expect(first.stream.length + first.replay.length).toBeGreaterThan(60);
  });
});
