import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redriveLocal } from '../../cli/dlq/redrive.ts';
import { SqsRoutingPublisher } from '../../functions/adapters/sqs/routing-publisher.ts';
import { decide } from '../../functions/core/decision.ts';
import { emptyHistory } from '../../functions/core/history.ts';
import { alertIdFor } from '../../functions/core/ids.ts';
import type { RoutingMessage } from '../../functions/core/routing/messages.ts';
import { DEFAULT_THRESHOLDS } from '../../functions/core/scoring/tier.ts';
import { createSqsClient } from '../../functions/shared/clients.ts';
import type { RunningServer } from '../../local/dynamodb-local.ts';
import { startLocalSqs } from '../../local/fauxqs.ts';
import { inspectLocalQueue } from '../../local/inspect-queue.ts';
import { createQueues, type LocalQueues } from '../../local/provision.ts';
import { aContact } from '../helpers/factories.ts';

const angry = "This is the third time I'm writing. Nobody called me back as promised and I'm cancelling.";

let server: RunningServer;
let sqs: SQSClient;
let queues: LocalQueues;
let publisher: SqsRoutingPublisher;

beforeAll(async () => {
  server = await startLocalSqs(0, 'FLASHPOINT_SQS_PORT');
  sqs = createSqsClient({ region: 'us-east-1', sqsEndpoint: server.endpoint });
  queues = await createQueues(sqs, { prefix: 'senior-test-', visibilityTimeoutSeconds: 1 });
  publisher = new SqsRoutingPublisher(sqs, { senior: queues.senior.url, normal: queues.normal.url });
});

afterAll(async () => {
  sqs?.destroy();
  await server?.stop();
});

/** A real alert, as triage decides it for an angry first contact. */
function anAlert(): Extract<RoutingMessage, { kind: 'alert' }> {
  const contact = aContact({ text: angry });
  const { routing } = decide({
    contact,
    tone: { negative: 0.95, model: 'fixed' },
    languageConfident: true,
    history: emptyHistory('u_senior_test'),
    roster: [],
    thresholds: DEFAULT_THRESHOLDS,
    now: new Date('2026-11-20T12:00:00Z'),
  });
  if (routing?.kind !== 'alert') throw new Error(`expected an alert, got ${routing?.kind}`);
  return routing;
}

/** What the queue's consumer gets: receive, delete, until nothing is left. */
async function consume(url: string): Promise<Message[]> {
  const taken: Message[] = [];
  for (let round = 0; round < 50; round++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) break;
    taken.push(...Messages);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
  }
  return taken;
}

const alertIdOf = (m: Message) => m.MessageAttributes?.alertId?.StringValue;

describe('the senior queue is FIFO, de-duplicated by alertId', () => {
  it('is created as a FIFO queue with a FIFO dead-letter queue', () => {
    expect(queues.senior.url).toMatch(/Senior\.fifo$/);
    expect(queues.senior.dlqUrl).toMatch(/SeniorDlq\.fifo$/);
    expect(queues.normal.url).not.toMatch(/\.fifo$/);
  });

  it("hands a consumer an alert re-published by a retried triage once, and each case's alerts in order", async () => {
    // Prepare
    const base = anAlert();
    const hot = { ...base, tier: 'hot' as const, alertId: alertIdFor(base.caseId, 'hot') };
    const critical = { ...base, tier: 'critical' as const, alertId: alertIdFor(base.caseId, 'critical') };
    const escalation: RoutingMessage = {
      kind: 'escalation',
      alertId: alertIdFor(hot.caseId, 'escalation-1'),
      caseId: hot.caseId,
      tier: 'critical',
      level: 1,
      owner: null,
      deadline: '2026-11-20T13:00:00.000Z',
      because: 'deadline passed without acknowledgement',
      briefText: hot.briefText,
    };

    // Act: the hot alert three times (a crash before markRouted, twice), as triage re-publishes it.
    for (const m of [hot, hot, critical, hot, escalation]) await publisher.publish(m);

    // Assess
    const taken = await consume(queues.senior.url);
    expect(taken.map(alertIdOf)).toEqual([hot.alertId, critical.alertId, escalation.alertId]);
    expect(taken.map((m) => m.Attributes?.MessageGroupId)).toEqual([hot.caseId, hot.caseId, hot.caseId]);
    expect(taken.map((m) => m.Attributes?.MessageDeduplicationId)).toEqual(taken.map(alertIdOf));
    expect(JSON.parse(taken[0]?.Body ?? '{}')).toMatchObject({ kind: 'alert', tier: 'hot' });

    // Within the 5-minute window the copy is dropped even after the first was consumed and deleted.
    await publisher.publish(hot);
    expect(await consume(queues.senior.url)).toEqual([]);
  });

  it('groups an incident alert by its incident, and leaves the normal queue a standard one', async () => {
    // Prepare
    const incident: RoutingMessage = {
      kind: 'incident',
      alertId: alertIdFor('i_senior_test', 'incident'),
      incidentId: 'i_senior_test',
      caseId: 'k_senior_test',
      tier: 'critical',
      topic: 'delivery',
      windowStart: '2026-11-20T11:00:00.000Z',
      windowEnd: '2026-11-20T11:30:00.000Z',
      mentions: 40,
      expected: 3,
      topTerms: ['late'],
      exampleCaseIds: ['k_senior_test'],
      openedAt: '2026-11-20T11:30:00.000Z',
      summary: '40 mentions of delivery in 30 min',
    };
    const normal: RoutingMessage = {
      kind: 'normal',
      caseId: 'k_calm',
      contactId: 'c_calm',
      tier: 'calm',
      frustration: 5,
      viralRisk: 1,
      reasons: [],
    };

    // Act
    await publisher.publish(incident);
    await publisher.publish(normal);
    await publisher.publish(normal);

    // Assess
    const [taken] = await consume(queues.senior.url);
    expect(taken?.Attributes?.MessageGroupId).toBe('i_senior_test');
    expect((await consume(queues.normal.url)).map((m) => m.Attributes?.MessageGroupId)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it("redrives every message of a FIFO dead-letter queue, though it shows only each group's first", async () => {
    // Prepare: three alerts of one case and one of another dead-lettered; one alertId was sent to the
    // senior queue a moment ago, inside the deduplication window.
    const recent = anAlert();
    await publisher.publish(recent);
    await consume(queues.senior.url);
    const dead = [
      { group: 'k_one', alertId: recent.alertId },
      { group: 'k_one', alertId: 'a_two' },
      { group: 'k_one', alertId: 'a_three' },
      { group: 'k_other', alertId: 'a_four' },
    ];
    for (const d of dead) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queues.senior.dlqUrl,
          MessageBody: JSON.stringify({ alertId: d.alertId }),
          MessageGroupId: d.group,
          MessageDeduplicationId: d.alertId,
          MessageAttributes: { alertId: { DataType: 'String', StringValue: d.alertId } },
        }),
      );
    }
    expect(await inspectLocalQueue(queues.senior.dlqUrl)).toHaveLength(4);

    // Act
    const result = await redriveLocal(sqs, queues.senior);

    // Assess: all four back, in order within their group, none dropped as a duplicate.
    expect(result).toEqual({ moved: 4, rejectedBefore: 0 });
    expect(await inspectLocalQueue(queues.senior.dlqUrl)).toEqual([]);
    const back = await consume(queues.senior.url);
    expect(back.filter((m) => m.Attributes?.MessageGroupId === 'k_one').map(alertIdOf)).toEqual([
      recent.alertId,
      'a_two',
      'a_three',
    ]);
    expect(back.map(alertIdOf)).toContain('a_four');
  });
});
