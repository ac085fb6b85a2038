import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { RetryableError } from '../../functions/core/errors.ts';
import type { CaseAsRead } from '../../functions/core/ports.ts';
import type { TextModel } from '../../functions/core/scoring/text-model.ts';
import { DEFAULT_THRESHOLDS } from '../../functions/core/scoring/tier.ts';
import { type TriageDeps, triageContact } from '../../functions/core/triage.ts';
import { createDynamoClient } from '../../functions/shared/clients.ts';
import { type RunningServer, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { freePort } from '../../local/ports.ts';
import { createTable } from '../../local/provision.ts';
import { aContact } from '../helpers/factories.ts';
import { RecordingPublisher } from '../helpers/fakes.ts';

const TABLE = 'case-race';
const angry = "This is the third time I'm writing. Nobody called me back as promised and I'm cancelling.";

/** Angry words score high, anything else calm: the first contact opens a calm case, the next two heat it. */
const textModel: TextModel = {
  name: 'by-word',
  async scoreBatch(texts) {
    return texts.map((t) => ({ negative: t.includes('cancelling') ? 0.95 : 0.05, model: 'by-word' }));
  },
};

/**
 * The real DynamoDB store, with every saveDecision outcome recorded and, while `gate` is above zero,
 * loadHistory holding each caller until `gate` of them have read: they all decide from the same case.
 */
class SideBySideStore extends DynamoCaseStore {
  gate = 0;
  readonly saves: string[] = [];
  private readonly waiting: (() => void)[] = [];

  override async loadHistory(customerId: string) {
    const history = await super.loadHistory(customerId);
    if (this.gate > 0) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.waiting.length === this.gate) {
          this.gate = 0;
          for (const release of this.waiting.splice(0)) release();
        }
      });
    }
    return history;
  }

  override async saveDecision(...args: Parameters<DynamoCaseStore['saveDecision']>) {
    try {
      const result = await super.saveDecision(...args);
      this.saves.push(result);
      return result;
    } catch (error) {
      this.saves.push(error instanceof RetryableError ? `retry: ${error.message}` : 'error');
      throw error;
    }
  }
}

let dynamo: RunningServer;
let db: ReturnType<typeof createDynamoClient>;

beforeAll(async () => {
  dynamo = await startDynamoDbLocal(await freePort(), 'FLASHPOINT_DYNAMODB_PORT');
  db = createDynamoClient({ region: 'us-east-1', dynamodbEndpoint: dynamo.endpoint });
  await createTable(db, TABLE);
});

afterAll(async () => {
  db?.destroy();
  await dynamo?.stop();
});

function depsWith(store: SideBySideStore): TriageDeps & { publisher: RecordingPublisher } {
  return {
    store,
    publisher: new RecordingPublisher(),
    textModel,
    thresholds: DEFAULT_THRESHOLDS,
    clock: () => new Date('2026-11-20T12:00:00Z'),
  };
}

async function casePartition(caseId: string): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
      ConsistentRead: true,
    }),
  );
  return Items;
}

describe('two contacts of one case decided side by side (DynamoDB Local)', () => {
  it('alerts the case once: the second decision is made again from the case the first one left', async () => {
    // Prepare: a calm first contact opens the case.
    const store = new SideBySideStore(db, TABLE);
    const deps = depsWith(store);
    const identity = { email: 'racing.rosa@example.com' };
    const first = await triageContact(aContact({ identity, text: 'Could you check my order?' }), deps);
    if (first.status !== 'routed') throw new Error('first contact was not routed');
    const caseId = first.decision.caseId;

    // Act: two angry contacts, both of which read the calm, unalerted case before either saves.
    store.gate = 2;
    const [a, b] = await Promise.all([
      triageContact(aContact({ identity, text: angry, receivedAt: '2026-11-20T11:00:00.000Z' }), deps),
      triageContact(aContact({ identity, text: angry, receivedAt: '2026-11-20T11:00:01.000Z' }), deps),
    ]);

    // Assess: one alert; the loser's save was refused on the case and made again.
    const alerts = deps.publisher.published.filter((m) => m.kind === 'alert');
    expect(alerts.map((m) => m.caseId)).toEqual([caseId]);
    const tier = alerts[0]?.tier;
    expect(store.saves.filter((s) => s.startsWith('retry'))).toEqual([
      expect.stringContaining(`case ${caseId} changed after contact`),
    ]);
    const destinations = [a, b].map((r) => (r.status === 'routed' ? r.decision.destination : r.status));
    expect(destinations.sort()).toEqual(['senior', 'senior (case updated, already alerted)']);
    const items = await casePartition(caseId);
    const caseItem = items.find((i) => i.SK === 'CASE');
    expect(caseItem).toMatchObject({ contactCount: 3, alertedTier: tier, tier });
    expect(items.filter((i) => String(i.SK).startsWith('DECISION#'))).toHaveLength(3);
  });

  it('refuses a decision made from a case that changed since, writing nothing', async () => {
    // Prepare
    const store = new SideBySideStore(db, TABLE);
    const deps = depsWith(store);
    const identity = { email: 'stale.sam@example.com' };
    const first = await triageContact(aContact({ identity, text: 'Where is my parcel?' }), deps);
    if (first.status !== 'routed') throw new Error('first contact was not routed');
    const history = await store.loadHistory(first.decision.customerId);
    const asRead: CaseAsRead | undefined = history.openCase;
    if (!asRead) throw new Error('no open case');
    const second = await triageContact(aContact({ identity, text: 'Any news on the parcel?' }), deps);
    if (second.status !== 'routed') throw new Error('second contact was not routed');

    // Act: a third decision saved against the case as it was before the second contact joined.
    const late = aContact({ identity, text: 'Hello?', receivedAt: '2026-11-20T11:30:00.000Z' });
    const { decision } = second;
    const stale = { ...decision, contact: late, isNewCase: false };
    const saving = store.saveDecision(stale, [], asRead);

    // Assess
    await expect(saving).rejects.toThrow(RetryableError);
    await expect(saving).rejects.toThrow(/changed after contact .* was decided from it/);
    expect(await store.getContact(late.id)).toBeUndefined();
    const caseItem = (await casePartition(decision.caseId)).find((i) => i.SK === 'CASE');
    expect(caseItem?.contactCount).toBe(2);
  });
});
