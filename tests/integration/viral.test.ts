import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { ADAPTERS } from '../../functions/core/channels/index.ts';
import type { Channel } from '../../functions/core/contact.ts';
import { sendToIntake } from '../../local/replay.ts';
import type { LocalStack } from '../../local/stack.ts';
import { emailPayload, socialPayload } from '../helpers/factories.ts';
import { openTestStack, peekAll, type TestStackClients } from '../helpers/local-stack.ts';

let stack: LocalStack;
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

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const signals = (score: { reasons: readonly { signal: string }[] }) => score.reasons.map((r) => r.signal);

async function contactIdOf(channel: Channel, body: string): Promise<string> {
  return (await ADAPTERS[channel].toContact(body, { receivedAt: new Date().toISOString() })).id;
}

/** Sends one message, waits for the pipeline, and returns the stored decision of its contact. */
async function deliver(channel: Channel, body: string) {
  await sendToIntake(sqs, stack.queues, channel, body);
  await stack.drain();
  const id = await contactIdOf(channel, body);
  const decision = await reader.decisionFor(id);
  if (!decision) throw new Error(`contact ${id} was not triaged`);
  return decision;
}

describe('viral risk and brand-wide spikes on the local stack', () => {
  it('gives a verified 80k-follower post that threatens the press a high viral risk, with reach and threat reasons', async () => {
    const d = await deliver(
      'social',
      socialPayload({
        postId: 'press-1',
        author: { handle: '@jordan', followers: 80_000, verified: true },
        text: 'Three weeks without a fridge. Talking to the press tomorrow.',
        postedAt: minutesAgo(20),
        engagement: { reposts: 140, replies: 60, likes: 900, readAt: minutesAgo(0) },
      }),
    );
    expect(d.viralRisk.score).toBeGreaterThanOrEqual(75);
    expect(signals(d.viralRisk)).toEqual(
      expect.arrayContaining(['public_channel', 'author_reach', 'verified_author', 'threat_to_go_public']),
    );
    expect(d.caseTier).toMatch(/hot|critical/);
  });

  it('finds a threat to go public inside a private e-mail', async () => {
    const d = await deliver(
      'email',
      emailPayload(
        "The replacement still hasn't come. If this isn't fixed by Friday I'll post this everywhere.",
        {
          messageId: '<threat-1@example.com>',
          from: { address: 'quiet.quinn@example.com', name: 'Quinn Q' },
          sentAt: minutesAgo(5),
        },
      ),
    );
    expect(signals(d.viralRisk)).toContain('threat_to_go_public');
    expect(d.viralRisk.reasons.find((r) => r.signal === 'threat_to_go_public')?.detail).toContain('private');
  });

  it('opens exactly one incident for 200 mentions of one topic within minutes, alerts once, and links every case', async () => {
    const bodies = Array.from({ length: 200 }, (_, i) =>
      socialPayload({
        postId: `spike-${i}`,
        author: { handle: `@fan${i}`, followers: 150 + i, verified: false },
        text: `The app logs me out every time I open it this morning #${i}`,
        postedAt: new Date(Date.now() - 180_000 + i * 500).toISOString(),
        engagement: undefined,
      }),
    );
    for (let i = 0; i < bodies.length; i += 10) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: stack.queues.socialIntake.url,
          Entries: bodies.slice(i, i + 10).map((body, k) => ({ Id: `m${i + k}`, MessageBody: body })),
        }),
      );
    }
    await stack.drain(90_000);

    const incidents = (await peekAll(sqs, stack.queues.senior.url)).filter(
      (m) => m.MessageAttributes?.kind?.StringValue === 'incident',
    );
    expect(incidents).toHaveLength(1);
    const alert = JSON.parse(incidents[0]?.Body ?? '{}') as {
      incidentId: string;
      topic: string;
      mentions: number;
      topTerms: string[];
      exampleCaseIds: string[];
    };
    expect(alert).toMatchObject({ topic: 'app', mentions: expect.any(Number) });
    expect(alert.mentions).toBeGreaterThanOrEqual(20);
    expect(alert.exampleCaseIds).toHaveLength(5);
    expect(alert.topTerms).toEqual(expect.arrayContaining(['logs', 'morning']));

    const caseIds = new Set<string>();
    for (const body of bodies) {
      const decision = await reader.decisionFor(await contactIdOf('social', body));
      expect(decision?.incidentId).toBe(alert.incidentId);
      expect(signals(decision?.viralRisk ?? { reasons: [] })).toContain('brand_spike');
      const c = await reader.getCase(decision?.caseId ?? '');
      expect(c?.incidentId).toBe(alert.incidentId);
      expect(c?.tier).toMatch(/hot|critical/);
      caseIds.add(decision?.caseId ?? '');
    }
    expect(caseIds.size).toBe(200);
    expect(await reader.getIncident(alert.incidentId)).toMatchObject({ linkedContacts: 200 });

    // One notice on the alerts topic, and no per-case alert or notice for any case of the incident.
    const notices = await peekAll(sqs, stack.alertNoticesUrl);
    expect(notices.filter((m) => (m.Body ?? '').includes(alert.incidentId))).toHaveLength(1);
    const perCase = [...(await peekAll(sqs, stack.queues.senior.url)), ...notices].filter(
      (m) =>
        !(m.Body ?? '').includes(alert.incidentId) && [...caseIds].some((id) => (m.Body ?? '').includes(id)),
    );
    expect(perCase).toEqual([]);
  });

  it('updates one case when the same mention is ingested three times with rising counts', async () => {
    const postedAt = minutesAgo(30);
    const at = (minutes: number) => new Date(Date.parse(postedAt) + minutes * 60_000).toISOString();
    const snapshot = (minutes: number, reposts: number, replies: number, likes: number) =>
      socialPayload({
        postId: 'rising-1',
        author: { handle: '@casey', followers: 3_000, verified: false },
        text: 'My parcel has been stuck for a week and nobody answers.',
        postedAt,
        engagement: { reposts, replies, likes, readAt: at(minutes) },
      });
    const scores = [];
    let caseId = '';
    for (const body of [snapshot(10, 1, 2, 5), snapshot(20, 40, 30, 200), snapshot(30, 400, 300, 3_000)]) {
      const d = await deliver('social', body);
      scores.push(d.viralRisk.score);
      caseId = d.caseId;
    }
    expect(scores[1]).toBeGreaterThan(scores[0] ?? 100);
    expect(scores[2]).toBeGreaterThan(scores[1] ?? 100);

    const c = await reader.getCase(caseId);
    expect(c).toMatchObject({ contactCount: 1, viralRisk: scores[2] });
    const casePartition = await partition(`CASE#${caseId}`);
    expect(casePartition.filter((i) => String(i.SK).startsWith('DECISION#'))).toHaveLength(1);
    const timeline = (await partition(`CUSTOMER#${c?.customerId}`)).filter((i) =>
      String(i.SK).startsWith('CONTACT#'),
    );
    expect(timeline).toHaveLength(1);
    // The second snapshot took it to hot: one alert for that tier, none for the third.
    expect(c?.tier).toBe('hot');
    const alerts = (await peekAll(sqs, stack.queues.senior.url)).filter(
      (m) => m.MessageAttributes?.caseId?.StringValue === caseId,
    );
    expect(alerts).toHaveLength(1);
  });
});
