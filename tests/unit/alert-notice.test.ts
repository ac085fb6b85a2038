import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsRoutingPublisher } from '../../functions/adapters/sqs/routing-publisher.ts';
import { alertNotice, alertNoticeSchema } from '../../functions/core/alerts/notice.ts';
import { noticeSubject, noticeText } from '../../functions/core/alerts/notice-text.ts';
import type { RoutingMessage } from '../../functions/core/routing/messages.ts';
import { DEFAULT_THRESHOLDS } from '../../functions/core/scoring/tier.ts';
import { triageContact } from '../../functions/core/triage.ts';
import { aContact } from '../helpers/factories.ts';
import { fixedTextModel, RecordingPublisher } from '../helpers/fakes.ts';
import { MemoryCaseStore } from '../helpers/memory-store.ts';

type Alert = Extract<RoutingMessage, { kind: 'alert' }>;

const CUSTOMER_TEXT =
  'Third time asking about my refund. You promised a call back by Friday. I am cancelling.';

/** A real alert from the triage core, brief and all: the notice must leave the customer's words behind. */
async function realAlert(): Promise<Alert> {
  const publisher = new RecordingPublisher();
  await triageContact(
    aContact({
      text: CUSTOMER_TEXT,
      identity: { email: 'dana.whitfield@example.com', phone: '+44 7700 900123' },
      displayName: 'Dana Whitfield',
    }),
    {
      store: new MemoryCaseStore(),
      publisher,
      textModel: fixedTextModel(0.95),
      thresholds: DEFAULT_THRESHOLDS,
      clock: () => new Date('2026-11-20T12:00:00Z'),
    },
  );
  const alert = publisher.published.find((m): m is Alert => m.kind === 'alert');
  if (!alert) throw new Error(`expected an alert, got ${publisher.published.map((m) => m.kind).join(', ')}`);
  return alert;
}

const PERSONAL = ['refund', 'Friday', 'cancelling', 'dana', 'Whitfield', '7700', 'example.com'];

describe('alert notice', () => {
  it('carries ids, scores, the top reasons with weights, owner and deadline', async () => {
    // Prepare
    const alert = await realAlert();

    // Act
    const notice = alertNotice(alert);

    // Assess
    expect(notice).toEqual({
      kind: 'alert',
      alertId: alert.alertId,
      caseId: alert.caseId,
      tier: alert.tier,
      frustration: alert.frustration,
      viralRisk: alert.viralRisk,
      reasons: alert.brief.whyHeated.slice(0, 5).map((r) => ({ signal: r.signal, weight: r.weight })),
      owner: alert.owner,
      deadline: alert.deadline,
    });
    expect(notice.kind === 'alert' && notice.reasons.length).toBeGreaterThan(1);
    expect(alertNoticeSchema.parse(JSON.parse(JSON.stringify(notice)))).toEqual(notice);
  });

  it('holds no customer words, name, address or phone number, in JSON or in the e-mail text', async () => {
    const alert = await realAlert();
    // The brief itself does carry them: that is what the notice must not copy.
    expect(JSON.stringify(alert.brief)).toContain('refund');
    expect(JSON.stringify(alert.brief)).toContain('dana.whitfield@example.com');

    const notice = alertNotice(alert);
    const forms = [JSON.stringify(notice), noticeText(notice), noticeSubject(notice)]
      .join('\n')
      .toLowerCase();

    for (const word of PERSONAL) expect(forms).not.toContain(word.toLowerCase());
  });

  it('words an escalation and an incident without the incident summary or its terms', () => {
    const escalation = alertNotice({
      kind: 'escalation',
      alertId: 'a_esc',
      caseId: 'k_case',
      tier: 'critical',
      level: 2,
      owner: 'amara',
      deadline: '2026-11-20T13:00:00.000Z',
      because: 'deadline 2026-11-20T12:00:00.000Z passed without acknowledgement by amara',
      briefText: `CASE k_case … ${CUSTOMER_TEXT}`,
    });
    const incident = alertNotice({
      kind: 'incident',
      alertId: 'a_inc',
      incidentId: 'i_1',
      caseId: 'k_first',
      tier: 'critical',
      topic: 'app',
      windowStart: '2026-11-20T11:45:00.000Z',
      windowEnd: '2026-11-20T12:00:00.000Z',
      mentions: 240,
      expected: 12,
      topTerms: ['crashes', 'login'],
      exampleCaseIds: ['k_first', 'k_second'],
      openedAt: '2026-11-20T12:00:01.000Z',
      summary: 'Incident i_1: … Top terms: crashes, login.',
    });

    expect(noticeText(escalation)).toBe(
      'Case k_case escalated to critical (level 2): deadline 2026-11-20T12:00:00.000Z passed without acknowledgement by amara.\n' +
        'Owner: amara. New deadline 2026-11-20T13:00:00.000Z.\nAlert a_esc.',
    );
    expect(JSON.stringify(escalation)).not.toContain('refund');
    expect(noticeSubject(incident)).toBe('Flashpoint: incident i_1 (app)');
    expect(noticeText(incident)).toContain('240 mentions');
    expect(JSON.stringify(incident)).not.toMatch(/crashes|login|summary|briefText/);
  });
});

describe('alerts topic publish (SNS part of the routing publisher)', () => {
  it('publishes one structured notice: text for e-mail, the JSON object for queues', async () => {
    // Prepare
    const alert = await realAlert();
    const published: Record<string, unknown>[] = [];
    const sns = {
      send: async (command: { input: Record<string, unknown> }) => published.push(command.input),
    };
    const sqs = { send: async () => ({}) };
    const publisher = new SqsRoutingPublisher(
      sqs as unknown as SQSClient,
      { senior: 'http://sqs.local/senior', normal: 'http://sqs.local/normal' },
      { sns: sns as unknown as SNSClient, topicArn: 'arn:aws:sns:us-east-1:000000000000:alerts' },
    );

    // Act
    await publisher.publish(alert);

    // Assess
    expect(published).toHaveLength(1);
    const input = published[0] ?? {};
    expect(input).toMatchObject({
      MessageStructure: 'json',
      Subject: `Flashpoint: ${alert.tier} case ${alert.caseId}`,
      MessageAttributes: {
        alertId: { DataType: 'String', StringValue: alert.alertId },
        kind: { DataType: 'String', StringValue: 'alert' },
      },
    });
    const structure = JSON.parse(String(input.Message)) as Record<string, string>;
    expect(Object.keys(structure).sort()).toEqual(['default', 'email', 'lambda', 'sqs']);
    expect(structure.email).toBe(noticeText(alertNotice(alert)));
    expect(structure.default).toBe(structure.email);
    expect(alertNoticeSchema.parse(JSON.parse(structure.sqs ?? ''))).toEqual(alertNotice(alert));
    expect(String(input.Message).toLowerCase()).not.toContain('refund');
  });
});
