import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contactsOf,
  type MeteredTriage,
  meteredTriage,
  SimulatedArrivals,
  triageInBatches,
} from '../../bench/lib/capacity-run.ts';
import { summarise } from '../../bench/lib/dynamo-capacity.ts';
import { type BenchMessage, payloadFor, SHORT_CHARS } from '../../bench/lib/messages.ts';
import { syntheticTexts } from '../../bench/text-model.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import type { Channel } from '../../functions/core/contact.ts';
import type { LocalStack } from '../../local/stack.ts';
import { startTestStack } from '../helpers/local-stack.ts';

/**
 * Write units per message, priced as AWS bills them (bench/lib/dynamo-capacity.ts: DynamoDB Local's
 * answer, with transactions priced item by item). With indexes projecting ALL and the message text
 * copied into the case, a second short contact cost 50 units and a first one 38 (BENCHMARKS.md); now
 * 18.5 and 25.4. The ceilings sit ~20 % above, so copying text or index entries again fails here.
 */
const FIRST_CONTACT_CEILING = 30;
const REPEAT_CONTACT_CEILING = 22;

let stack: LocalStack;
let triage: MeteredTriage;
let arrivals: SimulatedArrivals;

beforeAll(async () => {
  // No roster, so no contact assigns an owner: that moves a case's GSI1 key (4 more units, once per case)
  // and the index assertions below stay exact.
  stack = await startTestStack();
  // One message every 13 s: no topic reaches the spike detector, as in an ordinary month.
  arrivals = new SimulatedArrivals(new Date(), 200_000);
  triage = meteredTriage(stack, arrivals.clock);
});

afterAll(async () => {
  triage?.close();
  await stack?.stop();
});

const messages = (texts: readonly string[], run: string): BenchMessage[] =>
  texts.map((text, i) => {
    const channel: Channel = i % 2 === 0 ? 'chat' : 'social';
    return {
      channel,
      customer: 700 + i,
      chars: text.length,
      body: payloadFor(channel, text, 700 + i, `${run}-${i}`, new Date().toISOString()),
    };
  });

async function run(batch: readonly BenchMessage[]) {
  const bodies = await contactsOf(batch, () => arrivals.arrive());
  triage.ledger.clear();
  await triageInBatches(triage.handler, bodies, arrivals.beforeBatch);
  return { capacity: summarise(triage.ledger, batch.length), contacts: bodies.map((b) => JSON.parse(b)) };
}

describe('DynamoDB write units per message', () => {
  let first: Awaited<ReturnType<typeof run>>;
  let repeat: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    first = await run(messages(syntheticTexts(20, SHORT_CHARS, 71), 'first'));
    repeat = await run(messages(syntheticTexts(20, SHORT_CHARS, 72), 'repeat'));
  });

  it('keeps a first contact under the ceiling, its index writes to the new case entry alone', () => {
    const { wruTable, wruIndexes } = first.capacity;
    expect(wruTable + wruIndexes).toBeLessThanOrEqual(FIRST_CONTACT_CEILING);
    // One new case per first contact: an entry under 1 KB in each of the three indexes (×2 in a transaction).
    expect(wruIndexes).toBeCloseTo(6, 6);
  });

  it('keeps a contact that joins its open case under the ceiling, its index writes to the case index alone', () => {
    const { wruTable, wruIndexes } = repeat.capacity;
    expect(wruTable + wruIndexes).toBeLessThanOrEqual(REPEAT_CONTACT_CEILING);
    // Its new deadline moves the case's entry in the case index (GSI3): a delete and a put (×2 in a
    // transaction). That entry is what keeps the inbox's reads per poll bounded; GSI1 and GSI2 stay put.
    expect(wruIndexes).toBeCloseTo(4, 6);
  });

  it('stores the message text once, on its contact, and gives the whole brief back to readers', async () => {
    // Prepare
    const contact = repeat.contacts[0] as { id: string; text: string };
    const { Item: contactItem } = await triage.db.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.contact(contact.id) }),
    );
    const caseId = String(contactItem?.caseId);

    // Act
    const { Item: caseItem } = await triage.db.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.case(caseId) }),
    );
    const read = await new DynamoCaseReader(triage.db, stack.tableName).getCase(caseId);

    // Assess
    expect(JSON.stringify(contactItem).split(contact.text.slice(0, 60)).length - 1).toBe(1);
    expect(JSON.stringify(caseItem)).not.toContain(contact.text.slice(0, 60));
    expect(caseItem).not.toHaveProperty('briefText');
    const brief = read?.brief;
    expect(brief?.latestMessage.text).toBe(contact.text);
    expect(brief?.whyHeated.length).toBeGreaterThan(0);
    expect(read?.briefText).toContain(contact.text.slice(0, 60));
    expect(read?.contactCount).toBe(2);
  });
});
