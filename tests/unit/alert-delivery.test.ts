import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedSecretString } from '../../functions/adapters/secrets/secret-string.ts';
import { FetchWebhookPoster } from '../../functions/adapters/webhook/webhook-poster.ts';
import { createAlertDeliveryHandler } from '../../functions/alerts/create-handler.ts';
import { noticeFromBody } from '../../functions/alerts/notice-body.ts';
import {
  type DeliveryClaim,
  type DeliveryLog,
  deliverAlert,
  type WebhookPort,
} from '../../functions/core/alerts/delivery.ts';
import type { AlertNotice } from '../../functions/core/alerts/notice.ts';
import type { SlackMessage } from '../../functions/core/alerts/slack-message.ts';
import { RejectionError, RetryableError } from '../../functions/core/errors.ts';
import { freePort } from '../../local/ports.ts';
import { lambdaContext, sqsEvent, sqsRecord } from '../helpers/factories.ts';
import { quietObservability, RecordingDeadLetters } from '../helpers/fakes.ts';

const NOTICE: AlertNotice = {
  kind: 'alert',
  alertId: 'a_1',
  caseId: 'k_1',
  tier: 'hot',
  frustration: 70,
  viralRisk: 12,
  reasons: [{ signal: 'broken_promise', weight: 16 }],
  owner: null,
  deadline: '2026-11-20T16:00:00.000Z',
};

/** The DynamoDB log's rules, in memory: one claim at a time, a delivered record is final. */
class MemoryDeliveryLog implements DeliveryLog {
  readonly items = new Map<
    string,
    { state: 'sending' | 'delivered'; token?: string; leaseUntil?: number; at?: string }
  >();
  failMarkDelivered = false;
  private next = 0;

  async claim(alertId: string, now: Date, leaseMs: number): Promise<DeliveryClaim> {
    const item = this.items.get(alertId);
    if (item?.state === 'delivered') return { outcome: 'delivered', deliveredAt: item.at ?? '' };
    if (item && (item.leaseUntil ?? 0) > now.getTime()) {
      return { outcome: 'busy', leaseUntil: new Date(item.leaseUntil ?? 0).toISOString() };
    }
    const token = `t${++this.next}`;
    this.items.set(alertId, { state: 'sending', token, leaseUntil: now.getTime() + leaseMs });
    return { outcome: 'claimed', token };
  }
  async markDelivered(alertId: string, token: string, at: Date): Promise<void> {
    if (this.failMarkDelivered) throw new Error('ProvisionedThroughputExceededException');
    if (this.items.get(alertId)?.token !== token) throw new Error('ConditionalCheckFailed');
    this.items.set(alertId, { state: 'delivered', at: at.toISOString() });
  }
  async release(alertId: string, token: string): Promise<void> {
    if (this.items.get(alertId)?.token === token) this.items.delete(alertId);
  }
}

/** A webhook answering the given statuses in turn (the last one forever), recording what it received. */
class ScriptedWebhook implements WebhookPort {
  readonly received: SlackMessage[] = [];
  constructor(private readonly statuses: number[]) {}
  async post(message: SlackMessage) {
    this.received.push(message);
    const status = this.statuses.length > 1 ? (this.statuses.shift() ?? 200) : (this.statuses[0] ?? 200);
    return { status, detail: status === 400 ? 'invalid_payload' : 'ok' };
  }
}

function deps(webhook: WebhookPort, log = new MemoryDeliveryLog()) {
  return { webhook, log, clock: () => new Date('2026-11-20T12:00:00Z'), leaseMs: 30_000 };
}

describe('deliverAlert', () => {
  it('posts once; a second delivery of the same alert finds the record and does not post', async () => {
    const webhook = new ScriptedWebhook([200]);
    const d = deps(webhook);

    const first = await deliverAlert(NOTICE, d);
    const second = await deliverAlert(NOTICE, d);

    expect(first).toEqual({ status: 'delivered', httpStatus: 200, recorded: true });
    expect(second).toEqual({ status: 'already_delivered', deliveredAt: '2026-11-20T12:00:00.000Z' });
    expect(webhook.received).toHaveLength(1);
  });

  it('on a 500 throws a RetryableError and frees the claim, so the retry posts and is recorded', async () => {
    const webhook = new ScriptedWebhook([500, 200]);
    const d = deps(webhook);

    await expect(deliverAlert(NOTICE, d)).rejects.toThrow(RetryableError);
    expect(d.log.items.has('a_1')).toBe(false);
    await expect(deliverAlert(NOTICE, d)).resolves.toMatchObject({ status: 'delivered' });
    expect(webhook.received).toHaveLength(2);
    expect(d.log.items.get('a_1')?.state).toBe('delivered');
  });

  it('on a 400 throws a RejectionError with the reason', async () => {
    const d = deps(new ScriptedWebhook([400]));
    await expect(deliverAlert(NOTICE, d)).rejects.toThrow(
      new RejectionError(
        'webhook_rejected',
        'webhook answered 400 (invalid_payload): check the webhook address and that its channel still exists, then redrive',
      ),
    );
    expect(d.log.items.has('a_1')).toBe(false);
  });

  it('does not post while another invocation holds the claim', async () => {
    const webhook = new ScriptedWebhook([200]);
    const d = deps(webhook);
    await d.log.claim('a_1', d.clock(), 30_000);

    await expect(deliverAlert(NOTICE, d)).rejects.toThrow(/being posted by another invocation/);
    expect(webhook.received).toHaveLength(0);
  });

  it('reports success, unrecorded, when the post went out but the record could not be written', async () => {
    const d = deps(new ScriptedWebhook([200]));
    d.log.failMarkDelivered = true;
    await expect(deliverAlert(NOTICE, d)).resolves.toEqual({
      status: 'delivered',
      httpStatus: 200,
      recorded: false,
    });
  });
});

describe('alert-delivery handler', () => {
  function setup(statuses: number[]) {
    const webhook = new ScriptedWebhook(statuses);
    const deadLetters = new RecordingDeadLetters();
    const handler = createAlertDeliveryHandler({ ...deps(webhook), deadLetters, ...quietObservability() });
    return { webhook, deadLetters, handler };
  }

  it('fails only the record the webhook answered 503 for, and dead-letters the malformed one with its reason', async () => {
    const { deadLetters, handler } = setup([503, 200]);
    const retried = sqsRecord(JSON.stringify(NOTICE));
    const ok = sqsRecord(JSON.stringify({ ...NOTICE, alertId: 'a_2' }));
    const bad = sqsRecord(JSON.stringify({ ...NOTICE, tier: 'lukewarm' }));

    const response = await handler(sqsEvent(retried, ok, bad), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: retried.messageId }]);
    expect(deadLetters.rejected.map((r) => [r.messageId, r.code])).toEqual([
      [bad.messageId, 'invalid_notice'],
    ]);
    expect(deadLetters.rejected[0]?.reason).toContain("'tier'");
  });

  it('dead-letters a notice the webhook refuses with 400, naming the status', async () => {
    const { deadLetters, handler } = setup([400]);
    const record = sqsRecord(JSON.stringify(NOTICE));
    const response = await handler(sqsEvent(record), lambdaContext());
    expect(response.batchItemFailures).toEqual([]);
    expect(deadLetters.rejected).toEqual([
      expect.objectContaining({
        code: 'webhook_rejected',
        reason: expect.stringContaining('400 (invalid_payload)'),
      }),
    ]);
  });
});

describe('notice body', () => {
  it('reads the raw notice (AWS), the whole MessageStructure document (fauxqs) and an SNS envelope alike', () => {
    const raw = JSON.stringify(NOTICE);
    const structure = JSON.stringify({ default: 'text', email: 'text', sqs: raw });
    const envelope = JSON.stringify({ Type: 'Notification', MessageId: 'm', Message: structure });
    expect([raw, structure, envelope].map(noticeFromBody)).toEqual([NOTICE, NOTICE, NOTICE]);
  });

  it('rejects a body that is not JSON', () => {
    expect(() => noticeFromBody('Case k_1 is hot')).toThrow(
      new RejectionError('malformed_json', 'alert notice is not valid JSON'),
    );
  });
});

describe('FetchWebhookPoster (against a loopback HTTP server)', () => {
  let server: Server;
  let base = '';
  const bodies: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        bodies.push(body);
        if (req.url === '/slow') return; // never answers
        if (req.url === '/moved') {
          res.writeHead(302, { location: '/elsewhere' }).end();
          return;
        }
        res
          .writeHead(400, { 'content-type': 'text/plain' })
          .end(`invalid_payload <script>\n${'x'.repeat(500)}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const message: SlackMessage = { text: 'hello', blocks: [] };

  it('POSTs the JSON and returns the status with a short, sanitised detail', async () => {
    const poster = new FetchWebhookPoster({ url: async () => `${base}/hook`, timeoutMs: 2_000 });
    const response = await poster.post(message);
    expect(response.status).toBe(400);
    expect(response.detail).toMatch(/^invalid_payload script x+$/);
    expect(response.detail.length).toBeLessThanOrEqual(100);
    expect(bodies.at(-1)).toBe(JSON.stringify(message));
  });

  it('answers a redirect with its status instead of following it', async () => {
    const poster = new FetchWebhookPoster({ url: async () => `${base}/moved`, timeoutMs: 2_000 });
    await expect(poster.post(message)).resolves.toMatchObject({ status: 302 });
  });

  it('turns no answer into a RetryableError that does not repeat the (secret) address', async () => {
    const poster = new FetchWebhookPoster({ url: async () => `${base}/slow`, timeoutMs: 200 });
    const error = await poster.post(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toBe('webhook gave no answer: no answer within 200 ms');
  });

  it('names a refused connection by its code only', async () => {
    const closed = await freePort();
    const poster = new FetchWebhookPoster({
      url: async () => `http://127.0.0.1:${closed}/services/T000/B000/SECRET`,
      timeoutMs: 2_000,
    });
    const error = (await poster.post(message).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('webhook gave no answer: ECONNREFUSED');
  });
});

describe('cachedSecretString', () => {
  it('fetches once per max age, and does not keep a failure', async () => {
    let now = 0;
    const answers: (string | Error)[] = [
      new Error('ThrottlingException'),
      ' https://hooks.example/1 \n',
      'https://hooks.example/2',
    ];
    let calls = 0;
    const client = {
      send: async () => {
        calls++;
        const next = answers.shift();
        if (next instanceof Error) throw next;
        return { SecretString: next };
      },
    };
    const secret = cachedSecretString(client as never, 'flashpoint/alert-webhook', 60_000, () => now);

    await expect(secret()).rejects.toThrow('ThrottlingException');
    await expect(secret()).resolves.toBe('https://hooks.example/1');
    now = 59_999;
    await expect(secret()).resolves.toBe('https://hooks.example/1');
    now = 120_000;
    await expect(secret()).resolves.toBe('https://hooks.example/2');
    expect(calls).toBe(3);
  });
});
