import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCaseOperations } from '../../functions/adapters/dynamodb/case-operations.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { ADAPTERS } from '../../functions/core/channels/index.ts';
import type { Channel } from '../../functions/core/contact.ts';
import { buildReport } from '../../functions/core/report.ts';
import type { StaffMember } from '../../functions/core/routing/roster.ts';
import { createDynamoClient, createSqsClient } from '../../functions/shared/clients.ts';
import { clientSettings, sendToIntake } from '../../local/replay.ts';
import type { LocalStack } from '../../local/stack.ts';
import { chatPayload, emailPayload } from '../helpers/factories.ts';
import { peekAll, startTestStack } from '../helpers/local-stack.ts';

const HOUR = 3_600_000;
const staff = (id: string, languages = ['en']): StaffMember => ({
  id,
  name: id,
  channels: ['email', 'chat', 'social'],
  languages,
  topics: [],
  capacity: 10,
  onShift: true,
});

let stack: LocalStack;
let sqs: SQSClient;
let db: DynamoDBDocumentClient;
let reader: DynamoCaseReader;
let ops: DynamoCaseOperations;
let sweepAt = new Date();

beforeAll(async () => {
  stack = await startTestStack({ roster: [staff('amara'), staff('bruno')], sweeperClock: () => sweepAt });
  sqs = createSqsClient(clientSettings(stack));
  db = createDynamoClient(clientSettings(stack));
  reader = new DynamoCaseReader(db, stack.tableName);
  ops = new DynamoCaseOperations(db, stack.tableName);
});

afterAll(async () => {
  sqs?.destroy();
  db?.destroy();
  await stack?.stop();
});

/** Sends one message, waits for the pipeline, and returns the stored decision of its contact. */
async function deliver(channel: Channel, body: string) {
  await sendToIntake(sqs, stack.queues, channel, body);
  await stack.drain();
  const { id } = await ADAPTERS[channel].toContact(body, { receivedAt: new Date().toISOString() });
  const decision = await reader.decisionFor(id);
  if (!decision) throw new Error(`contact ${id} was not triaged`);
  return decision;
}

const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();
const signals = (d: { frustration: { reasons: { signal: string }[] } }) =>
  d.frustration.reasons.map((r) => r.signal);
const alertsFor = async (caseId: string) =>
  (await peekAll(sqs, stack.queues.senior.url)).filter(
    (m) => m.MessageAttributes?.caseId?.StringValue === caseId,
  );

describe('customer memory, owners, alerts and the sweeper on the local stack', () => {
  it('turns three calm-worded messages about the same problem over a few days into a hot case naming the repeats', async () => {
    const from = { address: 'calm.carol@example.com', name: 'Carol Ng' };
    const texts = [
      'Hello, could you tell me when my replacement card will arrive?',
      'Hello again, is there any news on my replacement card?',
      'Hi, just checking on the replacement card once more.',
    ];
    const decisions = [];
    for (const [i, text] of texts.entries()) {
      decisions.push(
        await deliver(
          'email',
          emailPayload(text, { messageId: `<calm-${i}@example.com>`, from, sentAt: ago(96 - i * 46) }),
        ),
      );
    }
    expect(decisions[0]?.caseTier).toMatch(/calm|warm/);
    const last = decisions.at(-1);
    expect(last?.caseTier).toMatch(/hot|critical/);
    expect(signals(last ?? { frustration: { reasons: [] } })).toEqual(
      expect.arrayContaining(['repeat_contact_history', 'unresolved_after_repeats']),
    );
    expect(new Set(decisions.map((d) => d.caseId)).size).toBe(1);
  });

  it('links a chat after an e-mail to the same customer and case', async () => {
    const email = await deliver(
      'email',
      emailPayload('My parcel has not arrived and it was due last week.', {
        messageId: '<x-1@example.com>',
        from: { address: 'xavier@example.com', name: 'Xavier Roy' },
        sentAt: ago(2),
      }),
    );
    const chat = await deliver(
      'chat',
      chatPayload('Still no parcel, I wrote by email too.', {
        conversationId: 'xavier-chat',
        customer: { name: 'Xavier Roy', email: 'XAVIER@example.com', phone: '+44 7700 900456' },
        turns: [{ role: 'customer', at: ago(1), text: 'Still no parcel, I wrote by email too.' }],
      }),
    );
    expect(chat.caseId).toBe(email.caseId);
    const c = await reader.getCase(chat.caseId);
    expect(c?.contactCount).toBe(2);
    expect(c?.brief?.timeline).toEqual([expect.objectContaining({ channel: 'email' })]);
  });

  it('shows a promise past due, recorded by staff, in the brief and the reasons', async () => {
    const from = { address: 'pia@example.com', name: 'Pia Lund' };
    const first = await deliver(
      'email',
      emailPayload('My refund has not arrived. Nobody called me back and I am cancelling.', {
        messageId: '<pia-1@example.com>',
        from,
        sentAt: ago(30),
      }),
    );
    await ops.recordOutcome(
      {
        caseId: first.caseId,
        kind: 'note',
        by: 'amara',
        actions: [{ what: 'asked finance to re-issue the refund', result: 'pending' }],
        promises: [{ text: 'refund confirmed by phone', dueAt: ago(5) }],
      },
      new Date(),
    );
    const second = await deliver(
      'email',
      emailPayload('Any news?', { messageId: '<pia-2@example.com>', from, sentAt: ago(1) }),
    );
    expect(second.caseId).toBe(first.caseId);
    expect(signals(second)).toContain('promise_past_due');
    const brief = (await reader.getCase(second.caseId))?.brief;
    expect(brief?.promises.broken).toEqual([expect.objectContaining({ text: 'refund confirmed by phone' })]);
    expect(brief?.alreadyTried).toEqual([
      expect.objectContaining({ what: 'asked finance to re-issue the refund (pending)' }),
    ]);
  });

  it('sends one alert (queue and topic) for five angry messages in ten minutes', async () => {
    const from = { address: 'five@example.com', name: 'Finn Five' };
    let caseId = '';
    for (let i = 0; i < 5; i++) {
      const d = await deliver(
        'email',
        emailPayload(
          `Message ${i}: third time asking, nobody called back, I am cancelling and calling my lawyer.`,
          {
            messageId: `<five-${i}@example.com>`,
            from,
            sentAt: new Date(Date.now() - (10 - 2 * i) * 60_000).toISOString(),
          },
        ),
      );
      caseId = d.caseId;
      expect(d.caseTier).toBe('critical');
    }
    expect(await alertsFor(caseId)).toHaveLength(1);
    const notices = (await peekAll(sqs, stack.alertNoticesUrl)).filter((m) =>
      (m.Body ?? '').includes(caseId),
    );
    expect(notices).toHaveLength(1);
    expect((await reader.getCase(caseId))?.contactCount).toBe(5);
  });

  it('escalates an unacknowledged case past its deadline once, and leaves an acknowledged one alone', async () => {
    const overdue = await deliver(
      'email',
      emailPayload('Third time: nobody called me back as promised. I am cancelling unless a manager calls.', {
        messageId: '<late-1@example.com>',
        from: { address: 'late@example.com', name: 'Lee Late' },
        sentAt: ago(1),
      }),
    );
    expect(overdue.caseTier).toBe('hot');
    const acked = await deliver(
      'email',
      emailPayload('Third time: nobody called me back as promised. I am cancelling.', {
        messageId: '<acked-1@example.com>',
        from: { address: 'acked@example.com', name: 'Ada Acked' },
        sentAt: ago(1),
      }),
    );
    await ops.recordOutcome(
      { caseId: acked.caseId, kind: 'acknowledged', by: 'bruno', actions: [], promises: [] },
      new Date(),
    );
    sweepAt = new Date(Date.now() + 6 * HOUR);
    const first = await stack.sweep();
    const again = await stack.sweep();
    expect(first.map((e) => e.caseId)).toContain(overdue.caseId);
    expect(first.map((e) => e.caseId)).not.toContain(acked.caseId);
    expect(again.map((e) => e.caseId)).not.toContain(overdue.caseId);
    const c = await reader.getCase(overdue.caseId);
    expect(c).toMatchObject({ tier: 'critical', escalationLevel: 1 });
    const escalations = (await alertsFor(overdue.caseId)).filter(
      (m) => m.MessageAttributes?.kind?.StringValue === 'escalation',
    );
    expect(escalations).toHaveLength(1);
    sweepAt = new Date();
  });

  it('gives a second hot case of an existing customer to the same owner', async () => {
    const from = { address: 'loyal@example.com', name: 'Lou Yal' };
    const first = await deliver(
      'email',
      emailPayload('Third time writing: nobody called me back and I am cancelling.', {
        messageId: '<loyal-1@example.com>',
        from,
        sentAt: ago(3),
      }),
    );
    const firstOwner = (await reader.getCase(first.caseId))?.owner;
    expect(firstOwner).toMatch(/amara|bruno/);
    await ops.recordOutcome(
      { caseId: first.caseId, kind: 'resolved', by: firstOwner ?? '', csat: 4, actions: [], promises: [] },
      new Date(),
    );
    const second = await deliver(
      'email',
      emailPayload('It broke again, third time now, nobody calls back, I will cancel.', {
        messageId: '<loyal-2@example.com>',
        from,
        sentAt: ago(1),
      }),
    );
    expect(second.caseId).not.toBe(first.caseId);
    expect((await reader.getCase(second.caseId))?.owner).toBe(firstOwner);
  });

  it('reports routing performance from stored decisions and outcomes', async () => {
    const report = buildReport(
      (await reader.allCases()).map((c) => ({
        tier: c.tier,
        openedAt: c.openedAt,
        acknowledgedAt: c.acknowledgedAt,
        escalationLevel: c.escalationLevel,
        ...(c.closedAs ? { closedAs: c.closedAs } : {}),
      })),
      1,
    );
    const hot = report.rows.filter((r) => r.tier === 'hot' || r.tier === 'critical');
    expect(hot.reduce((s, r) => s + r.cases, 0)).toBeGreaterThanOrEqual(4);
    expect(hot.reduce((s, r) => s + r.acknowledged, 0)).toBeGreaterThanOrEqual(1);
    expect(report.suggestions.length).toBeGreaterThan(0);
  });
});
